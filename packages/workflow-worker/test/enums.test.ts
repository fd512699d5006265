// @atom/models keeps its own copy of the workflow status lists (it depends on no other package of
// ours): they must equal the engine's, in order, and so must the Postgres enums built from them.
import { schema } from '@atom/models';
import { EXECUTION_STATUSES, STEP_STATUSES } from '@atom/workflow-engine';
import { describe, expect, it } from 'vitest';

describe('workflow status enums', () => {
  it('models execution statuses equal the engine EXECUTION_STATUSES', () => {
    expect([...schema.WORKFLOW_EXECUTION_STATUSES]).toEqual([...EXECUTION_STATUSES]);
    expect(schema.workflowExecutionStatus.enumValues).toEqual([...EXECUTION_STATUSES]);
  });

  it('models step statuses equal the engine STEP_STATUSES', () => {
    expect([...schema.WORKFLOW_STEP_STATUSES]).toEqual([...STEP_STATUSES]);
    expect(schema.workflowStepStatus.enumValues).toEqual([...STEP_STATUSES]);
  });
});
