import { describe, expect, it } from 'vitest';
import {
  ConcurrentModificationError,
  DeadlineExceededError,
  DuplicateExecutionError,
  EngineClosedError,
  ExecutionAbortedError,
  ExecutorThrewError,
  IllegalTransitionError,
  InvalidOptionError,
  NonJsonOutputError,
  NonRetryableError,
  SchemaValidationError,
  StepTimeoutError,
  SubWorkflowDepthError,
  UnknownExecutionError,
  UnknownServiceError,
  isConcurrentModificationError,
  isDeadlineExceededError,
  isDuplicateExecutionError,
  isEngineClosedError,
  isExecutionAbortedError,
  isExecutorThrewError,
  isIllegalTransitionError,
  isInvalidOptionError,
  isNonJsonOutputError,
  isNonRetryableError,
  isSchemaValidationError,
  isStepTimeoutError,
  isSubWorkflowDepthError,
  isUnknownExecutionError,
  isUnknownServiceError,
  isWorkflowEngineError,
} from '../src/errors.js';

describe('runtime errors', () => {
  const cases: Array<[Error, (e: unknown) => boolean, string]> = [
    [
      new IllegalTransitionError('step', 'COMPLETED', 'RUNNING'),
      isIllegalTransitionError,
      'WORKFLOW_ILLEGAL_TRANSITION',
    ],
    [new DuplicateExecutionError('e'), isDuplicateExecutionError, 'WORKFLOW_DUPLICATE_EXECUTION'],
    [new UnknownExecutionError('e'), isUnknownExecutionError, 'WORKFLOW_UNKNOWN_EXECUTION'],
    [
      new ConcurrentModificationError('e', 1, 2),
      isConcurrentModificationError,
      'WORKFLOW_CONCURRENT_MODIFICATION',
    ],
    [new NonJsonOutputError('s', '', 'a BigInt'), isNonJsonOutputError, 'WORKFLOW_NON_JSON_OUTPUT'],
    [
      new UnknownServiceError('s', 'svc', undefined),
      isUnknownServiceError,
      'WORKFLOW_UNKNOWN_SERVICE',
    ],
    [new NonRetryableError('no'), isNonRetryableError, 'WORKFLOW_NON_RETRYABLE'],
    [new StepTimeoutError('s', 10, 1), isStepTimeoutError, 'WORKFLOW_STEP_TIMEOUT'],
    [new DeadlineExceededError('e', 5), isDeadlineExceededError, 'WORKFLOW_DEADLINE_EXCEEDED'],
    [
      new SchemaValidationError('s', 'output', []),
      isSchemaValidationError,
      'WORKFLOW_SCHEMA_VALIDATION',
    ],
    [new ExecutionAbortedError('e', 'cancelled'), isExecutionAbortedError, 'WORKFLOW_ABORTED'],
    [new ExecutorThrewError('s', Symbol.iterator), isExecutorThrewError, 'WORKFLOW_EXECUTOR_THREW'],
    [new SubWorkflowDepthError(11, 10), isSubWorkflowDepthError, 'WORKFLOW_SUB_WORKFLOW_DEPTH'],
    [new EngineClosedError(), isEngineClosedError, 'WORKFLOW_ENGINE_CLOSED'],
  ];

  it.each(cases)('%s has its code, guard and class name', (error, guard, code) => {
    expect(guard(error)).toBe(true);
    expect(guard(new Error('other'))).toBe(false);
    expect(isWorkflowEngineError(error)).toBe(true);
    expect((error as unknown as { code: string }).code).toBe(code);
    expect(error.name).toBe(error.constructor.name);
  });

  it('words messages with their fields', () => {
    expect(new UnknownServiceError('s', 'svc', 'send').message).toContain('"svc.send"');
    expect(new UnknownServiceError('s', 'svc', undefined).message).toContain('"svc"');
    expect(new SchemaValidationError('s', 'output', []).message).toMatch(
      /^Output validation failed.*invalid$/,
    );
    expect(new NonJsonOutputError('s', 'a.b', 'a cycle').message).toContain('at a.b');
    expect(new NonJsonOutputError('s', '', 'a cycle').message).toContain('<root>');
    expect(new ExecutionAbortedError('e', 'cancelled', 'why').message).toMatch(
      /\(cancelled\): why$/,
    );
    expect(new NonRetryableError('x', { cause: 1 }).cause).toBe(1);
  });

  it.each([
    [null, 'null'],
    [undefined, 'undefined'],
    [() => 1, 'a function'],
    [[1], 'an array'],
    [{ a: 1 }, 'an object'],
    ['s', '"s"'],
    [2n, '2'],
    [true, 'true'],
  ])('InvalidOptionError describes %s as %s', (value, text) => {
    const error = new InvalidOptionError('opt', 'a thing', value);
    expect(isInvalidOptionError(error)).toBe(true);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(`Invalid option "opt": expected a thing, received ${text}`);
    expect(error).toMatchObject({
      code: 'WORKFLOW_INVALID_OPTION',
      option: 'opt',
      expected: 'a thing',
      received: value,
    });
  });
});
