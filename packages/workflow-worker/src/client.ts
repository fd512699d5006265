import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '@atom/models';
import { createDb } from '@atom/models';
import type { ConditionEvaluator, ExecutionResult, ExecutionSnapshot } from '@atom/workflow-engine';
import { assertValidWorkflow, createEngine, initialSnapshot } from '@atom/workflow-engine';
import { sql } from 'drizzle-orm';
import { DrizzleExecutionStore } from './drizzle-execution-store.js';
import {
  ExecutionLeasedError,
  ExecutionNotFoundError,
  InvalidWorkerOptionError,
  ResultTimeoutError,
  WorkerClosedError,
} from './errors.js';
import { acquireLease, readLease, releaseLease } from './leases.js';
import type { Listener } from './listener.js';
import { createListener } from './listener.js';
import { addDriveJob } from './queue.js';
import { SETTLED_STATUSES, TERMINAL_STATUSES, resultOf } from './result-of.js';
import { CONTROL_CHANNEL, STATUS_CHANNEL } from './schema-sql.js';

/** Options of {@link createWorkflowClient}. */
export interface WorkflowClientOptions {
  /** `postgres://` URL of the database shared with the workers (prepared by `setupWorkerDatabase`). */
  database: string;
  /** Lease taken while a client cancels an execution no worker holds (ms). Default 30 000. */
  leaseMs?: number;
  /** Condition evaluator used to validate definitions at `submit` (default CEL). */
  conditions?: ConditionEvaluator;
}

/** Options of {@link WorkflowClient.submit}. */
export interface SubmitOptions {
  /** Choose the execution id (default a random UUID). */
  executionId?: string;
}

/** Options of {@link WorkflowClient.result}. */
export interface ResultOptions {
  /** Reject with `ResultTimeoutError` after this many ms. Default: wait forever. */
  timeoutMs?: number;
}

/**
 * Submits and controls executions from any process; the workers run them. Every method works
 * whichever process (or worker) runs the execution.
 */
export interface WorkflowClient {
  /**
   * Validates `definition`, stores a PENDING execution and enqueues it, in one transaction.
   *
   * @returns the execution id.
   * @throws `WorkflowValidationError` (every issue listed; nothing stored or enqueued),
   *   `InvalidWorkerOptionError` (input not an object), `DuplicateExecutionError` (known id).
   */
  submit(
    definition: unknown,
    input?: Record<string, unknown>,
    options?: SubmitOptions,
  ): Promise<string>;
  /**
   * The stored snapshot.
   *
   * @throws `ExecutionNotFoundError`.
   */
  get(executionId: string): Promise<ExecutionSnapshot>;
  /**
   * Waits until the execution is terminal or PAUSED (LISTEN/NOTIFY, no polling) and returns its
   * result.
   *
   * @throws `ExecutionNotFoundError`, `ResultTimeoutError`.
   */
  result(executionId: string, options?: ResultOptions): Promise<ExecutionResult>;
  /**
   * Cancels a non-terminal execution: the owning worker is told through NOTIFY and aborts its
   * running executors' signals; an execution no worker holds is cancelled here, under a lease.
   *
   * @returns true once it is CANCELLED; false when it was (or became) terminal otherwise.
   * @throws `ExecutionNotFoundError`.
   */
  cancel(executionId: string, reason?: string): Promise<boolean>;
  /**
   * Continues a PAUSED execution with more input (shallow merge) on some worker; resolves once a
   * worker has moved it out of PAUSED (or after `leaseMs` if every worker is busy: it stays
   * queued). It applies to the pause it saw: if the execution was resumed and paused again
   * meanwhile, this input is not applied.
   *
   * @returns false when it is not PAUSED.
   * @throws `ExecutionNotFoundError`.
   */
  resume(executionId: string, input?: Record<string, unknown>): Promise<boolean>;
  /**
   * Asks the workers to continue an execution left RUNNING or PENDING without a live lease.
   *
   * @returns false when it is not RUNNING or PENDING.
   * @throws `ExecutionLeasedError` when a live worker holds it; `ExecutionNotFoundError`.
   */
  recover(executionId: string): Promise<boolean>;
  /** Closes the connections. */
  close(): Promise<void>;
}

/** A unique worker/client id: host, pid and a random suffix. */
export function newOwnerId(kind: string): string {
  return `${kind}:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Validates a `postgres://` URL option. */
export function databaseUrl(value: unknown): string {
  if (typeof value !== 'string' || !/^postgres(ql)?:\/\//.test(value)) {
    throw new InvalidWorkerOptionError('database', 'a postgres:// connection URL', value);
  }
  return value;
}

/** Validates a positive integer option (ms, counts). */
export function positiveInt(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidWorkerOptionError(name, 'a positive integer', value);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The client implementation; a worker extends it. */
export class ClientCore implements WorkflowClient {
  readonly url: string;
  readonly db: Db;
  readonly leaseMs: number;
  readonly clientOwner: string;
  readonly store: DrizzleExecutionStore;
  readonly #conditions: ConditionEvaluator | undefined;
  #listener: Promise<Listener> | undefined;
  closed = false;

  constructor(options: WorkflowClientOptions, poolSize: number) {
    if (!isPlainObject(options))
      throw new InvalidWorkerOptionError('options', 'an object', options);
    this.url = databaseUrl(options.database);
    this.leaseMs = positiveInt('leaseMs', options.leaseMs, 30_000);
    this.#conditions = options.conditions;
    this.db = createDb(this.url, { max: poolSize });
    this.store = new DrizzleExecutionStore(this.db);
    this.clientOwner = newOwnerId('client');
  }

  protected assertOpen(what: string): void {
    if (this.closed) throw new WorkerClosedError(what);
  }

  /** The shared LISTEN connection, opened on first use. */
  listener(): Promise<Listener> {
    this.#listener ??= createListener(this.url, [STATUS_CHANNEL, CONTROL_CHANNEL]);
    return this.#listener;
  }

  async submit(
    definition: unknown,
    input: Record<string, unknown> = {},
    options: SubmitOptions = {},
  ): Promise<string> {
    this.assertOpen('submit');
    const workflow =
      this.#conditions === undefined
        ? assertValidWorkflow(definition)
        : assertValidWorkflow(definition, { conditions: this.#conditions });
    if (!isPlainObject(input)) throw new InvalidWorkerOptionError('input', 'a JSON object', input);
    const executionId = options.executionId ?? randomUUID();
    if (typeof executionId !== 'string' || executionId === '') {
      throw new InvalidWorkerOptionError('executionId', 'a non-empty string', executionId);
    }
    const snapshot = initialSnapshot(workflow, executionId, input, Date.now());
    await this.db.transaction(async (tx) => {
      await new DrizzleExecutionStore(tx).create(snapshot);
      await addDriveJob(tx, { executionId });
    });
    return executionId;
  }

  async get(executionId: string): Promise<ExecutionSnapshot> {
    this.assertOpen('get');
    const snapshot = await this.store.load(executionId);
    if (snapshot === undefined) throw new ExecutionNotFoundError(executionId);
    return snapshot;
  }

  /**
   * Waits until the stored status of `executionId` satisfies `accept` (LISTEN first, then one read,
   * so no change is missed).
   */
  async waitForStatus(
    executionId: string,
    accept: (status: string) => boolean,
    timeoutMs: number | undefined,
    returnOnNotice = false,
  ): Promise<ExecutionSnapshot> {
    const listener = await this.listener();
    let wake: () => void = () => undefined;
    let changed = false;
    const off = listener.on(STATUS_CHANNEL, (payload) => {
      const colon = payload.indexOf(':');
      if (payload.slice(colon + 1) === executionId && accept(payload.slice(0, colon))) {
        changed = true;
        wake();
      }
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        if (timeoutMs !== undefined) {
          timer = setTimeout(
            () => reject(new ResultTimeoutError(executionId, timeoutMs)),
            timeoutMs,
          );
        }
      });
      timeout.catch(() => undefined);
      for (;;) {
        const woke = new Promise<void>((resolve) => (wake = resolve));
        const snapshot = await this.get(executionId);
        if (accept(snapshot.status) || (returnOnNotice && changed)) return snapshot;
        if (!changed) await Promise.race([woke, timeout]);
        // A notice that is not a status (RELEASED) is answered on the next pass: keep it.
        if (!returnOnNotice) changed = false;
      }
    } finally {
      off();
      clearTimeout(timer);
    }
  }

  async result(executionId: string, options: ResultOptions = {}): Promise<ExecutionResult> {
    this.assertOpen('result');
    const timeoutMs =
      options.timeoutMs === undefined ? undefined : positiveInt('timeoutMs', options.timeoutMs, 1);
    const snapshot = await this.waitForStatus(
      executionId,
      (s) => SETTLED_STATUSES.has(s),
      timeoutMs,
    );
    return resultOf(snapshot);
  }

  async cancel(executionId: string, reason?: string): Promise<boolean> {
    this.assertOpen('cancel');
    for (;;) {
      const snapshot = await this.get(executionId);
      if (TERMINAL_STATUSES.has(snapshot.status)) return false;
      const lease = await readLease(this.db, executionId);
      if (lease?.live === true) {
        // The owner cancels: wait for a terminal status, or for the owner to release the lease
        // (it had finished its run), at most until its lease could have expired. Listening
        // before the cancel is sent: a quick release must not be missed.
        await this.listener();
        const wait = this.waitForStatus(
          executionId,
          (s) => TERMINAL_STATUSES.has(s) || s === 'RELEASED',
          Math.max(lease.expiresAt.getTime() - Date.now(), 0) + this.leaseMs + 1000,
          true,
        );
        wait.catch(() => undefined);
        const message = JSON.stringify({ op: 'cancel', executionId, reason });
        await this.db.execute(sql`SELECT pg_notify(${CONTROL_CHANNEL}, ${message})`);
        let after: ExecutionSnapshot;
        try {
          after = await wait;
        } catch {
          continue; // the owner died meanwhile: its lease has expired, cancel here
        }
        if (TERMINAL_STATUSES.has(after.status)) return after.status === 'CANCELLED';
        continue; // released without cancelling (its run had settled PAUSED): cancel here
      }
      if (!(await acquireLease(this.db, executionId, this.clientOwner, this.leaseMs))) continue;
      try {
        const store = new DrizzleExecutionStore(this.db, { leaseOwner: this.clientOwner });
        const engine = createEngine({ store });
        return await engine.cancel(executionId, reason);
      } finally {
        await releaseLease(this.db, executionId, this.clientOwner);
      }
    }
  }

  async resume(executionId: string, input: Record<string, unknown> = {}): Promise<boolean> {
    this.assertOpen('resume');
    if (!isPlainObject(input)) throw new InvalidWorkerOptionError('input', 'a JSON object', input);
    const snapshot = await this.get(executionId);
    if (snapshot.status !== 'PAUSED') return false;
    const left = this.waitForStatus(executionId, (s) => s !== 'PAUSED', this.leaseMs);
    left.catch(() => undefined);
    await addDriveJob(this.db, {
      executionId,
      resume: { input, version: snapshot.version },
    });
    // Resolves once a worker took it; if every worker is busy for a whole lease, it stays queued.
    await left.catch(() => undefined);
    return true;
  }

  async recover(executionId: string): Promise<boolean> {
    this.assertOpen('recover');
    const snapshot = await this.get(executionId);
    if (snapshot.status !== 'RUNNING' && snapshot.status !== 'PENDING') return false;
    const lease = await readLease(this.db, executionId);
    if (lease?.live === true) {
      throw new ExecutionLeasedError(executionId, lease.owner, lease.expiresAt);
    }
    await addDriveJob(this.db, { executionId });
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const listener = this.#listener;
    if (listener !== undefined) await (await listener).close();
    await this.db.close();
  }
}

/**
 * Creates a client of the workers sharing `options.database`: submit, get, result, cancel, resume
 * and recover from any process.
 *
 * @throws `InvalidWorkerOptionError` naming the option.
 * @example
 * const client = createWorkflowClient({ database: process.env.DATABASE_URL! });
 * const id = await client.submit(definition, { user: 'ada' });
 * const result = await client.result(id);
 */
export function createWorkflowClient(options: WorkflowClientOptions): WorkflowClient {
  return new ClientCore(options, 4);
}
