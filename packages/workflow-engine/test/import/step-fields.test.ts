/** The step fields Atom's linear form and orchestrator share, read directly (exact output, warnings and issues). */
import { describe, expect, it } from 'vitest';
import { ImportContext } from '../../src/import/import-context.js';
import { fallbackOf, retryOf, timeoutOf } from '../../src/import/step-fields.js';

function read<T>(fn: (step: Record<string, unknown>, path: string, ctx: ImportContext) => T) {
  return (step: Record<string, unknown>) => {
    const ctx = new ImportContext();
    const value = fn(step, 'steps[0]', ctx);
    return { value, warnings: ctx.warnings, issues: ctx.issues };
  };
}
const retry = read(retryOf);
const timeout = read(timeoutOf);
const fallback = read(fallbackOf);

describe('retryOf', () => {
  it('passes the engine keys through and leaves absent and null keys out', () => {
    const r = retry({
      retry: {
        max_attempts: 4,
        initial_delay_seconds: 1,
        backoff_rate: 3,
        max_delay_seconds: 9,
        jitter: false,
      },
    });
    expect(r.value).toStrictEqual({
      max_attempts: 4,
      initial_delay_seconds: 1,
      backoff_rate: 3,
      max_delay_seconds: 9,
      jitter: false,
    });
    expect(r.warnings).toEqual([]);
    const nulls = retry({ retry_config: { max_attempts: null, backoff_rate: 2, jitter: null } });
    expect(nulls.value).toStrictEqual({ backoff_rate: 2 });
    expect(nulls.warnings).toEqual([]);
    expect(retry({ retry_policy: {} }).value).toStrictEqual({});
  });

  it('refuses a retry block that is not an object, with its path and fix', () => {
    const r = retry({ retry_policy: 3 });
    expect(r.value).toBeUndefined();
    expect(r.issues).toEqual([
      {
        code: 'BAD_RETRY',
        path: 'steps[0].retry_policy',
        message:
          'steps[0].retry_policy: expected a retry object. Fix: give an object such as { "max_attempts": 3 }',
        fix: 'give an object such as { "max_attempts": 3 }',
      },
    ]);
  });

  it('uses the first retry block and warns about the others', () => {
    const r = retry({ retry: { max_attempts: 2 }, retry_policy: { max_attempts: 5 } });
    expect(r.value).toStrictEqual({ max_attempts: 2 });
    expect(r.warnings).toEqual([
      {
        code: 'FIELD_DROPPED',
        path: 'steps[0].retry_policy',
        message: 'steps[0].retry_policy: a second retry block; "retry" is used',
      },
    ]);
  });

  it('reads max_retries as max_attempts + 1, a non-number as it is, and drops it beside max_attempts', () => {
    const r = retry({ retry_policy: { max_retries: 2 } });
    expect(r.value).toStrictEqual({ max_attempts: 3 });
    expect(r.warnings).toEqual([
      {
        code: 'RETRY_MAPPED',
        path: 'steps[0].retry_policy.max_retries',
        message:
          'steps[0].retry_policy.max_retries: max_retries 2 read as max_attempts 3 (the first attempt counts)',
      },
    ]);
    // Passed on for validation to report: a string is not added to.
    expect(retry({ retry_policy: { max_retries: '2' } }).value).toStrictEqual({
      max_attempts: '2',
    });
    const both = retry({ retry_policy: { max_attempts: 4, max_retries: 1 } });
    expect(both.value).toStrictEqual({ max_attempts: 4 });
    expect(both.warnings).toEqual([
      {
        code: 'FIELD_DROPPED',
        path: 'steps[0].retry_policy.max_retries',
        message: 'steps[0].retry_policy.max_retries: max_attempts is given too',
      },
    ]);
  });

  it('reads exponential_base as backoff_rate unless backoff_rate is given', () => {
    expect(retry({ retry_policy: { exponential_base: 3 } }).value).toStrictEqual({
      backoff_rate: 3,
    });
    const both = retry({ retry_policy: { backoff_rate: 2, exponential_base: 3 } });
    expect(both.value).toStrictEqual({ backoff_rate: 2 });
    expect(both.warnings).toEqual([
      {
        code: 'FIELD_DROPPED',
        path: 'steps[0].retry_policy.exponential_base',
        message:
          'steps[0].retry_policy.exponential_base: not understood by the engine (it retries every error except NonRetryableError; filter with the retryOn engine option)',
      },
    ]);
  });
});

describe('timeoutOf', () => {
  it('prefers timeout and warns about timeout_seconds beside it', () => {
    expect(timeout({ timeout: 5 })).toEqual({ value: 5, warnings: [], issues: [] });
    expect(timeout({ timeout_seconds: 7 })).toEqual({ value: 7, warnings: [], issues: [] });
    expect(timeout({}).value).toBeUndefined();
    expect(timeout({ timeout: 5, timeout_seconds: null }).warnings).toEqual([]);
    expect(timeout({ timeout: 5, timeout_seconds: 7 })).toEqual({
      value: 5,
      warnings: [
        {
          code: 'FIELD_DROPPED',
          path: 'steps[0].timeout_seconds',
          message: 'steps[0].timeout_seconds: timeout is given too',
        },
      ],
      issues: [],
    });
  });
});

describe('fallbackOf', () => {
  it('prefers fallback_service and warns about agent_fallback_id beside it', () => {
    expect(fallback({ fallback_service: 'b' })).toEqual({ value: 'b', warnings: [], issues: [] });
    expect(fallback({ fallback_service: 'b', agent_fallback_id: null }).warnings).toEqual([]);
    expect(fallback({ fallback_service: 'b', agent_fallback_id: 'x' })).toEqual({
      value: 'b',
      warnings: [
        {
          code: 'FIELD_DROPPED',
          path: 'steps[0].agent_fallback_id',
          message: 'steps[0].agent_fallback_id: fallback_service is given too',
        },
      ],
      issues: [],
    });
  });

  it('reads a string agent_fallback_id as the fallback service', () => {
    expect(fallback({ agent_fallback_id: 'helper' })).toEqual({
      value: 'helper',
      warnings: [
        {
          code: 'AGENT_FALLBACK_MAPPED',
          path: 'steps[0].agent_fallback_id',
          message:
            'steps[0].agent_fallback_id: agent "helper" becomes the fallback service "helper": register an executor under that name',
        },
      ],
      issues: [],
    });
    expect(fallback({ agent_fallback_id: 3 })).toEqual({
      value: undefined,
      warnings: [],
      issues: [],
    });
  });
});
