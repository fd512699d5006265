import { fc } from '@fast-check/vitest';
import type {
  EngineEvent,
  ExecutionSnapshot,
  ExecutionStore,
  Executor,
  SaveRequest,
  StepRecord,
} from '@atom/workflow-engine';
import {
  ConcurrentModificationError,
  DuplicateExecutionError,
  InMemoryExecutionStore,
  NonRetryableError,
  createEngine,
  createManualClock,
  initialSnapshot,
  normalizeDefinition,
} from '@atom/workflow-engine';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatabaseConstraintError, executeRows } from '@atom/models';
import { DrizzleExecutionStore } from '../../src/index.js';
import type { DbHarness } from '../db/harness.js';

let counter = 0;
function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A linear-form definition: step i depends on `deps[i]`, each output folds its inputs. */
export function dagDefinition(id: string, deps: number[][]): unknown {
  return {
    id,
    steps: deps.map((sources, i) => ({
      id: `s${i}`,
      service: 'work',
      parameters: { name: `s${i}`, deps: sources.map((s) => `\${s${s}.v}`) },
      depends_on: sources.map((s) => `s${s}`),
    })),
  };
}

const fold = (params: Record<string, unknown>): { v: string } => ({
  v: `${String(params.name)}(${(params.deps as string[]).join(',')})`,
});

export function snapshotOf(executionId: string, definition: unknown): ExecutionSnapshot {
  return initialSnapshot(normalizeDefinition(definition as never), executionId, { a: 1 }, 0);
}

/** Saves to two stores and checks after each save that the database matches the reference. */
class TeeStore implements ExecutionStore {
  checks = 0;
  constructor(
    readonly db: DrizzleExecutionStore,
    readonly reference: InMemoryExecutionStore,
    readonly fresh: () => DrizzleExecutionStore,
  ) {}
  async create(snapshot: ExecutionSnapshot): Promise<void> {
    await this.reference.create(snapshot);
    await this.db.create(snapshot);
  }
  load(id: string): Promise<ExecutionSnapshot | undefined> {
    return this.db.load(id);
  }
  async save(request: SaveRequest, expected: number): Promise<number> {
    const copy = structuredClone(request);
    const a = await this.reference.save(copy, expected);
    const b = await this.db.save(request, expected);
    expect(b).toBe(a);
    const other = this.fresh();
    expect(await other.load(request.executionId)).toEqual(
      await this.reference.load(request.executionId),
    );
    expect(await other.listEvents(request.executionId)).toEqual(
      await this.reference.listEvents(request.executionId),
    );
    this.checks += 1;
    return b;
  }
  listEvents(id: string): Promise<EngineEvent[]> {
    return this.db.listEvents(id);
  }
}

/** Wraps a store so that, from save number `after` on, the process is "dead": saves never settle. */
class CrashingStore implements ExecutionStore {
  saves = 0;
  crashed = false;
  readonly dead: Promise<void>;
  #die!: () => void;
  constructor(
    readonly inner: ExecutionStore,
    readonly after: number,
    readonly commitFirst: boolean,
  ) {
    this.dead = new Promise((resolve) => {
      this.#die = resolve;
    });
  }
  create(snapshot: ExecutionSnapshot): Promise<void> {
    return this.inner.create(snapshot);
  }
  load(id: string): Promise<ExecutionSnapshot | undefined> {
    return this.inner.load(id);
  }
  async save(request: SaveRequest, expected: number): Promise<number> {
    if (this.crashed) return new Promise<number>(() => undefined);
    if (this.saves >= this.after) {
      this.crashed = true;
      if (this.commitFirst) await this.inner.save(request, expected);
      this.#die();
      return new Promise<number>(() => undefined);
    }
    this.saves += 1;
    return this.inner.save(request, expected);
  }
  listEvents(id: string): Promise<EngineEvent[]> {
    return this.inner.listEvents(id);
  }
}

/** The shared suite of {@link DrizzleExecutionStore}, run by one entry file per driver. */
export function storeSuite(h: DbHarness, numRuns: number): void {
  describe(`DrizzleExecutionStore (${h.driver})`, () => {
    beforeAll(async () => {
      await h.db().execute(
        sql`CREATE TABLE IF NOT EXISTS store_test_effects (
          execution_id text NOT NULL, step_id text NOT NULL, engine text NOT NULL)`,
      );
    });

    async function effects(executionId: string): Promise<{ step_id: string; engine: string }[]> {
      return executeRows(
        h.db(),
        sql`SELECT step_id, engine FROM store_test_effects WHERE execution_id = ${executionId}`,
      );
    }

    /** An executor recording its side effect in `store_test_effects` before returning. */
    function recording(engine: string, pending?: Set<Promise<unknown>>): Executor {
      return async ({ executionId, step, params }) => {
        const write = h
          .db()
          .execute(
            sql`INSERT INTO store_test_effects VALUES (${executionId}, ${step.id}, ${engine})`,
          );
        pending?.add(write);
        await write;
        return fold(params);
      };
    }

    describe('create, load, listEvents', () => {
      it('round-trips a snapshot and rejects a duplicate id', async () => {
        const store = new DrizzleExecutionStore(h.db());
        const id = uniqueId('rt');
        const snapshot = snapshotOf(id, dagDefinition('wf', [[], [0]]));
        await store.create(snapshot);
        expect(await store.load(id)).toEqual(snapshot);
        expect(await store.listEvents(id)).toEqual([]);
        await expect(store.create(snapshot)).rejects.toBeInstanceOf(DuplicateExecutionError);
      });

      it('round-trips a snapshot without steps', async () => {
        const store = new DrizzleExecutionStore(h.db());
        const snapshot = snapshotOf(uniqueId('empty'), dagDefinition('wf', [[]]));
        snapshot.definition = { ...snapshot.definition, nodes: [] };
        snapshot.steps = {};
        await store.create(snapshot);
        expect(await store.load(snapshot.executionId)).toEqual(snapshot);
      });

      it('returns undefined and [] for an unknown id', async () => {
        const store = new DrizzleExecutionStore(h.db());
        expect(await store.load('nope')).toBeUndefined();
        expect(await store.listEvents('nope')).toEqual([]);
      });

      it('surfaces other database errors of create as DatabaseConstraintError', async () => {
        const store = new DrizzleExecutionStore(h.db());
        const snapshot = snapshotOf(uniqueId('bad'), dagDefinition('wf', [[]]));
        (snapshot.steps.s0 as { status: string }).status = 'BOGUS';
        await expect(store.create(snapshot)).rejects.toBeInstanceOf(DatabaseConstraintError);
      });
    });

    describe('save', () => {
      it('compare-and-sets the version and writes nothing on a conflict', async () => {
        const store = new DrizzleExecutionStore(h.db());
        const id = uniqueId('cas');
        const snapshot = snapshotOf(id, dagDefinition('wf', [[], [0]]));
        await store.create(snapshot);
        const step: StepRecord = {
          ...snapshot.steps.s0!,
          status: 'SKIPPED',
          skipReason: 'condition_false',
        };
        const event: EngineEvent = {
          type: 'step.skipped',
          executionId: id,
          seq: 1,
          at: 5,
          stepId: 's0',
          reason: 'condition_false',
        };
        expect(
          await store.save({ executionId: id, changedSteps: [step], events: [event] }, 1),
        ).toBe(2);
        const stale: StepRecord = {
          ...snapshot.steps.s1!,
          status: 'RUNNING',
          attempt: 1,
          attempts: 1,
        };
        const staleEvent: EngineEvent = {
          type: 'step.started',
          executionId: id,
          seq: 2,
          at: 6,
          stepId: 's1',
          attempt: 1,
          fallback: false,
        };
        const error: unknown = await store
          .save({ executionId: id, changedSteps: [stale], events: [staleEvent] }, 1)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConcurrentModificationError);
        expect((error as ConcurrentModificationError).actualVersion).toBe(2);
        const loaded = await store.load(id);
        expect(loaded?.version).toBe(2);
        expect(loaded?.steps.s1?.status).toBe('PENDING');
        expect(loaded?.steps.s0).toEqual(step);
        expect(await store.listEvents(id)).toEqual([event]);
      });

      it('reports an unknown id as a conflict with no actual version', async () => {
        const store = new DrizzleExecutionStore(h.db());
        const error: unknown = await store
          .save({ executionId: 'nope', changedSteps: [], events: [] }, 1)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConcurrentModificationError);
        expect((error as ConcurrentModificationError).actualVersion).toBeUndefined();
      });

      it('rejects events whose seq does not continue without gaps', async () => {
        const store = new DrizzleExecutionStore(h.db());
        const id = uniqueId('seq');
        await store.create(snapshotOf(id, dagDefinition('wf', [[]])));
        const ev = (seq: number): EngineEvent => ({
          type: 'execution.started',
          executionId: id,
          seq,
          at: 0,
        });
        await expect(
          store.save({ executionId: id, changedSteps: [], events: [ev(1), ev(3)] }, 1),
        ).rejects.toThrow(/continue at 2/);
        await expect(
          store.save({ executionId: id, changedSteps: [], events: [ev(2)] }, 1),
        ).rejects.toThrow(/continue at 1/);
        expect((await store.load(id))?.version).toBe(1);
        expect(await store.save({ executionId: id, changedSteps: [], events: [ev(1)] }, 1)).toBe(2);
        expect(await store.save({ executionId: id, changedSteps: [], events: [] }, 2)).toBe(3);
        expect((await store.load(id))?.lastSeq).toBe(1);
      });

      it('keeps a null output of a COMPLETED step and the outputs column', async () => {
        const store = new DrizzleExecutionStore(h.db());
        const id = uniqueId('null');
        const snapshot = snapshotOf(id, dagDefinition('wf', [[]]));
        await store.create(snapshot);
        const done: StepRecord = {
          ...snapshot.steps.s0!,
          status: 'COMPLETED',
          attempt: 1,
          attempts: 1,
          output: null,
        };
        await store.save({ executionId: id, changedSteps: [done], events: [] }, 1);
        expect((await store.load(id))?.steps.s0).toEqual(done);
        const rows = await executeRows<{ outputs: unknown }>(
          h.db(),
          sql`SELECT outputs FROM workflow_executions WHERE execution_id = ${id}`,
        );
        expect(rows[0]?.outputs).toEqual({ s0: null });
      });

      it('surfaces database errors of save as DatabaseConstraintError', async () => {
        const store = new DrizzleExecutionStore(h.db());
        const id = uniqueId('bad');
        const snapshot = snapshotOf(id, dagDefinition('wf', [[]]));
        await store.create(snapshot);
        const bad = { ...snapshot.steps.s0!, status: 'BOGUS' } as unknown as StepRecord;
        await expect(
          store.save({ executionId: id, changedSteps: [bad], events: [] }, 1),
        ).rejects.toBeInstanceOf(DatabaseConstraintError);
        expect((await store.load(id))?.version).toBe(1);
      });
    });

    describe('with the engine', () => {
      it('persists a run step by step: after each save the database equals the engine state', async () => {
        const tee = new TeeStore(
          new DrizzleExecutionStore(h.db()),
          new InMemoryExecutionStore(),
          () => new DrizzleExecutionStore(h.db()),
        );
        const engine = createEngine({
          executors: { work: recording('one') },
          store: tee,
          clock: createManualClock(),
        });
        const run = engine.start(dagDefinition('wf', [[], [0], [0], [1, 2]]), { input: { x: 1 } });
        const result = await run.result;
        expect(result.status).toBe('COMPLETED');
        expect(tee.checks).toBeGreaterThanOrEqual(5);
        const rows = await executeRows<{
          step_id: string;
          status: string;
          attempts: number;
          completed_at: unknown;
        }>(
          h.db(),
          sql`SELECT step_id, status, attempts, completed_at FROM workflow_step_executions WHERE execution_id = ${run.executionId} ORDER BY sequence_order`,
        );
        expect(rows.map((r) => [r.step_id, r.status, r.attempts])).toEqual([
          ['s0', 'COMPLETED', 1],
          ['s1', 'COMPLETED', 1],
          ['s2', 'COMPLETED', 1],
          ['s3', 'COMPLETED', 1],
        ]);
        expect(rows.every((r) => r.completed_at !== null)).toBe(true);
        await engine.close();
      });

      it('recovers a crashed run: completed steps never re-run, the rest at least once, same final state', async () => {
        const dag = fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.tuple(
            ...Array.from({ length: n }, (_, i) =>
              fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, i - 1) }), {
                maxLength: i === 0 ? 0 : 3,
              }),
            ),
          ),
        );
        await fc.assert(
          fc.asyncProperty(
            dag,
            fc.nat({ max: 12 }),
            fc.boolean(),
            async (deps, crashAfter, commitFirst) => {
              const definition = dagDefinition('wf', deps);
              const reference = createEngine({
                executors: { work: ({ params }) => Promise.resolve(fold(params)) },
                clock: createManualClock(),
              });
              const expected = await reference.start(definition).result;

              const pending = new Set<Promise<unknown>>();
              const crashing = new CrashingStore(
                new DrizzleExecutionStore(h.db()),
                crashAfter,
                commitFirst,
              );
              const first = createEngine({
                executors: { work: recording('first', pending) },
                store: crashing,
                clock: createManualClock(),
              });
              const id = uniqueId('crash');
              const run = first.start(definition, { executionId: id });
              const outcome = await Promise.race([
                run.result,
                crashing.dead.then(() => 'crashed' as const),
              ]);
              await Promise.all(pending);
              const store2 = new DrizzleExecutionStore(h.db());
              const atCrash = await store2.load(id);
              if (outcome !== 'crashed') {
                expect(outcome.status).toBe('COMPLETED');
              } else if (atCrash !== undefined) {
                const second = createEngine({
                  executors: { work: recording('second') },
                  store: store2,
                  clock: createManualClock(),
                });
                const recovered = await second.recover(id);
                if (recovered !== false) {
                  const result = await recovered.result;
                  expect(result.status).toBe('COMPLETED');
                }
                await second.close();
              }
              const final = await store2.load(id);
              expect(final?.status).toBe('COMPLETED');
              const done = Object.fromEntries(
                Object.entries(final!.steps).map(([k, s]) => [k, s.output]),
              );
              expect(done).toEqual(expected.outputs);
              expect(
                Object.fromEntries(Object.entries(final!.steps).map(([k, s]) => [k, s.status])),
              ).toEqual(expected.steps);
              const log = await effects(id);
              for (const stepId of Object.keys(expected.steps)) {
                const mine = log.filter((e) => e.step_id === stepId);
                expect(mine.length).toBeGreaterThanOrEqual(1);
                if (atCrash?.steps[stepId]?.status === 'COMPLETED') {
                  expect(mine.filter((e) => e.engine === 'second')).toEqual([]);
                }
              }
            },
          ),
          { numRuns },
        );
      });

      it('stores a failed run: step and execution errors, ERROR log rows', async () => {
        const store = new DrizzleExecutionStore(h.db());
        const engine = createEngine({
          executors: { boom: () => Promise.reject(new NonRetryableError('no way')) },
          store,
          clock: createManualClock(),
        });
        const run = engine.start({
          id: 'wf',
          steps: [
            { id: 'a', service: 'boom', depends_on: [] },
            { id: 'b', service: 'boom' },
          ],
        });
        const result = await run.result;
        expect(result.status).toBe('FAILED');
        const stored = await new DrizzleExecutionStore(h.db()).load(run.executionId);
        expect(stored?.steps.a).toMatchObject({ status: 'FAILED', error: { message: 'no way' } });
        expect(stored?.steps.b).toMatchObject({
          status: 'SKIPPED',
          skipReason: 'execution_failed',
        });
        expect(stored?.error?.message).toBe('no way');
        const levels = await executeRows<{
          event_type: string;
          level: string;
          error: string | null;
        }>(
          h.db(),
          sql`SELECT l.event_type, l.level, e.error FROM workflow_execution_logs l
              JOIN workflow_executions e USING (execution_id)
              WHERE l.execution_id = ${run.executionId} AND l.level = 'ERROR' ORDER BY l.seq`,
        );
        expect(levels.map((r) => r.event_type)).toEqual(['step.failed', 'execution.failed']);
        expect(levels[0]?.error).toBe('no way');
        await engine.close();
      });

      it('a paused execution survives a restart and resumes from the database with new input', async () => {
        const definition = {
          id: 'wf',
          steps: [
            {
              id: 'greet',
              service: 'echo',
              parameters: { text: 'hi ${input.name}' },
              depends_on: [],
            },
          ],
        };
        const echo: Executor = ({ params }) => Promise.resolve(params);
        const first = createEngine({
          executors: { echo },
          store: new DrizzleExecutionStore(h.db()),
          clock: createManualClock(),
        });
        const run = first.start(definition);
        const paused = await run.result;
        expect(paused).toMatchObject({ status: 'PAUSED', missingInputs: ['input.name'] });
        await first.close();
        const second = createEngine({
          executors: { echo },
          store: new DrizzleExecutionStore(h.db()),
          clock: createManualClock(),
        });
        const resumed = await second.resume(run.executionId, { input: { name: 'Ada' } });
        expect(resumed).not.toBe(false);
        const result = await (resumed as Exclude<typeof resumed, false>).result;
        expect(result).toMatchObject({
          status: 'COMPLETED',
          outputs: { greet: { text: 'hi Ada' } },
        });
        const stored = await new DrizzleExecutionStore(h.db()).load(run.executionId);
        expect(stored?.input).toEqual({ name: 'Ada' });
        await second.close();
      });

      it('a cancellation recorded by a second engine is honoured by the first', async () => {
        let release!: (v: unknown) => void;
        const slow: Executor = () =>
          new Promise((resolve) => {
            release = resolve;
          });
        let firstRun!: ReturnType<ReturnType<typeof createEngine>['start']>;
        const startedSlow = new Promise<void>((resolve) => {
          const first = createEngine({
            executors: {
              slow: (ctx) => {
                resolve();
                return slow(ctx);
              },
              work: recording('first'),
            },
            store: new DrizzleExecutionStore(h.db()),
            clock: createManualClock(),
          });
          firstRun = first.start({
            id: 'wf',
            steps: [
              { id: 'a', service: 'slow', depends_on: [] },
              { id: 'b', service: 'work', parameters: { name: 'b', deps: [] } },
            ],
          });
        });
        await startedSlow;
        const second = createEngine({
          executors: {},
          store: new DrizzleExecutionStore(h.db()),
          clock: createManualClock(),
        });
        expect(await second.cancel(firstRun.executionId, 'stop')).toBe(true);
        release({ late: true });
        const result = await firstRun.result;
        expect(result.status).toBe('CANCELLED');
        const stored = await new DrizzleExecutionStore(h.db()).load(firstRun.executionId);
        expect(stored?.status).toBe('CANCELLED');
        expect(stored?.steps.a?.status).toBe('CANCELLED');
        expect(stored?.steps.b?.status).toBe('CANCELLED');
        expect(await effects(firstRun.executionId)).toEqual([]);
        await second.close();
      });
    });
  });
}
