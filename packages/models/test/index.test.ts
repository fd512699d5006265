import { describe, expect, it } from 'vitest';
import { EXECUTION_STATUSES } from '@atom/workflow-engine';
import { WORKFLOW_EXECUTION_STATUSES } from '../src/index.js';

describe('workflow statuses', () => {
  it('come from the engine', () => {
    expect(WORKFLOW_EXECUTION_STATUSES).toEqual(EXECUTION_STATUSES);
  });
});
