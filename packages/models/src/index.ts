import { EXECUTION_STATUSES } from '@atom/workflow-engine';

/** Workflow execution statuses, imported from `@atom/workflow-engine` so the enum never drifts. */
export const WORKFLOW_EXECUTION_STATUSES: typeof EXECUTION_STATUSES = EXECUTION_STATUSES;
