import { describe, expect, it } from 'vitest';
import { EXECUTION_STATUSES, STEP_STATUSES } from '../src/index.js';

describe('statuses', () => {
  it('lists every execution status once', () => {
    expect(new Set(EXECUTION_STATUSES).size).toBe(EXECUTION_STATUSES.length);
    expect(EXECUTION_STATUSES).toContain('PARTIAL');
  });
  it('lists every step status once', () => {
    expect(new Set(STEP_STATUSES).size).toBe(STEP_STATUSES.length);
    expect(STEP_STATUSES).toContain('RETRYING');
  });
});
