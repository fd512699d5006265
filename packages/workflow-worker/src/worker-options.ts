import type { EngineOptions, Executor } from '@atom/workflow-engine';
import { InvalidWorkerOptionError } from './errors.js';
import { databaseUrl, positiveInt } from './client.js';

/** Something a worker reports (leases, hand-backs, errors), for logs and metrics. */
export type WorkerEvent =
  | { type: 'lease.acquired'; executionId: string; owner: string; at: number }
  | { type: 'lease.released'; executionId: string; owner: string; at: number }
  | { type: 'lease.lost'; executionId: string; owner: string; at: number }
  | { type: 'execution.handed-back'; executionId: string; owner: string; at: number }
  | { type: 'takeover'; executionId: string; owner: string; from: string; at: number }
  | { type: 'error'; executionId?: string; owner: string; at: number; error: unknown };

/** Engine options a worker passes on to the engine of each execution it runs. */
export type WorkerEngineOptions = Omit<EngineOptions, 'executors' | 'store' | 'generateId'>;

/** Options of `createWorker`. */
export interface WorkerOptions {
  /** `postgres://` URL of the shared database. */
  database: string;
  /** Executors by `service.action` or `service` (as `createEngine`'s). */
  executors: Readonly<Record<string, Executor>>;
  /** Executions this worker runs at once. Default 4. */
  concurrency?: number;
  /** Lease length (ms): a crashed worker's executions are taken over this long after its last heartbeat. Default 30 000. */
  leaseMs?: number;
  /** Heartbeat period (ms), below `leaseMs`. Default `leaseMs / 3`. */
  heartbeatMs?: number;
  /**
   * How often (ms) this worker looks for expired leases of crashed or stalled workers and hands
   * them to the queue. Default `heartbeatMs / 4`.
   */
  takeoverCheckMs?: number;
  /** graphile-worker poll period for scheduled jobs (ms): watch jobs, delayed retries. Default 500. */
  pollIntervalMs?: number;
  /** `stop()` waits this long (ms) for running executions, then hands the rest back. Default 10 000. */
  stopTimeoutMs?: number;
  /** Run `setupWorkerDatabase` in `start()`. Default true. */
  setup?: boolean;
  /** This worker's id (unique per process). Default host:pid:random. */
  workerId?: string;
  /** Options of each execution's engine (retry, maxConcurrency, deadlineMs, clock, onEvent, …). */
  engine?: WorkerEngineOptions;
  /** Called with every {@link WorkerEvent}. A throwing listener is ignored. */
  onEvent?: (event: WorkerEvent) => void;
}

/** {@link WorkerOptions} validated, with defaults. */
export interface ResolvedWorkerOptions {
  database: string;
  executors: Readonly<Record<string, Executor>>;
  concurrency: number;
  leaseMs: number;
  heartbeatMs: number;
  takeoverCheckMs: number;
  pollIntervalMs: number;
  stopTimeoutMs: number;
  setup: boolean;
  workerId: string | undefined;
  engine: WorkerEngineOptions;
  onEvent: ((event: WorkerEvent) => void) | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates `createWorker` options.
 *
 * @throws `InvalidWorkerOptionError` naming the option, what was expected and what was received.
 */
export function resolveWorkerOptions(options: unknown): ResolvedWorkerOptions {
  if (!isObject(options)) throw new InvalidWorkerOptionError('options', 'an object', options);
  const database = databaseUrl(options.database);
  const executors = options.executors;
  if (!isObject(executors)) {
    throw new InvalidWorkerOptionError('executors', 'an object of functions', executors);
  }
  for (const [key, value] of Object.entries(executors)) {
    if (typeof value !== 'function') {
      throw new InvalidWorkerOptionError(`executors.${key}`, 'a function', value);
    }
  }
  const leaseMs = positiveInt('leaseMs', options.leaseMs, 30_000);
  const heartbeatMs = positiveInt('heartbeatMs', options.heartbeatMs, Math.ceil(leaseMs / 3));
  if (heartbeatMs >= leaseMs) {
    throw new InvalidWorkerOptionError(
      'heartbeatMs',
      `less than leaseMs (${leaseMs})`,
      heartbeatMs,
    );
  }
  const setup = options.setup ?? true;
  if (typeof setup !== 'boolean') throw new InvalidWorkerOptionError('setup', 'a boolean', setup);
  const workerId = options.workerId;
  if (workerId !== undefined && (typeof workerId !== 'string' || workerId === '')) {
    throw new InvalidWorkerOptionError('workerId', 'a non-empty string', workerId);
  }
  const engine = options.engine ?? {};
  if (!isObject(engine)) throw new InvalidWorkerOptionError('engine', 'an object', engine);
  const onEvent = options.onEvent;
  if (onEvent !== undefined && typeof onEvent !== 'function') {
    throw new InvalidWorkerOptionError('onEvent', 'a function', onEvent);
  }
  return {
    database,
    executors: executors as Readonly<Record<string, Executor>>,
    concurrency: positiveInt('concurrency', options.concurrency, 4),
    leaseMs,
    heartbeatMs,
    takeoverCheckMs: positiveInt(
      'takeoverCheckMs',
      options.takeoverCheckMs,
      Math.ceil(heartbeatMs / 4),
    ),
    pollIntervalMs: positiveInt('pollIntervalMs', options.pollIntervalMs, 500),
    stopTimeoutMs: positiveInt('stopTimeoutMs', options.stopTimeoutMs, 10_000),
    setup,
    workerId,
    engine: engine,
    onEvent: onEvent as ((event: WorkerEvent) => void) | undefined,
  };
}
