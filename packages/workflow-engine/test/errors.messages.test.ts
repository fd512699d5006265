// Every error class's message, code, name and fields, exactly: messages are what users read in
// logs and stored executions, so a changed word is a changed interface.
import { describe, expect, it } from 'vitest';
import * as errors from '../src/errors.js';
import type { AtomImportIssue } from '../src/import/import-context.js';
import type { ValidationIssue } from '../src/validate-workflow.js';

const {
  AtomImportError,
  ConcurrentModificationError,
  DeadlineExceededError,
  DuplicateExecutionError,
  EngineClosedError,
  EngineInternalError,
  ExecutionAbortedError,
  ExecutorThrewError,
  IllegalTransitionError,
  InvalidOptionError,
  NonJsonOutputError,
  NonRetryableError,
  SchemaValidationError,
  StepInterruptedError,
  StepTimeoutError,
  SubWorkflowDepthError,
  UnknownExecutionError,
  UnknownServiceError,
  WorkflowCycleError,
  WorkflowEngineError,
  WorkflowValidationError,
} = errors;

const issue = (n: number): ValidationIssue => ({
  code: 'EMPTY_WORKFLOW',
  message: `m${n}`,
  path: `/p${n}`,
});
const importIssue = (n: number): AtomImportIssue => ({
  code: 'NO_STEPS',
  message: `i${n}`,
  path: `$.s${n}`,
  fix: 'add one',
});

/** `make` builds the error inside the test that checks it (a mutation run sees only code a test runs). */
interface Row {
  make: () => InstanceType<typeof WorkflowEngineError>;
  name: string;
  code: string;
  message: string;
  fields?: Record<string, unknown>;
}

const rows: Row[] = [
  {
    make: () => new IllegalTransitionError('step', 'RUNNING', 'PENDING'),
    name: 'IllegalTransitionError',
    code: 'WORKFLOW_ILLEGAL_TRANSITION',
    message: 'Illegal step transition RUNNING → PENDING',
    fields: { machine: 'step', from: 'RUNNING', to: 'PENDING' },
  },
  {
    make: () => new DuplicateExecutionError('e1'),
    name: 'DuplicateExecutionError',
    code: 'WORKFLOW_DUPLICATE_EXECUTION',
    message: 'Execution "e1" already exists',
    fields: { executionId: 'e1' },
  },
  {
    make: () => new UnknownExecutionError('e2'),
    name: 'UnknownExecutionError',
    code: 'WORKFLOW_UNKNOWN_EXECUTION',
    message: 'Unknown execution "e2"',
    fields: { executionId: 'e2' },
  },
  {
    make: () => new ConcurrentModificationError('e3', 4, undefined),
    name: 'ConcurrentModificationError',
    code: 'WORKFLOW_CONCURRENT_MODIFICATION',
    message: 'Execution "e3" was modified concurrently: expected version 4, found undefined',
    fields: { executionId: 'e3', expectedVersion: 4, actualVersion: undefined },
  },
  {
    make: () => new ConcurrentModificationError('e3', 4, 6),
    name: 'ConcurrentModificationError',
    code: 'WORKFLOW_CONCURRENT_MODIFICATION',
    message: 'Execution "e3" was modified concurrently: expected version 4, found 6',
    fields: { actualVersion: 6 },
  },
  {
    make: () => new NonJsonOutputError('s', '', 'a function'),
    name: 'NonJsonOutputError',
    code: 'WORKFLOW_NON_JSON_OUTPUT',
    message: 'Step "s" returned a value JSON cannot hold at <root>: a function',
    fields: { stepId: 's', path: '' },
  },
  {
    make: () => new NonJsonOutputError('s', '.a[0]', 'a bigint'),
    name: 'NonJsonOutputError',
    code: 'WORKFLOW_NON_JSON_OUTPUT',
    message: 'Step "s" returned a value JSON cannot hold at .a[0]: a bigint',
    fields: { path: '.a[0]' },
  },
  {
    make: () => new UnknownServiceError('s', 'slack', undefined),
    name: 'UnknownServiceError',
    code: 'WORKFLOW_UNKNOWN_SERVICE',
    message: 'Step "s": no executor for "slack"',
    fields: { stepId: 's', service: 'slack', action: undefined },
  },
  {
    make: () => new UnknownServiceError('s', 'slack', 'post'),
    name: 'UnknownServiceError',
    code: 'WORKFLOW_UNKNOWN_SERVICE',
    message: 'Step "s": no executor for "slack.post"',
    fields: { action: 'post' },
  },
  {
    make: () => new NonRetryableError('card declined'),
    name: 'NonRetryableError',
    code: 'WORKFLOW_NON_RETRYABLE',
    message: 'card declined',
  },
  {
    make: () => new StepTimeoutError('s', 250, 2),
    name: 'StepTimeoutError',
    code: 'WORKFLOW_STEP_TIMEOUT',
    message: 'Step "s" attempt 2 timed out after 250 ms',
    fields: { stepId: 's', timeoutMs: 250, attempt: 2 },
  },
  {
    make: () => new DeadlineExceededError('e', 1000),
    name: 'DeadlineExceededError',
    code: 'WORKFLOW_DEADLINE_EXCEEDED',
    message: 'Execution "e" exceeded its deadline of 1000 ms',
    fields: { executionId: 'e', deadlineMs: 1000 },
  },
  {
    make: () => new SchemaValidationError('s', 'input', ['/a must be string', '/b']),
    name: 'SchemaValidationError',
    code: 'WORKFLOW_SCHEMA_VALIDATION',
    message: 'Input validation failed for step "s": /a must be string',
    fields: { stepId: 's', schemaType: 'input', errors: ['/a must be string', '/b'] },
  },
  {
    make: () => new SchemaValidationError('s', 'output', []),
    name: 'SchemaValidationError',
    code: 'WORKFLOW_SCHEMA_VALIDATION',
    message: 'Output validation failed for step "s": invalid',
    fields: { schemaType: 'output', errors: [] },
  },
  {
    make: () => new ExecutionAbortedError('e', 'signal'),
    name: 'ExecutionAbortedError',
    code: 'WORKFLOW_ABORTED',
    message: 'Execution "e" aborted (signal)',
    fields: { executionId: 'e', reason: 'signal' },
  },
  {
    make: () => new ExecutionAbortedError('e', 'cancel', 'by user'),
    name: 'ExecutionAbortedError',
    code: 'WORKFLOW_ABORTED',
    message: 'Execution "e" aborted (cancel): by user',
    fields: { reason: 'cancel' },
  },
  {
    make: () => new ExecutorThrewError('s', 42),
    name: 'ExecutorThrewError',
    code: 'WORKFLOW_EXECUTOR_THREW',
    message: 'Step "s": executor threw a non-Error value (42)',
    fields: { stepId: 's', thrown: 42, cause: 42 },
  },
  {
    make: () => new SubWorkflowDepthError(11, 10),
    name: 'SubWorkflowDepthError',
    code: 'WORKFLOW_SUB_WORKFLOW_DEPTH',
    message: 'Sub-workflow depth 11 exceeds the limit of 10',
    fields: { depth: 11, maxDepth: 10 },
  },
  {
    make: () => new EngineInternalError('e', 'onEvent', new RangeError('boom')),
    name: 'EngineInternalError',
    code: 'ENGINE_INTERNAL_ERROR',
    message: 'Execution "e" failed inside the engine (onEvent): boom',
    fields: { executionId: 'e', entryPoint: 'onEvent' },
  },
  {
    make: () => new EngineInternalError('e', 'timer', 'text'),
    name: 'EngineInternalError',
    code: 'ENGINE_INTERNAL_ERROR',
    message: 'Execution "e" failed inside the engine (timer): "text"',
    fields: { cause: 'text' },
  },
  {
    make: () => new StepInterruptedError('s', 3),
    name: 'StepInterruptedError',
    code: 'STEP_INTERRUPTED',
    message: 'Step "s" attempt 3 was interrupted: the engine running it stopped',
    fields: { stepId: 's', attempt: 3 },
  },
  {
    make: () => new EngineClosedError(),
    name: 'EngineClosedError',
    code: 'WORKFLOW_ENGINE_CLOSED',
    message: 'The engine is closed',
  },
  {
    make: () => new WorkflowValidationError([issue(1), issue(2), issue(3)]),
    name: 'WorkflowValidationError',
    code: 'WORKFLOW_INVALID',
    message:
      'Invalid workflow definition, 3 issue(s): EMPTY_WORKFLOW: m1; EMPTY_WORKFLOW: m2; EMPTY_WORKFLOW: m3',
  },
  {
    make: () => new WorkflowValidationError([issue(1), issue(2), issue(3), issue(4), issue(5)]),
    name: 'WorkflowValidationError',
    code: 'WORKFLOW_INVALID',
    message:
      'Invalid workflow definition, 5 issue(s): EMPTY_WORKFLOW: m1; EMPTY_WORKFLOW: m2; EMPTY_WORKFLOW: m3 (and 2 more)',
  },
  {
    make: () => new WorkflowCycleError(['a', 'b', 'a']),
    name: 'WorkflowCycleError',
    code: 'WORKFLOW_CYCLE',
    message: 'Workflow has a cycle: a → b → a',
    fields: { cycle: ['a', 'b', 'a'] },
  },
  {
    make: () => new AtomImportError([importIssue(1)]),
    name: 'AtomImportError',
    code: 'ATOM_IMPORT_INVALID',
    message: 'Cannot import the Atom workflow, 1 issue(s): NO_STEPS: i1',
  },
  {
    make: () => new AtomImportError([1, 2, 3, 4].map(importIssue)),
    name: 'AtomImportError',
    code: 'ATOM_IMPORT_INVALID',
    message:
      'Cannot import the Atom workflow, 4 issue(s): NO_STEPS: i1; NO_STEPS: i2; NO_STEPS: i3 (and 1 more)',
  },
];

describe('error messages', () => {
  it.each(rows.map((r) => [r.message, r] as const))('%s', (_, row) => {
    const error = row.make();
    expect(error).toBeInstanceOf(WorkflowEngineError);
    expect({ name: error.name, code: error.code, message: error.message }).toEqual({
      name: row.name,
      code: row.code,
      message: row.message,
    });
    for (const [key, value] of Object.entries(row.fields ?? {})) {
      expect((error as unknown as Record<string, unknown>)[key], key).toEqual(value);
    }
  });

  it('each guard recognises its own class and no other', () => {
    const guards = Object.entries(errors).filter(
      ([name, fn]) => name.startsWith('is') && typeof fn === 'function',
    ) as Array<[string, (e: unknown) => boolean]>;
    expect(guards.length).toBeGreaterThanOrEqual(20);
    const instances = [...rows.map((r) => r.make()), new InvalidOptionError('x', 'a number', 1)];
    for (const [guard, fn] of guards) {
      const className = guard.slice(2);
      for (const e of instances) {
        const expected =
          className === 'WorkflowEngineError'
            ? e instanceof WorkflowEngineError
            : e.name === className;
        expect(fn(e), `${guard}(${e.name})`).toBe(expected);
      }
      expect(fn(new Error('x')), `${guard}(Error)`).toBe(false);
    }
  });

  it.each([
    [1.5, '1.5'],
    [10n, '10'],
    [false, 'false'],
    ['5', '"5"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [() => 1, 'a function'],
    [[1], 'an array'],
    [{ a: 1 }, 'an object'],
  ])('InvalidOptionError describes %s as %s', (received, described) => {
    const error = new InvalidOptionError('maxConcurrency', 'a positive integer', received);
    expect(error).toBeInstanceOf(TypeError);
    expect([error.name, error.code, error.option, error.expected, error.received]).toEqual([
      'InvalidOptionError',
      'WORKFLOW_INVALID_OPTION',
      'maxConcurrency',
      'a positive integer',
      received,
    ]);
    expect(error.message).toBe(
      `Invalid option "maxConcurrency": expected a positive integer, received ${described}`,
    );
    expect(new ExecutorThrewError('s', received).message).toBe(
      `Step "s": executor threw a non-Error value (${described})`,
    );
  });

  it('passes a cause through only when one is given', () => {
    const cause = new Error('db down');
    expect(new DuplicateExecutionError('e', { cause }).cause).toBe(cause);
    expect(new NonRetryableError('x', { cause }).cause).toBe(cause);
    expect(new WorkflowCycleError(['a'], { cause }).cause).toBe(cause);
    expect(new WorkflowValidationError([], { cause }).cause).toBe(cause);
    expect('cause' in new DuplicateExecutionError('e')).toBe(false);
  });
});
