import type {
  ExecutionResult,
  ExecutionResultBase,
  ExecutionSnapshot,
  StepStatus,
} from '@atom/workflow-engine';

/** Statuses at which `result` settles: terminal, or PAUSED (waiting for `resume`). */
export const SETTLED_STATUSES: ReadonlySet<string> = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'PARTIAL',
  'PAUSED',
]);

/** Terminal execution statuses. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'PARTIAL',
]);

/** The engine's {@link ExecutionResult} of a settled stored execution. */
export function resultOf(snapshot: ExecutionSnapshot): ExecutionResult {
  const outputs: Record<string, unknown> = {};
  const steps: Record<string, StepStatus> = {};
  const fallbackUsed: string[] = [];
  const failed: string[] = [];
  for (const record of Object.values(snapshot.steps)) {
    steps[record.stepId] = record.status;
    if (record.status === 'COMPLETED') {
      outputs[record.stepId] = record.output;
      if (record.fallbackUsed) fallbackUsed.push(record.stepId);
    }
    if (record.status === 'FAILED') failed.push(record.stepId);
  }
  const base: ExecutionResultBase = {
    executionId: snapshot.executionId,
    outputs,
    steps,
    fallbackUsed,
  };
  switch (snapshot.status) {
    case 'COMPLETED':
      return { ...base, status: 'COMPLETED' };
    case 'PARTIAL':
      return { ...base, status: 'PARTIAL', failedSteps: failed };
    case 'PAUSED':
      return { ...base, status: 'PAUSED', missingInputs: snapshot.missingInputs };
    case 'CANCELLED':
      return snapshot.error === null
        ? { ...base, status: 'CANCELLED' }
        : { ...base, status: 'CANCELLED', reason: snapshot.error.message };
    default: {
      const error = snapshot.error ?? { name: 'Error', message: `status ${snapshot.status}` };
      const stepId = failed.find((id) => snapshot.steps[id]?.error?.message === error.message);
      return stepId === undefined
        ? { ...base, status: 'FAILED', error }
        : { ...base, status: 'FAILED', error, stepId };
    }
  }
}
