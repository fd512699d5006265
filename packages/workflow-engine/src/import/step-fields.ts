/**
 * Step fields that Atom's linear form and orchestrator share: retry blocks (`retry`,
 * `retry_config`, `retry_policy`), `timeout` / `timeout_seconds`, `agent_fallback_id`.
 *
 * @module
 */
import type { RetryDef } from '../types.js';
import { isObject, joinPath, present } from './import-context.js';
import type { ImportContext } from './import-context.js';
import type { Loose } from './import-context.js';

const RETRY_KEYS = ['retry', 'retry_config', 'retry_policy'] as const;

/** Keys of a step these helpers read. */
export const SHARED_STEP_KEYS: readonly string[] = [
  ...RETRY_KEYS,
  'timeout',
  'timeout_seconds',
  'fallback_service',
  'agent_fallback_id',
];

/**
 * The step's retry block in the engine's shape. The engine's own keys pass as they are;
 * the orchestrator's `max_retries` (retries after the first attempt) becomes
 * `max_attempts = max_retries + 1` and `exponential_base` becomes `backoff_rate`.
 */
export function retryOf(step: Loose, path: string, ctx: ImportContext): RetryDef | undefined {
  const key = RETRY_KEYS.find((k) => present(step[k]));
  if (key === undefined) return undefined;
  const where = joinPath(path, key);
  const block = step[key];
  if (!isObject(block)) {
    ctx.fail(
      'BAD_RETRY',
      where,
      'expected a retry object',
      'give an object such as { "max_attempts": 3 }',
    );
    return undefined;
  }
  for (const other of RETRY_KEYS) {
    if (other !== key && present(step[other])) {
      ctx.warn('FIELD_DROPPED', joinPath(path, other), `a second retry block; "${key}" is used`);
    }
  }
  const out: Record<string, unknown> = {};
  const consumed = new Set<string>();
  const take = (from: string, to: keyof RetryDef): void => {
    if (!present(block[from])) return;
    consumed.add(from);
    out[to] = block[from];
  };
  take('max_attempts', 'max_attempts');
  take('initial_delay_seconds', 'initial_delay_seconds');
  take('backoff_rate', 'backoff_rate');
  take('max_delay_seconds', 'max_delay_seconds');
  take('jitter', 'jitter');
  if (present(block.max_retries)) {
    consumed.add('max_retries');
    const retries = block.max_retries;
    if (out.max_attempts === undefined) {
      out.max_attempts = typeof retries === 'number' ? retries + 1 : retries;
      ctx.warn(
        'RETRY_MAPPED',
        joinPath(where, 'max_retries'),
        `max_retries ${String(retries)} read as max_attempts ${String(out.max_attempts)} (the first attempt counts)`,
      );
    } else {
      ctx.warn('FIELD_DROPPED', joinPath(where, 'max_retries'), 'max_attempts is given too');
    }
  }
  if (present(block.exponential_base) && out.backoff_rate === undefined) {
    consumed.add('exponential_base');
    out.backoff_rate = block.exponential_base;
  }
  ctx.dropRest(
    block,
    consumed,
    where,
    'not understood by the engine (it retries every error except NonRetryableError; filter with the retryOn engine option)',
  );
  return out;
}

/** `timeout` (seconds) or the orchestrator's `timeout_seconds`. */
export function timeoutOf(step: Loose, path: string, ctx: ImportContext): unknown {
  if (present(step.timeout)) {
    if (present(step.timeout_seconds)) {
      ctx.warn('FIELD_DROPPED', joinPath(path, 'timeout_seconds'), 'timeout is given too');
    }
    return step.timeout;
  }
  return present(step.timeout_seconds) ? step.timeout_seconds : undefined;
}

/** `fallback_service`, or the orchestrator's `agent_fallback_id` read as a fallback service. */
export function fallbackOf(step: Loose, path: string, ctx: ImportContext): string | undefined {
  const agent = step.agent_fallback_id;
  if (present(step.fallback_service)) {
    if (present(agent)) {
      ctx.warn(
        'FIELD_DROPPED',
        joinPath(path, 'agent_fallback_id'),
        'fallback_service is given too',
      );
    }
    // Passed on as is: validation reports a non-string.
    return step.fallback_service as string;
  }
  if (typeof agent !== 'string') return undefined;
  ctx.warn(
    'AGENT_FALLBACK_MAPPED',
    joinPath(path, 'agent_fallback_id'),
    `agent "${agent}" becomes the fallback service "${agent}": register an executor under that name`,
  );
  return agent;
}
