/** createEngine's options: every refusal with its message, and the values at each bound. */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { InvalidOptionError } from '../src/errors.js';
import { InMemoryExecutionStore } from '../src/in-memory-store.js';
import { resolveEngineOptions } from '../src/options.js';

const store = new InMemoryExecutionStore();
const clock = createManualClock();
const without = (value: object, key: string) =>
  Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
const storeShape = {
  create: store.create.bind(store),
  load: store.load.bind(store),
  save: store.save.bind(store),
  listEvents: store.listEvents.bind(store),
};
const clockShape = {
  now: clock.now,
  setTimeout: clock.setTimeout,
  clearTimeout: clock.clearTimeout,
};

describe('resolveEngineOptions refuses', () => {
  it.each<[string, unknown, string]>([
    ['options', null, 'Invalid option "options": expected an object, received null'],
    ['options', [], 'Invalid option "options": expected an object, received an array'],
    [
      'executors',
      { executors: [] },
      'Invalid option "executors": expected an object of functions, received an array',
    ],
    [
      'executors.x',
      { executors: { x: 1 } },
      'Invalid option "executors.x": expected a function, received 1',
    ],
    ...(['create', 'load', 'save', 'listEvents'] as const).map((m): [string, unknown, string] => [
      `store without ${m}`,
      { store: without(storeShape, m) },
      'Invalid option "store": expected an ExecutionStore (create, load, save, listEvents), received an object',
    ]),
    [
      'store',
      { store: 7 },
      'Invalid option "store": expected an ExecutionStore (create, load, save, listEvents), received 7',
    ],
    ...(['now', 'setTimeout', 'clearTimeout'] as const).map((m): [string, unknown, string] => [
      `clock without ${m}`,
      { clock: without(clockShape, m) },
      'Invalid option "clock": expected a Clock { now, setTimeout, clearTimeout }, received an object',
    ]),
    [
      'clock',
      { clock: 3 },
      'Invalid option "clock": expected a Clock { now, setTimeout, clearTimeout }, received 3',
    ],
    [
      'deadlineMs 0',
      { deadlineMs: 0 },
      'Invalid option "deadlineMs": expected a finite number > 0, received 0',
    ],
    [
      'deadlineMs Infinity',
      { deadlineMs: Infinity },
      'Invalid option "deadlineMs": expected a finite number > 0, received Infinity',
    ],
    [
      'deadlineMs "5"',
      { deadlineMs: '5' },
      'Invalid option "deadlineMs": expected a finite number > 0, received "5"',
    ],
    [
      'conditions',
      { conditions: {} },
      'Invalid option "conditions": expected a ConditionEvaluator { compile }, received an object',
    ],
    [
      'maxConcurrency 0',
      { maxConcurrency: 0 },
      'Invalid option "maxConcurrency": expected a positive integer or Infinity, received 0',
    ],
    [
      'maxConcurrency "3"',
      { maxConcurrency: '3' },
      'Invalid option "maxConcurrency": expected a positive integer or Infinity, received "3"',
    ],
    [
      'globalConcurrency 1.5',
      { globalConcurrency: 1.5 },
      'Invalid option "globalConcurrency": expected a positive integer or Infinity, received 1.5',
    ],
    ['random', { random: 1 }, 'Invalid option "random": expected a function, received 1'],
    ['retry', { retry: 2 }, 'Invalid option "retry": expected an object, received 2'],
    [
      'retry.maxAttempts 0',
      { retry: { maxAttempts: 0 } },
      'Invalid option "retry.maxAttempts": expected an integer from 1 to 100, received 0',
    ],
    [
      'retry.maxAttempts 101',
      { retry: { maxAttempts: 101 } },
      'Invalid option "retry.maxAttempts": expected an integer from 1 to 100, received 101',
    ],
    [
      'retry.maxAttempts "3"',
      { retry: { maxAttempts: '3' } },
      'Invalid option "retry.maxAttempts": expected an integer from 1 to 100, received "3"',
    ],
    [
      'retry.initialDelayMs -1',
      { retry: { initialDelayMs: -1 } },
      'Invalid option "retry.initialDelayMs": expected a finite number ≥ 0, received -1',
    ],
    [
      'retry.maxDelayMs Infinity',
      { retry: { maxDelayMs: Infinity } },
      'Invalid option "retry.maxDelayMs": expected a finite number ≥ 0, received Infinity',
    ],
    [
      'retry.maxDelayMs "1"',
      { retry: { maxDelayMs: '1' } },
      'Invalid option "retry.maxDelayMs": expected a finite number ≥ 0, received "1"',
    ],
    [
      'retry.backoffRate 0.5',
      { retry: { backoffRate: 0.5 } },
      'Invalid option "retry.backoffRate": expected a finite number ≥ 1, received 0.5',
    ],
    [
      'retry.backoffRate "2"',
      { retry: { backoffRate: '2' } },
      'Invalid option "retry.backoffRate": expected a finite number ≥ 1, received "2"',
    ],
    [
      'retry.backoffRate NaN',
      { retry: { backoffRate: Number.NaN } },
      'Invalid option "retry.backoffRate": expected a finite number ≥ 1, received NaN',
    ],
    [
      'retry.jitter',
      { retry: { jitter: 'some' } },
      'Invalid option "retry.jitter": expected "none" or "full", received "some"',
    ],
    [
      'retry.retryOn',
      { retry: { retryOn: true } },
      'Invalid option "retry.retryOn": expected a function, received true',
    ],
    ['onEvent', { onEvent: 'x' }, 'Invalid option "onEvent": expected a function, received "x"'],
    [
      'generateId',
      { generateId: 5 },
      'Invalid option "generateId": expected a function, received 5',
    ],
  ])('%s', (_, options, message) => {
    let error: unknown;
    try {
      resolveEngineOptions(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toBe(message);
  });
});

describe('resolveEngineOptions accepts', () => {
  it('every bound value and a complete store and clock', () => {
    const r = resolveEngineOptions({
      store: storeShape,
      clock: clockShape,
      deadlineMs: 1,
      maxConcurrency: 1,
      globalConcurrency: Infinity,
      retry: { maxAttempts: 100, initialDelayMs: 0, maxDelayMs: 0, backoffRate: 1, jitter: 'none' },
    });
    expect(r.retry).toMatchObject({
      maxAttempts: 100,
      initialDelayMs: 0,
      maxDelayMs: 0,
      backoffRate: 1,
      jitter: 'none',
    });
    expect([r.deadlineMs, r.maxConcurrency, r.globalConcurrency]).toEqual([1, 1, Infinity]);
    expect(resolveEngineOptions({ retry: { maxAttempts: 1, jitter: 'full' } }).retry).toMatchObject(
      {
        maxAttempts: 1,
        jitter: 'full',
      },
    );
    expect(resolveEngineOptions(undefined).maxConcurrency).toBe(5);
  });
});
