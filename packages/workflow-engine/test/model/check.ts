/**
 * Compares what the engine stored at the end of a phase with the reference model's prediction.
 */
import type { ExecutionSnapshot } from '../../src/index.js';
import type { ModelResult } from './reference-model.js';

/** How the phase ended on the engine side. */
export interface PhaseFacts {
  /** `engine.cancel` was accepted during the phase. */
  cancelled: boolean;
  /** The scenario has a deadline. */
  deadline: boolean;
  /** Executor calls per step during the phase: [primary, fallback]. */
  calls: Map<string, [number, number]>;
}

const json = (v: unknown): string => JSON.stringify(v);

/**
 * Every difference between the stored snapshot and the model (empty when they agree).
 *
 * Exact when the engine ended the way the model says (COMPLETED, PARTIAL or PAUSED): each step's
 * status, output, skip reason, missing inputs and executor calls must be the model's. When an
 * interrupt ended the run (a non-tolerated failure, a cancel, a deadline), each step must either
 * have reached its natural fate exactly, or hold the status the interrupt gives to an unfinished
 * step (CANCELLED, or SKIPPED `execution_failed`) with no more calls than its natural fate makes.
 */
export function compareWithModel(
  snapshot: ExecutionSnapshot,
  model: ModelResult,
  facts: PhaseFacts,
): string[] {
  const bad: string[] = [];
  const status = snapshot.status;
  let interrupted = false;
  if (status === 'CANCELLED') {
    if (!facts.cancelled) bad.push(`execution CANCELLED without an accepted cancel`);
    interrupted = true;
  } else if (status === 'FAILED') {
    const error = snapshot.error;
    const byDeadline = error?.name === 'DeadlineExceededError';
    if (error?.name !== undefined && /Internal|IllegalTransition/.test(error.name))
      bad.push(`execution FAILED inside the engine: ${json(error)}`);
    if (byDeadline && !facts.deadline) bad.push('execution FAILED by a deadline that was not set');
    if (!byDeadline && model.status !== 'FAILED')
      bad.push(`execution FAILED (${json(error)}), model says ${model.status}`);
    interrupted = true;
  } else if (status !== model.status) {
    bad.push(`execution ${status}, model says ${model.status}`);
  } else if (status === 'PAUSED' && json(snapshot.missingInputs) !== json(model.missingInputs)) {
    bad.push(
      `missing inputs ${json(snapshot.missingInputs)}, model says ${json(model.missingInputs)}`,
    );
  }
  for (const [id, m] of Object.entries(model.steps)) {
    const record = snapshot.steps[id];
    if (record === undefined) {
      bad.push(`step ${id} missing from the snapshot`);
      continue;
    }
    const calls = facts.calls.get(id) ?? [0, 0];
    const natural =
      record.status === m.status &&
      json(record.output) === json(m.output) &&
      (m.status !== 'SKIPPED' || record.skipReason === m.skipReason) &&
      (m.status !== 'PAUSED' || json(record.missingInputs) === json(m.missing)) &&
      calls[0] === m.calls[0] &&
      calls[1] === m.calls[1];
    if (natural) continue;
    const describe = `step ${id}: engine ${record.status}${
      record.skipReason === undefined ? '' : `(${record.skipReason})`
    } output ${json(record.output)} calls ${json(calls)}; model ${m.status}${
      m.skipReason === undefined ? '' : `(${m.skipReason})`
    } output ${json(m.output)} calls ${json(m.calls)}${
      m.missing === undefined ? '' : ` missing ${json(m.missing)} vs ${json(record.missingInputs)}`
    }`;
    if (!interrupted) {
      bad.push(describe);
      continue;
    }
    const cut =
      record.status === 'CANCELLED' ||
      (record.status === 'SKIPPED' && record.skipReason === 'execution_failed');
    const fewer = calls[0] <= m.calls[0] && calls[1] <= m.calls[1];
    // A step the interrupt found unfinished: it may have made part of its natural calls only.
    if (!(cut && fewer && m.status !== 'SKIPPED')) {
      if (!(cut && fewer && m.status === 'SKIPPED' && calls[0] + calls[1] === 0))
        bad.push(`${describe} (execution ${status})`);
    }
  }
  if (status === 'FAILED' && snapshot.error?.name !== 'DeadlineExceededError') {
    const failing = Object.values(snapshot.steps).filter(
      (r) => r.status === 'FAILED' && model.fatalSteps.includes(r.stepId),
    );
    if (failing.length === 0)
      bad.push(
        `execution FAILED (${json(snapshot.error)}) but no step whose natural fate is a non-tolerated failure FAILED`,
      );
  }
  return bad;
}
