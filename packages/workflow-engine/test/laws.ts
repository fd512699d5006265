/** Invariant checks over a finished run (spec §9), shared by the example and property tests. */
import { expect } from 'vitest';
import { EVENT_TARGET_STATUS, isStepEvent } from '../src/events.js';
import type { EngineEvent } from '../src/events.js';
import type { ExecutionSnapshot } from '../src/store.js';
import {
  TERMINAL_EXECUTION_STATUSES,
  TERMINAL_STEP_STATUSES,
  canTransition,
} from '../src/transitions.js';
import type { Workflow } from '../src/types.js';
import type { Call } from './helpers/engine-harness.js';

/** What the laws need to know. */
export interface LawInput {
  snapshot: ExecutionSnapshot;
  /** Every persisted event of the execution (store.listEvents). */
  events: readonly EngineEvent[];
  calls?: readonly Call[];
  maxConcurrency?: number;
  /** Executor calls allowed per step (attempts of the primary + of the fallback). */
  maxCallsPerStep?: (stepId: string) => number;
  /** Versions the store returned, in order. */
  versions?: readonly number[];
}

/**
 * Replays the events from the initial state and checks: seq 1..N without gaps (23); every move is in
 * the transition table and terminal statuses are never left (3); the replay ends in the stored
 * statuses (23); at most one terminal execution event, and it is last (23); no step starts before
 * every inbound source is terminal (4); running steps ≤ maxConcurrency (5); a terminal execution has
 * only terminal steps (2); outputs exist iff COMPLETED (21); executor calls ≤ the limit (1);
 * versions strictly increase (22); COMPLETED ⇒ all steps COMPLETED/SKIPPED, a non-tolerated
 * failure ⇒ FAILED (16).
 */
export function checkLaws(input: LawInput): void {
  const { snapshot, events } = input;
  const workflow: Workflow = snapshot.definition;
  const exec = { status: 'PENDING' as string };
  const steps = new Map<string, string>(workflow.nodes.map((n) => [n.id, 'PENDING']));
  const inbound = new Map<string, string[]>(workflow.nodes.map((n) => [n.id, []]));
  for (const edge of workflow.edges) inbound.get(edge.target)?.push(edge.source);
  let running = 0;
  let terminalEvents = 0;
  events.forEach((event, k) => {
    expect(event.seq, 'seq is 1..N').toBe(k + 1);
    expect(event.executionId).toBe(snapshot.executionId);
    const to = EVENT_TARGET_STATUS[event.type];
    if (isStepEvent(event)) {
      const from = steps.get(event.stepId);
      expect(from, `known step ${event.stepId}`).toBeDefined();
      expect(
        canTransition(from as never, to as never, 'step'),
        `step ${event.stepId} ${from} → ${to}`,
      ).toBe(true);
      if (to === 'RUNNING') {
        for (const source of inbound.get(event.stepId) ?? []) {
          expect(
            TERMINAL_STEP_STATUSES.has(steps.get(source) as never),
            `${event.stepId} started before source ${source} was terminal`,
          ).toBe(true);
        }
        running++;
        if (input.maxConcurrency !== undefined)
          expect(running).toBeLessThanOrEqual(input.maxConcurrency);
      }
      if (from === 'RUNNING') running--;
      steps.set(event.stepId, to);
      expect(
        TERMINAL_EXECUTION_STATUSES.has(exec.status as never),
        'no step event after the terminal one',
      ).toBe(false);
    } else {
      expect(
        canTransition(exec.status as never, to as never, 'execution'),
        `execution ${exec.status} → ${to}`,
      ).toBe(true);
      exec.status = to;
      if (TERMINAL_EXECUTION_STATUSES.has(to as never)) terminalEvents++;
    }
  });
  expect(terminalEvents).toBeLessThanOrEqual(1);
  if (events.length > 0) expect(exec.status, 'replayed execution status').toBe(snapshot.status);
  expect(snapshot.lastSeq).toBe(events.length);
  for (const node of workflow.nodes) {
    const record = snapshot.steps[node.id];
    expect(record, `record of ${node.id}`).toBeDefined();
    if (events.length > 0)
      expect(record?.status, `replayed status of ${node.id}`).toBe(steps.get(node.id));
    expect(record !== undefined && 'output' in record, `output of ${node.id} iff COMPLETED`).toBe(
      record?.status === 'COMPLETED',
    );
  }
  if (TERMINAL_EXECUTION_STATUSES.has(snapshot.status)) {
    for (const node of workflow.nodes) {
      expect(
        TERMINAL_STEP_STATUSES.has(snapshot.steps[node.id]?.status as never),
        `${node.id} terminal`,
      ).toBe(true);
    }
  }
  const statuses = workflow.nodes.map((n) => ({ node: n, status: snapshot.steps[n.id]?.status }));
  if (snapshot.status === 'COMPLETED') {
    for (const { node, status } of statuses)
      expect(['COMPLETED', 'SKIPPED'], node.id).toContain(status);
  }
  if (snapshot.status === 'PARTIAL') {
    expect(statuses.some(({ status }) => status === 'FAILED')).toBe(true);
    for (const { node, status } of statuses)
      if (status === 'FAILED') expect(node.continueOnError).toBe(true);
  }
  if (statuses.some(({ node, status }) => status === 'FAILED' && !node.continueOnError)) {
    expect(['FAILED', 'CANCELLED']).toContain(snapshot.status);
  }
  if (input.calls !== undefined && input.maxCallsPerStep !== undefined) {
    const counts = new Map<string, number>();
    for (const call of input.calls) counts.set(call.stepId, (counts.get(call.stepId) ?? 0) + 1);
    for (const [stepId, count] of counts)
      expect(count, `calls of ${stepId}`).toBeLessThanOrEqual(input.maxCallsPerStep(stepId));
  }
  if (input.versions !== undefined) {
    for (let k = 1; k < input.versions.length; k++) {
      expect(input.versions[k] as number).toBeGreaterThan(input.versions[k - 1] as number);
    }
  }
}
