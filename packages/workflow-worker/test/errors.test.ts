// The error classes: stable codes, fields, messages that describe any received value, and guards
// that recognise exactly their own class.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  ExecutionLeasedError,
  ExecutionNotFoundError,
  InvalidWorkerOptionError,
  LeaseLostError,
  ResultTimeoutError,
  WorkerClosedError,
  WorkflowWorkerError,
  isExecutionLeasedError,
  isExecutionNotFoundError,
  isInvalidWorkerOptionError,
  isLeaseLostError,
  isResultTimeoutError,
  isWorkerClosedError,
  isWorkflowWorkerError,
} from '../src/index.js';

const at = new Date('2026-01-02T03:04:05.000Z');
const examples = [
  {
    error: new InvalidWorkerOptionError('leaseMs', 'a positive integer', 0),
    code: 'WORKER_INVALID_OPTION',
    name: 'InvalidWorkerOptionError',
    message: 'Option "leaseMs" expected a positive integer, received 0',
    guard: isInvalidWorkerOptionError,
  },
  {
    error: new ExecutionNotFoundError('e1'),
    code: 'WORKER_EXECUTION_NOT_FOUND',
    name: 'ExecutionNotFoundError',
    message: 'No workflow execution has the id "e1"',
    guard: isExecutionNotFoundError,
  },
  {
    error: new ExecutionLeasedError('e1', 'w1', at),
    code: 'WORKER_EXECUTION_LEASED',
    name: 'ExecutionLeasedError',
    message:
      'Execution "e1" is leased by worker "w1" until 2026-01-02T03:04:05.000Z; it is running and cannot be recovered',
    guard: isExecutionLeasedError,
  },
  {
    error: new LeaseLostError('e1', 'w1'),
    code: 'WORKER_LEASE_LOST',
    name: 'LeaseLostError',
    message: 'Worker "w1" no longer holds the lease of execution "e1"; nothing was written',
    guard: isLeaseLostError,
  },
  {
    error: new ResultTimeoutError('e1', 250),
    code: 'WORKER_RESULT_TIMEOUT',
    name: 'ResultTimeoutError',
    message: 'Execution "e1" did not settle within 250 ms',
    guard: isResultTimeoutError,
  },
  {
    error: new WorkerClosedError('submit'),
    code: 'WORKER_CLOSED',
    name: 'WorkerClosedError',
    message: 'submit was called after the worker or client was closed',
    guard: isWorkerClosedError,
  },
];

describe('errors', () => {
  it.each(examples)('$name: code, name, message, and only its own guard', (example) => {
    expect(example.error).toBeInstanceOf(WorkflowWorkerError);
    expect(example.error).toBeInstanceOf(Error);
    expect(isWorkflowWorkerError(example.error)).toBe(true);
    expect(example.error.code).toBe(example.code);
    expect(example.error.name).toBe(example.name);
    expect(example.error.message).toBe(example.message);
    for (const other of examples) expect(other.guard(example.error)).toBe(other === example);
  });

  it('carries the fields callers match on', () => {
    expect(new ExecutionLeasedError('e1', 'w1', at)).toMatchObject({
      executionId: 'e1',
      owner: 'w1',
      expiresAt: at,
    });
    expect(new LeaseLostError('e2', 'w2')).toMatchObject({ executionId: 'e2', owner: 'w2' });
    expect(new ResultTimeoutError('e3', 9)).toMatchObject({ executionId: 'e3', timeoutMs: 9 });
    expect(new ExecutionNotFoundError('e4').executionId).toBe('e4');
    expect(new InvalidWorkerOptionError('o', 'x', [1])).toMatchObject({
      option: 'o',
      expected: 'x',
      received: [1],
    });
  });

  it('the base class keeps a cause', () => {
    const cause = new Error('root');
    const error = new WorkflowWorkerError('X', 'wrapped', { cause });
    expect(error).toMatchObject({ code: 'X', name: 'WorkflowWorkerError', message: 'wrapped' });
    expect(error.cause).toBe(cause);
  });

  it('guards refuse what is not one of ours', () => {
    for (const value of [new Error('x'), { code: 'WORKER_CLOSED' }, null, undefined, 'e']) {
      expect(isWorkflowWorkerError(value)).toBe(false);
      for (const { guard } of examples) expect(guard(value)).toBe(false);
    }
  });

  describe('InvalidWorkerOptionError describes what it received', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    it.each([
      [() => 1, 'a function'],
      ['1', '"1"'],
      [undefined, 'undefined'],
      [null, 'null'],
      [NaN, 'null'],
      [{ a: [1, 'b'] }, '{"a":[1,"b"]}'],
      [12n, '12n'],
      [Symbol('s'), 'symbol'],
      [circular, 'object'],
    ])('%s', (received, described) => {
      expect(new InvalidWorkerOptionError('o', 'x', received).message).toBe(
        `Option "o" expected x, received ${described}`,
      );
    });

    test.prop([fc.jsonValue()])('a JSON value is described as its JSON text', (value) => {
      expect(new InvalidWorkerOptionError('o', 'x', value).message).toBe(
        `Option "o" expected x, received ${JSON.stringify(value)}`,
      );
    });
  });
});
