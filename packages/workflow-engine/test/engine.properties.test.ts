import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { createEngine } from '../src/engine.js';
import type { Executor } from '../src/options.js';
import { retryDelay } from '../src/retry.js';
import type { GraphDefinition, JoinRule } from '../src/types.js';
import { flaggedDagArbitrary, nodeId } from './arbitraries.js';
import type { FlaggedDag } from './arbitraries.js';
import { checkLaws } from './laws.js';
import type { AttemptScript } from './helpers/engine-harness.js';
import { RecordingStore, flush, runScenario, valueOf } from './helpers/engine-harness.js';

const ok: AttemptScript = { kind: 'ok', delayMs: 0 };

/** Scripts: per node up to 3 attempts of ok/fail with small delays. */
const scriptArbitrary = (n: number, kinds: AttemptScript['kind'][] = ['ok', 'ok', 'fail']) =>
  fc.array(
    fc.array(
      fc.record({ kind: fc.constantFrom(...kinds), delayMs: fc.constantFrom(0, 0, 10, 100) }),
      { minLength: 1, maxLength: 3 },
    ),
    { minLength: n, maxLength: n },
  );

const toScript = (scripts: AttemptScript[][]): Record<string, AttemptScript[]> =>
  Object.fromEntries(scripts.map((s, i) => [nodeId(i), s]));

const maxAttemptsOf = (def: GraphDefinition, engineDefault: number) => (stepId: string) =>
  def.nodes.find((n) => n.id === stepId)?.config?.retry?.max_attempts ?? engineDefault;

/** Evaluates the arbitraries' EDGE_CONDITIONS templates independently of the engine. */
function conditionHolds(condition: string, source: string, go: boolean): boolean {
  if (condition.includes('== true')) return go;
  if (condition.startsWith('not ')) return !go;
  if (condition.includes('> 50')) return valueOf(source) > 50;
  return valueOf(source) <= 50;
}

/** A reference model of spec §4 for runs where only tolerated steps fail (permanently). */
function expectedStatuses(fd: FlaggedDag, go: boolean, failing: ReadonlySet<number>): string[] {
  const status: string[] = [];
  for (let i = 0; i < fd.n; i++) {
    const inbound = fd.edges.filter((e) => e.target === i);
    let active = 0;
    let activeCompleted = 0;
    let failed = 0;
    for (const e of inbound) {
      const s = status[e.source] as string;
      if (s === 'FAILED') failed++;
      const done = s === 'COMPLETED' || s === 'FAILED';
      // A tolerated failure has no output: a condition reading it errors, which counts as false.
      const readsOutput =
        e.condition !== undefined && e.condition.includes(`\${${nodeId(e.source)}.`);
      const holds =
        done &&
        (e.condition === undefined ||
          (!(readsOutput && s === 'FAILED') && conditionHolds(e.condition, nodeId(e.source), go)));
      if (holds) {
        active++;
        if (s === 'COMPLETED') activeCompleted++;
      }
    }
    const join = fd.joins[i] as JoinRule;
    const runs =
      inbound.length === 0 ||
      join === 'all_done' ||
      (join === 'all_success' && active > 0) ||
      (join === 'one_success' && activeCompleted > 0) ||
      (join === 'none_failed_min_one_success' && failed === 0 && activeCompleted > 0);
    status.push(runs ? (failing.has(i) ? 'FAILED' : 'COMPLETED') : 'SKIPPED');
  }
  return status;
}

const engineRetry = { maxAttempts: 2, initialDelayMs: 100 };

describe('engine properties (spec §9)', () => {
  test.prop(
    [
      flaggedDagArbitrary({ maxNodes: 8 }).chain((fd) =>
        fc.record({
          fd: fc.constant(fd),
          scripts: scriptArbitrary(fd.n),
          maxConcurrency: fc.constantFrom(1, 2, 3, Infinity),
          go: fc.boolean(),
        }),
      ),
    ],
    { numRuns: 150 },
  )(
    '1-5, 16, 21-23: every run settles and obeys the laws',
    async ({ fd, scripts, maxConcurrency, go }) => {
      const outcome = await runScenario(fd.def, toScript(scripts), {
        maxConcurrency,
        retry: engineRetry,
        input: { go },
      });
      expect(outcome.rejection).toBeUndefined();
      expect(outcome.result?.status).toBe(outcome.snapshot.status);
      checkLaws({
        snapshot: outcome.snapshot,
        events: outcome.events,
        calls: outcome.calls,
        maxConcurrency,
        maxCallsPerStep: maxAttemptsOf(fd.def, engineRetry.maxAttempts),
        versions: outcome.store.saves.map((s) => s.version),
      });
      expect(outcome.streamed).toEqual(outcome.events);
      expect(outcome.listened).toEqual(outcome.events);
      const outputs = outcome.result?.outputs ?? {};
      for (const [id, record] of Object.entries(outcome.snapshot.steps)) {
        expect(id in outputs).toBe(record.status === 'COMPLETED');
      }
    },
  );

  test.prop(
    [
      flaggedDagArbitrary({ maxNodes: 8 }).chain((fd) =>
        fc.record({
          fd: fc.constant(fd),
          go: fc.boolean(),
          failing: fc.subarray(fd.continueOnError.flatMap((c, i) => (c ? [i] : []))),
          maxConcurrency: fc.constantFrom(1, 3, Infinity),
        }),
      ),
    ],
    { numRuns: 150 },
  )(
    '12, 16 and §4 joins: final statuses match a reference model',
    async ({ fd, go, failing, maxConcurrency }) => {
      const script: Record<string, AttemptScript[]> = {};
      for (const i of failing) script[nodeId(i)] = [{ kind: 'nonretryable', delayMs: 10 }];
      const outcome = await runScenario(fd.def, script, {
        input: { go },
        maxConcurrency,
        retry: engineRetry,
      });
      const expected = expectedStatuses(fd, go, new Set(failing));
      expect(fd.def.nodes.map((n) => outcome.snapshot.steps[n.id]?.status)).toEqual(
        fd.def.nodes.map((n) => expected[Number(n.id.slice(1))]),
      );
      expect(outcome.snapshot.status).toBe(expected.includes('FAILED') ? 'PARTIAL' : 'COMPLETED');
    },
  );

  test.prop(
    [
      flaggedDagArbitrary({ maxNodes: 7 }).chain((fd) =>
        fc.record({ fd: fc.constant(fd), scripts: scriptArbitrary(fd.n), go: fc.boolean() }),
      ),
    ],
    { numRuns: 60 },
  )(
    '9: same definition, input, script and seed give the same final state and events',
    async ({ fd, scripts, go }) => {
      const options = {
        input: { go },
        retry: { ...engineRetry, jitter: 'full' as const },
        random: () => 0.3,
      };
      const a = await runScenario(fd.def, toScript(scripts), options);
      const b = await runScenario(fd.def, toScript(scripts), options);
      expect(b.snapshot).toEqual(a.snapshot);
      expect(b.events).toEqual(a.events);
    },
  );

  test.prop(
    [
      flaggedDagArbitrary({ maxNodes: 7, conditionRate: 1_000_000 }).chain((fd) =>
        fc.record({
          fd: fc.constant(fd),
          scripts: scriptArbitrary(fd.n, ['ok', 'fail']),
          go: fc.boolean(),
        }),
      ),
    ],
    { numRuns: 60 },
  )(
    '10: linear and graph forms complete the same steps with the same outputs',
    async ({ fd, scripts, go }) => {
      const options = { input: { go }, retry: engineRetry, maxConcurrency: 1 };
      const graphRun = await runScenario(fd.def, toScript(scripts), options);
      const stepsRun = await runScenario(fd.steps, toScript(scripts), options);
      const statuses = (o: typeof graphRun) =>
        Object.fromEntries(Object.entries(o.snapshot.steps).map(([id, r]) => [id, r.status]));
      expect(statuses(stepsRun)).toEqual(statuses(graphRun));
      expect(stepsRun.result?.outputs).toEqual(graphRun.result?.outputs);
    },
  );

  test.prop(
    [
      flaggedDagArbitrary({ maxNodes: 7 }).chain((fd) =>
        fc.record({
          fd: fc.constant(fd),
          scripts: scriptArbitrary(fd.n),
          cancelAt: fc.integer({ min: 0, max: 400 }),
        }),
      ),
    ],
    { numRuns: 100 },
  )(
    '6: after an accepted cancel no step starts and the end state is CANCELLED',
    async ({ fd, scripts, cancelAt }) => {
      const outcome = await runScenario(fd.def, toScript(scripts), {
        cancelAt,
        retry: engineRetry,
        input: { go: true },
      });
      checkLaws({ snapshot: outcome.snapshot, events: outcome.events });
      if (outcome.cancelAccepted === true) {
        expect(outcome.snapshot.status).toBe('CANCELLED');
        const cut = outcome.events.findIndex(
          (e) => e.type === 'step.cancelled' || e.type === 'execution.cancelled',
        );
        expect(outcome.events.slice(cut).some((e) => e.type === 'step.started')).toBe(false);
      } else if (outcome.cancelAccepted === false) {
        expect(['COMPLETED', 'FAILED', 'PARTIAL']).toContain(outcome.snapshot.status);
      }
    },
  );

  test.prop(
    [
      flaggedDagArbitrary({ maxNodes: 8, conditionRate: 1_000_000 }).chain((fd) =>
        fc.record({
          fd: fc.constant(fd),
          needs: fc.array(fc.boolean(), { minLength: fd.n, maxLength: fd.n }),
          given: fc.array(fc.boolean(), { minLength: fd.n, maxLength: fd.n }),
        }),
      ),
    ],
    { numRuns: 100 },
  )(
    '14, 15: missing input pauses exactly the steps that need it; resume equals a fresh run',
    async ({ fd, needs, given }) => {
      const def: GraphDefinition = {
        ...fd.def,
        nodes: fd.def.nodes.map((node, i) => ({
          ...node,
          config: {
            ...node.config,
            continue_on_error: false,
            join: 'all_success',
            parameters: needs[i] === true ? { k: `\${input.k${i}}` } : {},
          },
        })),
      };
      const full = Object.fromEntries(fd.def.nodes.map((_, i) => [`k${i}`, i]));
      const partial = Object.fromEntries(
        fd.def.nodes.flatMap((_, i) => (given[i] === true ? [[`k${i}`, i]] : [])),
      );
      const store = new RecordingStore();
      const calls: string[] = [];
      const svc: Executor = ({ step, params }) => (
        calls.push(step.id),
        { value: valueOf(step.id), params }
      );
      const engine = createEngine({ store, executors: { svc }, generateId: () => 'p' });
      const first = await engine.start(def, { input: partial }).result;
      const missingNodes = new Set(
        fd.def.nodes.flatMap((_, i) => (needs[i] === true && given[i] !== true ? [i] : [])),
      );
      // A step pauses iff it misses input and every ancestor completed; descendants of a paused step never start.
      const blocked = new Set<number>();
      const paused = new Set<number>();
      for (let i = 0; i < fd.n; i++) {
        const parents = fd.edges.filter((e) => e.target === i).map((e) => e.source);
        if (parents.some((p) => blocked.has(p))) blocked.add(i);
        else if (missingNodes.has(i)) {
          paused.add(i);
          blocked.add(i);
        }
      }
      expect(first.status).toBe(paused.size > 0 ? 'PAUSED' : 'COMPLETED');
      for (let i = 0; i < fd.n; i++) {
        const status = first.steps[nodeId(i)];
        if (paused.has(i)) expect(status).toBe('PAUSED');
        else if (blocked.has(i)) expect(status).toBe('PENDING');
        else expect(status).toBe('COMPLETED');
      }
      if (first.status === 'PAUSED') {
        expect(first.missingInputs).toEqual([...paused].map((i) => `input.k${i}`).sort());
        const beforeResume = calls.length;
        const resumed = await engine.resume('p', { input: full });
        const second = await (resumed as Exclude<typeof resumed, false>).result;
        expect(second.status).toBe('COMPLETED');
        // Only paused steps and their successors ran again.
        expect(calls.slice(beforeResume).every((id) => blocked.has(Number(id.slice(1))))).toBe(
          true,
        );
        const fresh = await createEngine({ executors: { svc } }).start(def, { input: full }).result;
        expect(second.outputs).toEqual(fresh.outputs);
        checkLaws({ snapshot: await engine.get('p'), events: await store.listEvents('p') });
      }
    },
  );

  test.prop(
    [
      fc.record({
        maxAttempts: fc.integer({ min: 1, max: 5 }),
        initialDelayMs: fc.integer({ min: 0, max: 2000 }),
        backoffRate: fc.double({ min: 1, max: 3, noNaN: true }),
        maxDelayMs: fc.integer({ min: 0, max: 5000 }),
        jitter: fc.constantFrom('none' as const, 'full' as const),
      }),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
    ],
    { numRuns: 100 },
  )(
    '17: a permanently failing executor is called maxAttempts times with the formula gaps',
    async (retry, r) => {
      const def: GraphDefinition = {
        id: 'r',
        nodes: [{ id: 'a', config: { service: 'svc' } }],
        connections: [],
      };
      const outcome = await runScenario(
        def,
        { a: [{ kind: 'fail', delayMs: 0 }] },
        { retry, random: () => r },
      );
      expect(outcome.calls).toHaveLength(retry.maxAttempts);
      const gaps = outcome.calls.slice(1).map((c, k) => c.at - (outcome.calls[k]?.at as number));
      gaps.forEach((gap, k) =>
        expect(gap).toBeCloseTo(
          retryDelay(retry, k + 1, () => r),
          6,
        ),
      );
      for (const gap of gaps) expect(gap).toBeLessThanOrEqual(retry.maxDelayMs + 1e-6); // clock sums are floats
    },
  );

  test.prop(
    [
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 0, max: 500 }),
    ],
    { numRuns: 60 },
  )(
    '18: a hanging executor times out at each attempt, receives an abort, total time bounded',
    async (maxAttempts, timeout, delay) => {
      const def: GraphDefinition = {
        id: 'h',
        nodes: [{ id: 'a', config: { service: 'svc', timeout } }],
        connections: [],
      };
      const outcome = await runScenario(
        def,
        { a: [{ kind: 'hang', delayMs: 0 }] },
        {
          retry: { maxAttempts, initialDelayMs: delay, backoffRate: 1 },
        },
      );
      expect(outcome.snapshot.status).toBe('FAILED');
      expect(outcome.calls).toHaveLength(maxAttempts);
      expect(outcome.calls.every((c) => c.aborted())).toBe(true);
      expect(outcome.clock.now()).toBe(maxAttempts * timeout * 1000 + (maxAttempts - 1) * delay);
    },
  );

  test.prop([fc.boolean(), fc.boolean(), fc.boolean()], { numRuns: 30 })(
    '19: the fallback runs iff the primary failed and one is configured',
    async (primaryFails, configured, fallbackFails) => {
      const def: GraphDefinition = {
        id: 'f',
        nodes: [
          {
            id: 'a',
            config: { service: 'svc', ...(configured ? { fallback_service: 'backup' } : {}) },
          },
        ],
        connections: [],
      };
      let fallbackCalls = 0;
      const outcome = await runScenario(
        def,
        { a: [{ kind: primaryFails ? 'fail' : 'ok', delayMs: 0 }] },
        {
          retry: { maxAttempts: 2, initialDelayMs: 1 },
          executors: {
            backup: () => {
              fallbackCalls++;
              return fallbackFails ? Promise.reject(new Error('backup down')) : 'fb';
            },
          },
        },
      );
      expect(fallbackCalls > 0).toBe(primaryFails && configured);
      const expected = !primaryFails
        ? 'COMPLETED'
        : configured && !fallbackFails
          ? 'COMPLETED'
          : 'FAILED';
      expect(outcome.snapshot.status).toBe(expected);
      expect(outcome.result?.fallbackUsed).toEqual(
        primaryFails && configured && !fallbackFails ? ['a'] : [],
      );
    },
  );

  test.prop([fc.jsonValue(), fc.jsonValue()], { numRuns: 60 })(
    '20: invalid input never reaches the executor; invalid output is not published',
    async (inputValue, outputValue) => {
      const schema = { type: 'object', required: ['v'], properties: { v: { type: 'number' } } };
      const def: GraphDefinition = {
        id: 's',
        nodes: [
          {
            id: 'in',
            config: {
              service: 'svc',
              parameters: { v: '${input.v}' },
              input_schema: schema,
              continue_on_error: true,
            },
          },
          {
            id: 'out',
            config: { service: 'emit', output_schema: schema, continue_on_error: true },
          },
        ],
        connections: [],
      };
      const outcome = await runScenario(
        def,
        {},
        {
          input: { v: inputValue },
          executors: { emit: () => outputValue },
        },
      );
      const inputValid = typeof inputValue === 'number';
      const outputValid =
        typeof outputValue === 'object' &&
        outputValue !== null &&
        !Array.isArray(outputValue) &&
        typeof (outputValue as Record<string, unknown>).v === 'number';
      expect(outcome.calls.some((c) => c.stepId === 'in')).toBe(inputValid);
      expect(outcome.snapshot.steps.out?.status).toBe(outputValid ? 'COMPLETED' : 'FAILED');
      expect('out' in (outcome.result?.outputs ?? {})).toBe(outputValid);
    },
  );

  test.prop(
    [
      flaggedDagArbitrary({ maxNodes: 7 }).chain((fd) =>
        fc.record({ fd: fc.constant(fd), scripts: scriptArbitrary(fd.n), go: fc.boolean() }),
      ),
    ],
    { numRuns: 50 },
  )(
    '24 (refined by issue 9, crash barrier): a throwing event listener ends the run FAILED with ENGINE_INTERNAL_ERROR, saved, nothing else runs',
    async ({ fd, scripts, go }) => {
      const noisy = await runScenario(fd.def, toScript(scripts), {
        input: { go },
        retry: engineRetry,
        onEvent: () => {
          throw new Error('listener');
        },
      });
      // The listener throws on the first event (execution.started), before any executor launches.
      expect(noisy.calls).toEqual([]);
      expect(noisy.result?.status).toBe('FAILED');
      expect(noisy.snapshot.status).toBe('FAILED');
      expect(noisy.snapshot.error?.code).toBe('ENGINE_INTERNAL_ERROR');
      for (const record of Object.values(noisy.snapshot.steps)) {
        expect(['CANCELLED', 'SKIPPED']).toContain(record.status);
      }
      checkLaws({ snapshot: noisy.snapshot, events: noisy.events });
    },
  );

  it('21: no output is lost with concurrent completions in any interleaving (fc.scheduler)', async () => {
    await fc.assert(
      fc.asyncProperty(flaggedDagArbitrary({ maxNodes: 8 }), fc.scheduler(), async (fd, s) => {
        const store = new RecordingStore();
        const svc: Executor = ({ step }) =>
          s.schedule(Promise.resolve({ value: valueOf(step.id) }), step.id);
        const engine = createEngine({
          store,
          executors: { svc },
          maxConcurrency: Infinity,
          generateId: () => 'x',
        });
        const run = engine.start(fd.def, { input: { go: true } });
        let settled = false;
        void run.result.then(() => (settled = true));
        while (!settled) {
          await flush();
          if (s.count() > 0) await s.waitOne();
        }
        const result = await run.result;
        const snapshot = await engine.get('x');
        checkLaws({ snapshot, events: await store.listEvents('x') });
        for (const node of fd.def.nodes) {
          if (snapshot.steps[node.id]?.status === 'COMPLETED') {
            expect(result.outputs[node.id]).toEqual({ value: valueOf(node.id) });
          }
        }
        const expected = expectedStatuses(fd, true, new Set());
        expect(fd.def.nodes.map((n) => snapshot.steps[n.id]?.status)).toEqual(
          fd.def.nodes.map((n) => expected[Number(n.id.slice(1))]),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('ok script helper is a no-op attempt', () => {
    expect(ok).toEqual({ kind: 'ok', delayMs: 0 });
  });
});
