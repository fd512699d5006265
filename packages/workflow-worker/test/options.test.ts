// Option validation of createWorker / createWorkflowClient (no database needed: it happens first).
import { describe, expect, it } from 'vitest';
import {
  InvalidWorkerOptionError,
  createWorker,
  createWorkflowClient,
  isInvalidWorkerOptionError,
  isWorkflowWorkerError,
  resolveWorkerOptions,
} from '../src/index.js';

const url = 'postgres://u@127.0.0.1:1/none';
const executors = { work: () => 1 };

describe('resolveWorkerOptions', () => {
  it('fills in defaults', () => {
    const o = resolveWorkerOptions({ database: url, executors });
    expect(o).toMatchObject({
      concurrency: 4,
      leaseMs: 30_000,
      heartbeatMs: 10_000,
      takeoverCheckMs: 2500,
      pollIntervalMs: 500,
      stopTimeoutMs: 10_000,
      setup: true,
      workerId: undefined,
      engine: {},
    });
  });

  it.each([
    [null, 'options'],
    [{ executors }, 'database'],
    [{ database: 'mysql://x', executors }, 'database'],
    [{ database: url }, 'executors'],
    [{ database: url, executors: { a: 1 } }, 'executors.a'],
    [{ database: url, executors, concurrency: 0 }, 'concurrency'],
    [{ database: url, executors, leaseMs: 1.5 }, 'leaseMs'],
    [{ database: url, executors, leaseMs: 100, heartbeatMs: 100 }, 'heartbeatMs'],
    [{ database: url, executors, pollIntervalMs: -1 }, 'pollIntervalMs'],
    [{ database: url, executors, takeoverCheckMs: 0 }, 'takeoverCheckMs'],
    [{ database: url, executors, stopTimeoutMs: '1' }, 'stopTimeoutMs'],
    [{ database: url, executors, setup: 'yes' }, 'setup'],
    [{ database: url, executors, workerId: '' }, 'workerId'],
    [{ database: url, executors, engine: [] }, 'engine'],
    [{ database: url, executors, onEvent: 1 }, 'onEvent'],
  ])('rejects %j naming %s', (options, option) => {
    let error: unknown;
    try {
      resolveWorkerOptions(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidWorkerOptionError);
    expect(isInvalidWorkerOptionError(error) && isWorkflowWorkerError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'WORKER_INVALID_OPTION', option });
    expect((error as Error).message).toContain(`"${option}" expected`);
  });

  it('createWorker and createWorkflowClient validate before connecting', () => {
    expect(() => createWorker({ database: 'nope', executors })).toThrow(
      /"database" expected a postgres/,
    );
    expect(() => createWorkflowClient({ database: url, leaseMs: 0 })).toThrow(
      /"leaseMs" expected a positive integer, received 0/,
    );
    expect(() => createWorkflowClient(undefined as never)).toThrow(
      /"options" expected an object, received undefined/,
    );
  });
});
