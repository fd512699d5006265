import {
  ExecutionAbortedError,
  NonRetryableError,
  SchemaValidationError,
  SubWorkflowDepthError,
  UnknownServiceError,
} from './errors.js';
import type { RetryPolicy } from './types.js';

/** Atom's retry default: 4 attempts in total, waiting 1, 2 and 4 seconds, no jitter. */
export const ATOM_DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 4,
  initialDelayMs: 1000,
  backoffRate: 2,
  maxDelayMs: 60_000,
  jitter: 'none',
});

/** `base` with the fields `override` sets (undefined fields of `override` are ignored). */
export function mergeRetryPolicy(base: RetryPolicy, override?: Partial<RetryPolicy>): RetryPolicy {
  if (override === undefined) return base;
  const merged: RetryPolicy = { ...base };
  for (const key of Object.keys(override) as Array<keyof RetryPolicy>) {
    const value = override[key];
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/**
 * Delay before attempt `failedAttempt + 1`: `min(maxDelay, initial · rate^(failedAttempt − 1))`;
 * with `jitter: 'full'` a uniform value in `[0, that)` drawn from `random`, capped again.
 */
export function retryDelay(
  policy: RetryPolicy,
  failedAttempt: number,
  random: () => number,
): number {
  const exponent = Math.max(0, failedAttempt - 1);
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.backoffRate ** exponent);
  if (policy.jitter === 'none') return base;
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.min(policy.maxDelayMs, base * unit);
}

/**
 * True when `error` may be retried under `policy`: never for `NonRetryableError`, schema errors,
 * unknown services, sub-workflow depth errors and cancellation; otherwise `policy.retryOn(error)`
 * (a throwing `retryOn` counts as `false`), default `true`.
 */
export function isRetryable(error: unknown, policy: RetryPolicy): boolean {
  if (
    error instanceof NonRetryableError ||
    error instanceof SchemaValidationError ||
    error instanceof UnknownServiceError ||
    error instanceof SubWorkflowDepthError ||
    error instanceof ExecutionAbortedError
  ) {
    return false;
  }
  if (policy.retryOn === undefined) return true;
  try {
    return policy.retryOn(error) === true;
  } catch {
    return false;
  }
}
