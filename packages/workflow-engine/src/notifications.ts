import type { EngineEvent } from './events.js';

/** Atom's websocket notification statuses (`workflow:status` events). */
export type AtomNotificationStatus =
  | 'RUNNING'
  | 'STEP_RUNNING'
  | 'STEP_COMPLETED'
  | 'STEP_FAILED'
  | 'STEP_SKIPPED'
  | 'PAUSED'
  | 'COMPLETED'
  | 'FAILED'
  | 'PARTIAL'
  | 'CANCELLED';

/** An Atom notification: `{ execution_id, status, data }`. */
export interface AtomNotification {
  execution_id: string;
  status: AtomNotificationStatus;
  data?: Record<string, unknown>;
}

/**
 * Maps an engine event to the notification Atom's front end expects, or `undefined` for events
 * Atom has no name for (`execution.resumed`, `step.retrying`, `step.paused`, `step.cancelled`).
 */
export function toAtomNotification(event: EngineEvent): AtomNotification | undefined {
  const execution_id = event.executionId;
  switch (event.type) {
    case 'execution.started':
      return { execution_id, status: 'RUNNING' };
    case 'execution.paused':
      return {
        execution_id,
        status: 'PAUSED',
        data: {
          reason: 'missing_input',
          missing_var: event.missingInputs[0],
          missing: event.missingInputs,
        },
      };
    case 'execution.completed':
      return { execution_id, status: 'COMPLETED' };
    case 'execution.failed':
      return {
        execution_id,
        status: 'FAILED',
        data:
          event.stepId === undefined
            ? { error: event.error.message }
            : { error: event.error.message, step_id: event.stepId },
      };
    case 'execution.partial':
      return { execution_id, status: 'PARTIAL' };
    case 'execution.cancelled':
      return { execution_id, status: 'CANCELLED' };
    case 'step.started':
      return { execution_id, status: 'STEP_RUNNING', data: { step_id: event.stepId } };
    case 'step.completed':
      return { execution_id, status: 'STEP_COMPLETED', data: { step_id: event.stepId } };
    case 'step.failed':
      return {
        execution_id,
        status: 'STEP_FAILED',
        data: {
          step_id: event.stepId,
          error: event.error.message,
          continue_on_error: event.tolerated,
        },
      };
    case 'step.skipped':
      return {
        execution_id,
        status: 'STEP_SKIPPED',
        data: { step_id: event.stepId, reason: event.reason },
      };
    default:
      return undefined;
  }
}
