import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { ConditionEvaluator } from './conditions.js';
import { defaultConditionEvaluator } from './conditions.js';
import { InvalidOptionError } from './errors.js';
import type { EngineEvent } from './events.js';
import { InMemoryExecutionStore } from './in-memory-store.js';
import { ATOM_DEFAULT_RETRY, mergeRetryPolicy } from './retry.js';
import type { ExecutionStore } from './store.js';
import type { RetryPolicy, WorkflowNode } from './types.js';

/** What an executor receives for one attempt. */
export interface ExecutorContext {
  /** The normalised step being run. */
  step: WorkflowNode;
  /** The step's parameters with every `${…}` reference resolved. */
  params: Record<string, unknown>;
  /** The execution id. */
  executionId: string;
  /** Attempt number of the current service, from 1 (again from 1 for the fallback). */
  attempt: number;
  /** Aborts on timeout (`StepTimeoutError`), cancel, execution failure or `engine.close()`. */
  signal: AbortSignal;
  /** `${executionId}:${stepId}`: the same for every attempt of the step. */
  idempotencyKey: string;
  /** True when the fallback service runs. */
  fallback: boolean;
  /** The service this attempt runs (`step.service`, or `step.fallbackService`). */
  service: string;
  /** Sub-workflow nesting depth of the execution (0 at the top). */
  depth: number;
}

/** Runs one attempt of a step: returns (or resolves to) the step output, JSON; throws (or rejects) to fail. */
export type Executor = (ctx: ExecutorContext) => unknown;

/** Options of `createEngine`. */
export interface EngineOptions {
  /** Executors by `service.action` or `service`. Default `{}`. */
  executors?: Readonly<Record<string, Executor>>;
  /** Persistence. Default: a new `InMemoryExecutionStore`. */
  store?: ExecutionStore;
  /** Time source for every delay. Default `systemClock`. */
  clock?: Clock;
  /** Random source in [0, 1) for retry jitter. Default `Math.random`. */
  random?: () => number;
  /** Running steps per execution: a positive integer or `Infinity`. Default 5. */
  maxConcurrency?: number;
  /** Running steps over all executions of this engine: a positive integer or `Infinity`. Default `Infinity`. */
  globalConcurrency?: number;
  /** Milliseconds after creation at which an execution FAILS with `DeadlineExceededError`. Default none. */
  deadlineMs?: number;
  /** Engine-wide retry policy (steps override fields). Default Atom's: 4 attempts, 1/2/4 s. */
  retry?: Partial<RetryPolicy>;
  /** Called with every persisted event, in order. A throwing listener is ignored. */
  onEvent?: (event: EngineEvent) => void;
  /** Condition compiler. Default `defaultConditionEvaluator` (CEL). */
  conditions?: ConditionEvaluator;
  /** Execution id generator. Default `crypto.randomUUID`. */
  generateId?: () => string;
}

/** {@link EngineOptions} with every default filled in. */
export interface ResolvedEngineOptions {
  executors: Readonly<Record<string, Executor>>;
  store: ExecutionStore;
  clock: Clock;
  random: () => number;
  maxConcurrency: number;
  globalConcurrency: number;
  deadlineMs: number | undefined;
  retry: RetryPolicy;
  onEvent: ((event: EngineEvent) => void) | undefined;
  conditions: ConditionEvaluator;
  generateId: () => string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function limit(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  // Number.isInteger and Number.isFinite are false for anything but a number.
  if (value === Infinity || (Number.isInteger(value) && (value as number) >= 1)) {
    return value as number;
  }
  throw new InvalidOptionError(name, 'a positive integer or Infinity', value);
}

function fn<T>(name: string, value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw new InvalidOptionError(name, 'a function', value);
  return value as T;
}

/**
 * Validates a (partial) retry policy and returns it merged into `base`.
 *
 * @throws {@link InvalidOptionError} naming `name.field`.
 */
export function validateRetryPolicy(name: string, value: unknown, base: RetryPolicy): RetryPolicy {
  if (value === undefined) return base;
  if (!isObject(value)) throw new InvalidOptionError(name, 'an object', value);
  const { maxAttempts, initialDelayMs, backoffRate, maxDelayMs, jitter, retryOn } = value;
  if (
    maxAttempts !== undefined &&
    !(
      Number.isInteger(maxAttempts) &&
      (maxAttempts as number) >= 1 &&
      (maxAttempts as number) <= 100
    )
  ) {
    throw new InvalidOptionError(`${name}.maxAttempts`, 'an integer from 1 to 100', maxAttempts);
  }
  for (const [key, v] of [
    ['initialDelayMs', initialDelayMs],
    ['maxDelayMs', maxDelayMs],
  ] as const) {
    if (v !== undefined && !(Number.isFinite(v) && (v as number) >= 0)) {
      throw new InvalidOptionError(`${name}.${key}`, 'a finite number ≥ 0', v);
    }
  }
  if (
    backoffRate !== undefined &&
    !(Number.isFinite(backoffRate) && (backoffRate as number) >= 1)
  ) {
    throw new InvalidOptionError(`${name}.backoffRate`, 'a finite number ≥ 1', backoffRate);
  }
  if (jitter !== undefined && jitter !== 'none' && jitter !== 'full') {
    throw new InvalidOptionError(`${name}.jitter`, '"none" or "full"', jitter);
  }
  fn(`${name}.retryOn`, retryOn, undefined);
  return mergeRetryPolicy(base, value);
}

/**
 * Validates `createEngine` options and fills in defaults.
 *
 * @throws {@link InvalidOptionError} naming the option, what was expected and what was received.
 */
export function resolveEngineOptions(options: unknown): ResolvedEngineOptions {
  if (options === undefined) options = {};
  if (!isObject(options)) throw new InvalidOptionError('options', 'an object', options);
  const o = options;
  const executors = o.executors ?? {};
  if (!isObject(executors))
    throw new InvalidOptionError('executors', 'an object of functions', executors);
  for (const [key, value] of Object.entries(executors)) {
    if (typeof value !== 'function')
      throw new InvalidOptionError(`executors.${key}`, 'a function', value);
  }
  const store = o.store ?? new InMemoryExecutionStore();
  if (
    !isObject(store) ||
    typeof store.create !== 'function' ||
    typeof store.load !== 'function' ||
    typeof store.save !== 'function' ||
    typeof store.listEvents !== 'function'
  ) {
    throw new InvalidOptionError(
      'store',
      'an ExecutionStore (create, load, save, listEvents)',
      store,
    );
  }
  const clock = o.clock ?? systemClock;
  if (
    !isObject(clock) ||
    typeof clock.now !== 'function' ||
    typeof clock.setTimeout !== 'function' ||
    typeof clock.clearTimeout !== 'function'
  ) {
    throw new InvalidOptionError('clock', 'a Clock { now, setTimeout, clearTimeout }', clock);
  }
  const deadlineMs = o.deadlineMs;
  if (deadlineMs !== undefined && !(Number.isFinite(deadlineMs) && (deadlineMs as number) > 0)) {
    throw new InvalidOptionError('deadlineMs', 'a finite number > 0', deadlineMs);
  }
  const conditions = o.conditions ?? defaultConditionEvaluator;
  if (!isObject(conditions) || typeof conditions.compile !== 'function') {
    throw new InvalidOptionError('conditions', 'a ConditionEvaluator { compile }', conditions);
  }
  return {
    executors: executors as Readonly<Record<string, Executor>>,
    store: store as unknown as ExecutionStore,
    clock: clock as unknown as Clock,
    random: fn('random', o.random, Math.random),
    maxConcurrency: limit('maxConcurrency', o.maxConcurrency, 5),
    globalConcurrency: limit('globalConcurrency', o.globalConcurrency, Infinity),
    deadlineMs: deadlineMs as number | undefined,
    retry: validateRetryPolicy('retry', o.retry, ATOM_DEFAULT_RETRY),
    onEvent: fn('onEvent', o.onEvent, undefined),
    conditions: conditions as unknown as ConditionEvaluator,
    generateId: fn('generateId', o.generateId, () => crypto.randomUUID()),
  };
}
