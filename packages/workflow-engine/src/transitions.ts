import { IllegalTransitionError } from './errors.js';
import type { ExecutionStatus, StepStatus } from './statuses.js';

/**
 * Legal execution transitions, as data (spec §3). A status missing from a list cannot be reached
 * from the key status; terminal statuses map to an empty list.
 */
export const EXECUTION_TRANSITIONS: Readonly<Record<ExecutionStatus, readonly ExecutionStatus[]>> =
  Object.freeze({
    PENDING: Object.freeze(['RUNNING', 'CANCELLED'] as const),
    RUNNING: Object.freeze(['PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED', 'PARTIAL'] as const),
    PAUSED: Object.freeze(['RUNNING', 'CANCELLED'] as const),
    COMPLETED: Object.freeze([] as const),
    FAILED: Object.freeze([] as const),
    CANCELLED: Object.freeze([] as const),
    PARTIAL: Object.freeze([] as const),
  });

/**
 * Legal step transitions, as data (spec §3). PENDING → PAUSED / FAILED happen before the executor is
 * called (missing input, bad input, unknown service); RUNNING → RETRYING → RUNNING is a retry (and a
 * recovery after a crash).
 */
export const STEP_TRANSITIONS: Readonly<Record<StepStatus, readonly StepStatus[]>> = Object.freeze({
  PENDING: Object.freeze(['RUNNING', 'PAUSED', 'SKIPPED', 'FAILED', 'CANCELLED'] as const),
  RUNNING: Object.freeze(['COMPLETED', 'FAILED', 'RETRYING', 'CANCELLED'] as const),
  RETRYING: Object.freeze(['RUNNING', 'CANCELLED'] as const),
  PAUSED: Object.freeze(['RUNNING', 'SKIPPED', 'CANCELLED'] as const),
  COMPLETED: Object.freeze([] as const),
  FAILED: Object.freeze([] as const),
  SKIPPED: Object.freeze([] as const),
  CANCELLED: Object.freeze([] as const),
});

/** Terminal (absorbing) execution statuses. */
export const TERMINAL_EXECUTION_STATUSES: ReadonlySet<ExecutionStatus> = new Set<ExecutionStatus>([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'PARTIAL',
]);

/** Terminal (absorbing) step statuses. */
export const TERMINAL_STEP_STATUSES: ReadonlySet<StepStatus> = new Set<StepStatus>([
  'COMPLETED',
  'FAILED',
  'SKIPPED',
  'CANCELLED',
]);

/** Which machine a status belongs to. */
export type StatusMachine = 'execution' | 'step';

const EXECUTION_KEYS = new Set<string>(Object.keys(EXECUTION_TRANSITIONS));
const STEP_KEYS = new Set<string>(Object.keys(STEP_TRANSITIONS));

function table(machine: StatusMachine): Readonly<Record<string, readonly string[]>> {
  return machine === 'execution' ? EXECUTION_TRANSITIONS : STEP_TRANSITIONS;
}

function assertKnown(machine: StatusMachine, status: string): void {
  const keys = machine === 'execution' ? EXECUTION_KEYS : STEP_KEYS;
  if (!keys.has(status)) {
    throw new TypeError(
      `Unknown ${machine} status: expected one of ${[...keys].join(', ')}, received ${JSON.stringify(status)}`,
    );
  }
}

/**
 * The statuses reachable in one step from `status`.
 *
 * @param status - the current status.
 * @param machine - `'execution'` (default) or `'step'`; needed because both machines share names.
 * @throws TypeError when `status` is not a status of `machine`.
 */
export function getValidTransitions(
  status: ExecutionStatus | StepStatus,
  machine: StatusMachine = 'execution',
): readonly string[] {
  assertKnown(machine, status);
  return table(machine)[status] as readonly string[];
}

/**
 * True when `from → to` is a legal transition of `machine` (default `'execution'`). Unknown
 * statuses give `false`.
 */
export function canTransition(
  from: ExecutionStatus | StepStatus,
  to: ExecutionStatus | StepStatus,
  machine: StatusMachine = 'execution',
): boolean {
  const targets = table(machine)[from];
  return targets !== undefined && targets.includes(to);
}

/** True when `status` is terminal for `machine` (default `'execution'`). */
export function isTerminalStatus(
  status: ExecutionStatus | StepStatus,
  machine: StatusMachine = 'execution',
): boolean {
  return machine === 'execution'
    ? TERMINAL_EXECUTION_STATUSES.has(status as ExecutionStatus)
    : TERMINAL_STEP_STATUSES.has(status as StepStatus);
}

/**
 * Returns `to` when `from → to` is legal for `machine`, otherwise throws.
 *
 * @throws {@link IllegalTransitionError} for an illegal move (including leaving a terminal status).
 */
export function transition<S extends ExecutionStatus | StepStatus>(
  from: S,
  to: S,
  machine: StatusMachine = 'execution',
): S {
  if (!canTransition(from, to, machine)) {
    throw new IllegalTransitionError(machine, from, to);
  }
  return to;
}
