// Pins isRetryable's use of `retryOn` (survivors of a mutation run: a `retryOn` returning `true`
// was never tested, so "always false" survived).
import { describe, expect, it } from 'vitest';
import { NonRetryableError } from '../src/errors.js';
import { ATOM_DEFAULT_RETRY, isRetryable } from '../src/retry.js';

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
});
