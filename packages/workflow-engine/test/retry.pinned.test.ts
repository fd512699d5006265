// Pins isRetryable's use of `retryOn` (survivors of a mutation run: a `retryOn` returning `true`
// was never tested, so "always false" survived).
import { describe, expect, it } from 'vitest';
import { NonRetryableError } from '../src/errors.js';
import { ATOM_DEFAULT_RETRY, isRetryable, retryDelay } from '../src/retry.js';

describe('isRetryable with retryOn', () => {
  it('retries when retryOn returns true, and passes it the error', () => {
    const error = new Error('flaky');
    const seen: unknown[] = [];
    const policy = {
      ...ATOM_DEFAULT_RETRY,
      retryOn: (e: unknown) => {
        seen.push(e);
        return true;
      },
    };
    expect(isRetryable(error, policy)).toBe(true);
    expect(seen).toEqual([error]);
  });

  it('decides per error from what retryOn returns', () => {
    const policy = {
      ...ATOM_DEFAULT_RETRY,
      retryOn: (e: unknown) => e instanceof Error && e.message === 'retry me',
    };
    expect([
      isRetryable(new Error('retry me'), policy),
      isRetryable(new Error('no'), policy),
    ]).toEqual([true, false]);
  });

  it('counts only `true` as yes: a truthy non-boolean answer means no retry', () => {
    const policy = { ...ATOM_DEFAULT_RETRY, retryOn: () => 1 as unknown as boolean };
    expect(isRetryable(new Error('x'), policy)).toBe(false);
  });

  it('never asks retryOn about a NonRetryableError', () => {
    let asked = 0;
    const policy = {
      ...ATOM_DEFAULT_RETRY,
      retryOn: () => {
        asked += 1;
        return true;
      },
    };
    expect(isRetryable(new NonRetryableError('stop'), policy)).toBe(false);
    expect(asked).toBe(0);
  });

  it('counts a throwing retryOn as no retry', () => {
    const policy = {
      ...ATOM_DEFAULT_RETRY,
      retryOn: () => {
        throw new Error('retryOn broke');
      },
    };
    expect(isRetryable(new Error('x'), policy)).toBe(false);
  });
});

describe('retryDelay', () => {
  it("waits 1, 2, 4 and 8 seconds under Atom's default, growing by backoffRate", () => {
    const never = () => {
      throw new Error('no jitter, no random draw');
    };
    expect([1, 2, 3, 4].map((k) => retryDelay(ATOM_DEFAULT_RETRY, k, never))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    const triple = { ...ATOM_DEFAULT_RETRY, initialDelayMs: 10, backoffRate: 3 };
    expect(retryDelay(triple, 3, never)).toBe(90);
  });

  it('caps the delay at maxDelayMs', () => {
    const capped = { ...ATOM_DEFAULT_RETRY, maxDelayMs: 3000 };
    expect(retryDelay(capped, 3, Math.random)).toBe(3000);
    expect(retryDelay({ ...capped, jitter: 'full' as const }, 5, () => 0.5)).toBe(1500);
  });
});
