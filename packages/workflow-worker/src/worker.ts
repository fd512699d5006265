import type { Engine, Run } from '@atom/workflow-engine';
import { ConcurrentModificationError, createEngine } from '@atom/workflow-engine';
import { executeRows } from '@atom/models';
import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { EventEmitter } from 'node:events';
import type { Runner, WorkerEvents } from 'graphile-worker';
import { run as runQueue } from 'graphile-worker';
import pg from 'pg';
import type { WorkflowClient } from './client.js';
import { ClientCore, newOwnerId } from './client.js';
import { DrizzleExecutionStore } from './drizzle-execution-store.js';
import { WorkerClosedError } from './errors.js';
import { acquireLease, releaseLease, renewLeases } from './leases.js';
import { quietLogger } from './logger.js';
import type { DrivePayload, WatchPayload } from './queue.js';
import { TAKEOVER_PRIORITY, addDriveJob, addWatchJob, handOverExpiredLeases } from './queue.js';
import {
  CONTROL_CHANNEL,
  DRIVE_TASK,
  LEASES_TABLE,
  WATCH_TASK,
  WORKERS_TABLE,
} from './schema-sql.js';
import { setupWorkerDatabase } from './setup-database.js';
import type { ResolvedWorkerOptions, WorkerEvent, WorkerOptions } from './worker-options.js';
import { resolveWorkerOptions } from './worker-options.js';

/** A worker process's handle: runs executions from the queue; also a {@link WorkflowClient}. */
export interface Worker extends WorkflowClient {
  /** This worker's id (the lease owner it writes). */
  readonly id: string;
  /** Connects, prepares the database (unless `setup: false`), starts the heartbeat and takes jobs. */
  start(): Promise<void>;
  /**
   * Graceful stop: takes no new job, waits up to `stopTimeoutMs` for the running executions, then
   * hands the rest back (aborts their executors, releases their leases, re-enqueues them), and
   * closes every connection.
   */
  stop(): Promise<void>;
  /** Ids of the executions this worker runs now. */
  running(): string[];
}

interface Held {
  /** The drive job it runs for: re-queued as is (a resume with its input) if the lease is lost. */
  payload: DrivePayload;
  engine: Engine | undefined;
  /** `performance.now()` when the lease was taken (a heartbeat sent before cannot renew it). */
  acquiredAt: number;
  /**
   * `performance.now()` by which the lease has surely expired unless renewed: a lease's length
   * after the acquisition or the last renewal that included it was sent.
   */
  validUntil: number;
  lost: boolean;
  handedBack: boolean;
  pendingCancel: { reason: string | undefined } | undefined;
  done: Promise<void>;
}

class WorkerImpl extends ClientCore implements Worker {
  readonly id: string;
  readonly options: ResolvedWorkerOptions;
  readonly #held = new Map<string, Held>();
  /** Executions this worker is acquiring the lease of: a second drive of one waits, as if held. */
  readonly #claiming = new Set<string>();
  #pool: pg.Pool | undefined;
  #runners: Runner[] = [];
  #heartbeat: NodeJS.Timeout | undefined;
  /** The heartbeat in flight, if any: it upserts this worker's row, so stop() awaits it. */
  #beating: Promise<void> | undefined;
  #handOver: NodeJS.Timeout | undefined;
  #handingOver = false;
  #validity: NodeJS.Timeout | undefined;
  #offControl: (() => void) | undefined;
  #stopping = false;
  #started = false;

  constructor(options: ResolvedWorkerOptions) {
    super({ database: options.database, leaseMs: options.leaseMs }, options.concurrency + 2);
    this.options = options;
    this.id = options.workerId ?? newOwnerId('worker');
  }

  running(): string[] {
    return [...this.#held.keys()];
  }

  #emit(event: WorkerEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A throwing listener changes nothing.
    }
  }

  async start(): Promise<void> {
    this.assertOpen('start');
    if (this.#started) return;
    this.#started = true;
    const o = this.options;
    if (o.setup) await setupWorkerDatabase(o.database);
    await renewLeases(this.db, this.id, o.leaseMs); // registers the worker row
    await addWatchJob(this.db, this.id, 'lease', o.leaseMs);
    const listener = await this.listener();
    this.#offControl = listener.on(CONTROL_CHANNEL, (payload) => this.#onControl(payload));
    this.#heartbeat = setInterval(() => {
      // One heartbeat at a time: a slow one is not overtaken by the next.
      this.#beating ??= this.#beat().finally(() => (this.#beating = undefined));
    }, o.heartbeatMs);
    this.#handOver = setInterval(() => void this.#handOverExpired(), o.takeoverCheckMs);
    this.#pool = new pg.Pool({ connectionString: o.database, max: o.concurrency + 4 });
    // Errors of idle or busy connections surface as failed queries; never crash the process.
    this.#pool.on('error', () => undefined);
    this.#pool.on('connect', (client) => client.on('error', () => undefined));
    const common = {
      pgPool: this.#pool,
      pollInterval: o.pollIntervalMs,
      noHandleSignals: true,
      logger: quietLogger,
      gracefulShutdownAbortTimeout: o.stopTimeoutMs + 60_000,
    };
    // The queue's worker ids are recorded, so that the jobs of a dead process can be unlocked.
    const events = new EventEmitter() as WorkerEvents;
    const queueIds: string[] = [];
    events.on('worker:create', ({ worker }) => queueIds.push(worker.workerId));
    this.#runners.push(
      await runQueue({
        ...common,
        events,
        concurrency: o.concurrency,
        taskList: { [DRIVE_TASK]: (payload) => this.#drive(payload as DrivePayload) },
      }),
      await runQueue({
        ...common,
        events,
        concurrency: 1,
        taskList: { [WATCH_TASK]: (payload) => this.#watch(payload as WatchPayload) },
      }),
    );
    await this.db.execute(
      sql`UPDATE ${sql.raw(WORKERS_TABLE)} SET queue_ids = ${textArray(queueIds)} WHERE owner = ${this.id}`,
    );
  }

  /**
   * Local lease validity: a lease that no heartbeat renewed for a whole lease since it was taken or
   * last renewed is lost (its executors aborted before another worker may take it over). Leases
   * taken after a heartbeat stalled keep their own lease length.
   */
  #armValidity(): void {
    clearTimeout(this.#validity);
    let next = Infinity;
    for (const held of this.#held.values()) {
      if (!held.lost && !held.handedBack) next = Math.min(next, held.validUntil);
    }
    if (next === Infinity) return;
    this.#validity = setTimeout(
      () => {
        const now = performance.now();
        for (const [id, held] of this.#held) if (held.validUntil <= now) this.#lose(id);
        this.#armValidity();
      },
      Math.max(0, next - performance.now()),
    );
  }

  async #beat(): Promise<void> {
    const sentAt = performance.now();
    let renewed: Set<string>;
    try {
      renewed = await renewLeases(this.db, this.id, this.options.leaseMs);
    } catch (error) {
      this.#emit({ type: 'error', owner: this.id, at: Date.now(), error });
      return;
    }
    for (const [id, held] of this.#held) {
      if (renewed.has(id))
        held.validUntil = Math.max(held.validUntil, sentAt + this.options.leaseMs);
      else if (held.acquiredAt < sentAt) this.#lose(id);
    }
    this.#armValidity();
  }

  /**
   * Every live worker hands expired leases (of crashed or stalled workers) to the queue every
   * `takeoverCheckMs`: with any worker alive, a crash is taken over within `takeoverCheckMs` of the lease's
   * expiry plus one queue pick-up.
   */
  async #handOverExpired(): Promise<void> {
    if (this.#handingOver) return;
    this.#handingOver = true;
    try {
      await handOverExpiredLeases(this.db);
    } catch (error) {
      this.#emit({ type: 'error', owner: this.id, at: Date.now(), error });
    } finally {
      this.#handingOver = false;
    }
  }

  /** The lease of `id` is gone: abort its executors and stop writing; let another worker continue. */
  #lose(id: string): void {
    const held = this.#held.get(id);
    if (held === undefined || held.lost || held.handedBack) return;
    held.lost = true;
    this.#emit({ type: 'lease.lost', executionId: id, owner: this.id, at: Date.now() });
    void held.engine?.close();
    // The hand-over may have queued it already (or removed the row first): a duplicate is harmless.
    // A resume goes with it: it applies only while the run is still at the pause it was sent for.
    const again: DrivePayload = { executionId: id };
    if (held.payload.resume !== undefined) again.resume = held.payload.resume;
    void addDriveJob(this.db, again, 0, TAKEOVER_PRIORITY).catch(() => undefined);
  }

  #onControl(payload: string): void {
    let message: { op?: unknown; executionId?: unknown; reason?: unknown };
    try {
      message = JSON.parse(payload) as typeof message;
    } catch {
      return;
    }
    if (message.op !== 'cancel' || typeof message.executionId !== 'string') return;
    const held = this.#held.get(message.executionId);
    if (held === undefined) return;
    const reason = typeof message.reason === 'string' ? message.reason : undefined;
    if (held.engine === undefined) held.pendingCancel = { reason };
    else void held.engine.cancel(message.executionId, reason).catch(() => undefined);
  }

  async #drive(payload: DrivePayload): Promise<void> {
    const id = payload.executionId;
    if (this.#stopping) {
      await addDriveJob(this.db, payload);
      return;
    }
    if (this.#held.has(id) || this.#claiming.has(id)) {
      // Held for another drive (a hand-over's, say): a resume waits its turn instead of being lost.
      if (payload.resume !== undefined) await addDriveJob(this.db, payload, 100);
      return;
    }
    this.#claiming.add(id);
    const asked = performance.now();
    let previous: { owner: string }[];
    let acquired: boolean;
    try {
      previous = await executeRows<{ owner: string }>(
        this.db,
        sql`SELECT owner FROM ${sql.raw(LEASES_TABLE)} WHERE execution_id = ${id}`,
      );
      acquired = await acquireLease(this.db, id, this.id, this.options.leaseMs);
    } finally {
      this.#claiming.delete(id);
    }
    if (!acquired) {
      // A resume can arrive while the last owner is still releasing the PAUSED run: retry soon.
      if (payload.resume !== undefined) await addDriveJob(this.db, payload, 100);
      return;
    }
    let finish: () => void = () => undefined;
    const held: Held = {
      payload,
      engine: undefined,
      acquiredAt: performance.now(),
      validUntil: asked + this.options.leaseMs,
      lost: false,
      handedBack: false,
      pendingCancel: undefined,
      done: new Promise<void>((resolve) => (finish = resolve)),
    };
    this.#held.set(id, held);
    this.#armValidity();
    const at = Date.now();
    this.#emit({ type: 'lease.acquired', executionId: id, owner: this.id, at });
    // The lease row names the previous owner, unless the watch job already removed it (expired):
    // then the drive job carries it.
    const from = previous[0]?.owner ?? payload.from;
    if (from !== undefined && from !== this.id) {
      this.#emit({ type: 'takeover', executionId: id, owner: this.id, from, at });
    }
    try {
      await this.#runHeld(id, held, payload);
    } finally {
      this.#held.delete(id);
      if (!held.lost && !held.handedBack) {
        // Release and, if the run is still unfinished (an error it could not save, a run that kept
        // conflicting), hand it back to the queue in the same transaction: an execution is never
        // left RUNNING with neither a lease nor a job.
        await this.db.transaction(async (tx) => {
          await releaseLease(tx, id, this.id);
          const rows = await executeRows<{ status: string }>(
            tx,
            sql`SELECT status::text AS status FROM workflow_executions WHERE execution_id = ${id}`,
          );
          const status = rows[0]?.status;
          if (status === 'PENDING' || status === 'RUNNING') {
            await addDriveJob(tx, { executionId: id }, 100, TAKEOVER_PRIORITY);
          }
        });
        this.#emit({ type: 'lease.released', executionId: id, owner: this.id, at: Date.now() });
      }
      finish();
    }
  }

  async #runHeld(id: string, held: Held, payload: DrivePayload): Promise<void> {
    const store = new DrizzleExecutionStore(this.db, { leaseOwner: this.id });
    for (let round = 0; round < 3 && !held.lost && !held.handedBack; round++) {
      const snapshot = await store.load(id);
      if (snapshot === undefined) return;
      const engine = createEngine({
        ...this.options.engine,
        executors: this.options.executors,
        store,
      });
      held.engine = engine;
      let run: Run | false = false;
      if (snapshot.status === 'PENDING' || snapshot.status === 'RUNNING') {
        run = await engine.recover(id);
      } else if (
        snapshot.status === 'PAUSED' &&
        payload.resume !== undefined &&
        (payload.resume.version ?? snapshot.version) === snapshot.version
      ) {
        run = await engine.resume(id, { input: payload.resume.input });
      }
      if (run === false) {
        await engine.close();
        return;
      }
      if (held.pendingCancel !== undefined) {
        void engine.cancel(id, held.pendingCancel.reason).catch(() => undefined);
      }
      try {
        await run.result;
        return;
      } catch (error) {
        await engine.close();
        // A lost lease or a hand-back stop here; a racing writer (a client's cancel): reload.
        if (!(error instanceof ConcurrentModificationError)) {
          if (!held.lost && !held.handedBack) {
            this.#emit({ type: 'error', executionId: id, owner: this.id, at: Date.now(), error });
          }
          return;
        }
      } finally {
        await engine.close();
      }
    }
  }

  /**
   * The watch job of worker `owner`: while `owner` is alive, reschedules itself at its expiry; once
   * it is dead, unlocks the queue jobs it held, checks once more a lease later (late stale jobs),
   * then deletes its row. (Its expired leases are handed over by every live worker's hand-over.)
   */
  async #watch(payload: WatchPayload): Promise<void> {
    const owner = payload.owner;
    const leaseMs = this.options.leaseMs;
    await this.db.transaction(async (tx) => {
      const rows = await executeRows<{
        alive: boolean | null;
        queue_ids: string[] | null;
        next: string | Date | null;
      }>(
        tx,
        sql`SELECT w.expires_at > now() AS alive, w.queue_ids,
              CASE WHEN w.expires_at > now() THEN w.expires_at
                WHEN w.expires_at + ${leaseMs} * interval '1 millisecond' > now()
                  THEN w.expires_at + ${leaseMs} * interval '1 millisecond' END AS next
            FROM (SELECT ${owner}::text AS owner) o
            LEFT JOIN ${sql.raw(WORKERS_TABLE)} w ON w.owner = o.owner`,
      );
      const { alive, queue_ids, next } = rows[0]!;
      if (alive !== true) {
        // Queue jobs locked by the dead process, or locked for over a lease by a queue worker no
        // live process has, would stay locked for hours: unlock them; they run again (drive jobs
        // are idempotent).
        const stale = await executeRows<{ ids: string[] }>(
          tx,
          sql`SELECT coalesce(array_agg(DISTINCT j.locked_by), '{}') AS ids
              FROM graphile_worker.jobs j
              WHERE j.locked_by = ANY (${textArray(queue_ids ?? [])})
                OR (j.locked_by IS NOT NULL
                  AND j.locked_at < now() - ${leaseMs} * interval '1 millisecond'
                  AND NOT EXISTS (SELECT 1 FROM ${sql.raw(WORKERS_TABLE)} w
                    WHERE w.expires_at > now() AND j.locked_by = ANY (w.queue_ids)))`,
        );
        const ids = stale[0]!.ids;
        if (ids.length > 0) {
          await tx.execute(sql`SELECT graphile_worker.force_unlock_workers(${textArray(ids)})`);
          await tx.execute(sql`SELECT pg_notify('jobs:insert', '{"count":1000}')`);
        }
      }
      if (next !== null) await addWatchJob(tx, owner, new Date(next), leaseMs);
      else {
        await tx.execute(sql`DELETE FROM ${sql.raw(WORKERS_TABLE)} WHERE owner = ${owner}`);
      }
    });
  }

  async stop(): Promise<void> {
    if (this.closed || this.#stopping) return;
    this.#stopping = true;
    const stopping = Promise.all(this.#runners.map((r) => r.stop()));
    const all = Promise.all([...this.#held.values()].map((h) => h.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      all,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.stopTimeoutMs))),
    ]);
    clearTimeout(timer);
    for (const [id, held] of this.#held) {
      held.handedBack = true;
      await held.engine?.close();
      await releaseLease(this.db, id, this.id);
      await addDriveJob(this.db, { executionId: id });
      this.#emit({
        type: 'execution.handed-back',
        executionId: id,
        owner: this.id,
        at: Date.now(),
      });
    }
    await stopping;
    clearInterval(this.#heartbeat);
    clearInterval(this.#handOver);
    await this.#beating;
    clearTimeout(this.#validity);
    this.#offControl?.();
    if (this.#started) {
      await this.db.execute(sql`DELETE FROM ${sql.raw(WORKERS_TABLE)} WHERE owner = ${this.id}`);
      await this.db.execute(sql`SELECT graphile_worker.remove_job(${`watch:${this.id}`})`);
    }
    await this.#pool?.end();
    await this.close();
  }

  override async submit(
    definition: unknown,
    input?: Record<string, unknown>,
    options?: { executionId?: string },
  ): Promise<string> {
    if (this.#stopping && !this.closed) throw new WorkerClosedError('submit');
    return super.submit(definition, input, options);
  }
}

/** A `text[]` parameter (drizzle would expand a JS array into a row). */
function textArray(values: readonly string[]): SQL {
  return sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/**
 * Creates a worker: it takes executions from the shared queue (graphile-worker), runs each under a
 * lease renewed by heartbeat, continues the executions of crashed workers, and obeys cancels sent
 * from any process. Call `start()`; `stop()` is graceful.
 *
 * @throws `InvalidWorkerOptionError` naming the option.
 * @example
 * const worker = createWorker({ database: process.env.DATABASE_URL!, executors, concurrency: 8 });
 * await worker.start();
 * process.on('SIGTERM', () => void worker.stop());
 */
export function createWorker(options: WorkerOptions): Worker {
  return new WorkerImpl(resolveWorkerOptions(options));
}
