/** Invariant checks over a finished run (spec §9), shared by the example, property and fault tests. */
import { expect } from 'vitest';
import { EVENT_TARGET_STATUS, isStepEvent } from '../src/events.js';
import type { EngineEvent } from '../src/events.js';
import type { ExecutionSnapshot } from '../src/store.js';
import {
  TERMINAL_EXECUTION_STATUSES,
  TERMINAL_STEP_STATUSES,
  canTransition,
} from '../src/transitions.js';
import type { Call } from './helpers/engine-harness.js';

/** What the laws need to know. */
export interface LawInput {
  snapshot: ExecutionSnapshot;
  /** Every persisted event of the execution (store.listEvents). */
  events: readonly EngineEvent[];
  calls?: ReadonlyArray<Pick<Call, 'stepId'>>;
  maxConcurrency?: number;
  /** Executor calls allowed per step (attempts of the primary + of the fallback). */
  maxCallsPerStep?: (stepId: string) => number;
  /** Versions the store returned, in order. */
  versions?: readonly number[];
}

const isTerminalStep = (s: string | undefined): boolean =>
  s !== undefined && TERMINAL_STEP_STATUSES.has(s as never);
const isTerminalExecution = (s: string): boolean => TERMINAL_EXECUTION_STATUSES.has(s as never);

/**
 * Replays the events from the initial state and returns every broken law (empty when all hold):
 * seq 1..N without gaps (23); every move is in the transition table, terminal statuses are never
 * left (3); the replay ends in the stored statuses (23); at most one terminal execution event, and
 * nothing after it (23); no step starts before every inbound source is terminal (4); running steps
 * ≤ maxConcurrency (5); a terminal execution has only terminal steps (2); outputs exist iff
 * COMPLETED (21); executor calls ≤ the limit (1); versions strictly increase (22); COMPLETED ⇒ all
 * steps COMPLETED/SKIPPED, PARTIAL ⇒ only tolerated failures, a non-tolerated failure ⇒ FAILED or
 * CANCELLED (16).
 */
export function findLawViolations(input: LawInput): string[] {
  const { snapshot, events } = input;
  const bad: string[] = [];
  const workflow = snapshot.definition;
  let exec: string = 'PENDING';
  const steps = new Map<string, string>(workflow.nodes.map((n) => [n.id, 'PENDING']));
  const inbound = new Map<string, string[]>(workflow.nodes.map((n) => [n.id, []]));
  for (const edge of workflow.edges) inbound.get(edge.target)?.push(edge.source);
  let running = 0;
  let terminalEvents = 0;
  for (let k = 0; k < events.length; k++) {
    const event = events[k] as EngineEvent;
    if (event.seq !== k + 1) bad.push(`event ${k} has seq ${event.seq}`);
    if (event.executionId !== snapshot.executionId) bad.push(`event ${k} of another execution`);
    if (isTerminalExecution(exec)) bad.push(`event ${event.type} after the terminal event`);
    const to = EVENT_TARGET_STATUS[event.type];
    if (isStepEvent(event)) {
      const from = steps.get(event.stepId);
      if (from === undefined) {
        bad.push(`unknown step ${event.stepId}`);
        continue;
      }
      if (!canTransition(from as never, to as never, 'step')) {
        bad.push(`illegal step move ${event.stepId} ${from} → ${to}`);
      }
      if (to === 'RUNNING') {
        for (const source of inbound.get(event.stepId) ?? []) {
          if (!isTerminalStep(steps.get(source))) {
            bad.push(`${event.stepId} started before its source ${source} was terminal`);
          }
        }
        running++;
        if (input.maxConcurrency !== undefined && running > input.maxConcurrency) {
          bad.push(`${running} steps running, limit ${input.maxConcurrency}`);
        }
      }
      if (from === 'RUNNING') running--;
      steps.set(event.stepId, to);
    } else {
      if (!canTransition(exec as never, to as never, 'execution')) {
        bad.push(`illegal execution move ${exec} → ${to}`);
      }
      exec = to;
      if (isTerminalExecution(to)) terminalEvents++;
    }
  }
  if (terminalEvents > 1) bad.push(`${terminalEvents} terminal execution events`);
  if (events.length > 0 && exec !== snapshot.status) {
    bad.push(`replayed execution status ${exec}, stored ${snapshot.status}`);
  }
  if (snapshot.lastSeq !== events.length)
    bad.push(`lastSeq ${snapshot.lastSeq} for ${events.length} events`);
  for (const node of workflow.nodes) {
    const record = snapshot.steps[node.id];
    if (record === undefined) {
      bad.push(`no record for ${node.id}`);
      continue;
    }
    if (events.length > 0 && record.status !== steps.get(node.id)) {
      bad.push(`replayed ${node.id} ${steps.get(node.id)}, stored ${record.status}`);
    }
    if ('output' in record !== (record.status === 'COMPLETED')) {
      bad.push(`output of ${node.id} present=${'output' in record} with status ${record.status}`);
    }
    if (isTerminalExecution(snapshot.status) && !isTerminalStep(record.status)) {
      bad.push(`execution ${snapshot.status} but ${node.id} is ${record.status}`);
    }
    if (
      snapshot.status === 'COMPLETED' &&
      record.status !== 'COMPLETED' &&
      record.status !== 'SKIPPED'
    ) {
      bad.push(`COMPLETED execution with ${node.id} ${record.status}`);
    }
    if (
      record.status === 'FAILED' &&
      !node.continueOnError &&
      !['FAILED', 'CANCELLED'].includes(snapshot.status)
    ) {
      bad.push(`non-tolerated failure of ${node.id} but execution ${snapshot.status}`);
    }
    if (snapshot.status === 'PARTIAL' && record.status === 'FAILED' && !node.continueOnError) {
      bad.push(`PARTIAL with a non-tolerated failure of ${node.id}`);
    }
  }
  if (
    snapshot.status === 'PARTIAL' &&
    !workflow.nodes.some((n) => snapshot.steps[n.id]?.status === 'FAILED')
  ) {
    bad.push('PARTIAL without a failed step');
  }
  if (input.calls !== undefined && input.maxCallsPerStep !== undefined) {
    const counts = new Map<string, number>();
    for (const call of input.calls) counts.set(call.stepId, (counts.get(call.stepId) ?? 0) + 1);
    for (const [stepId, count] of counts) {
      const limit = input.maxCallsPerStep(stepId);
      if (count > limit) bad.push(`${stepId} called ${count} times, limit ${limit}`);
    }
  }
  const versions = input.versions ?? [];
  for (let k = 1; k < versions.length; k++) {
    if ((versions[k] as number) <= (versions[k - 1] as number))
      bad.push(`version ${versions[k]} after ${versions[k - 1]}`);
  }
  return bad;
}

/** Asserts that {@link findLawViolations} finds nothing. */
export function checkLaws(input: LawInput): void {
  expect(findLawViolations(input)).toEqual([]);
}
