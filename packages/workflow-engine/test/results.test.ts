/** Execution results built from run state and from stored snapshots, and the compiled form of a workflow. */
import { describe, expect, it } from 'vitest';
import { compileWorkflow } from '../src/compiled-workflow.js';
import type { ConditionEvaluator } from '../src/conditions.js';
import { defaultConditionEvaluator } from '../src/conditions.js';
import { initialSnapshot } from '../src/engine.js';
import { normalizeDefinition } from '../src/normalize.js';
import { resolveEngineOptions } from '../src/options.js';
import { buildResult, initialStep, resultFromSnapshot } from '../src/results.js';
import type { StepStatus } from '../src/statuses.js';
import type { ExecutionState, StepRecord } from '../src/store.js';

const step = (stepId: string, status: StepStatus, extra: Partial<StepRecord> = {}): StepRecord => ({
  ...initialStep(stepId, 0),
  status,
  ...extra,
});
const state = (status: ExecutionState['status'], extra: Partial<ExecutionState> = {}) => ({
  status,
  input: {},
  error: null,
  missingInputs: [],
  updatedAt: 0,
  ...extra,
});
const steps = [
  step('a', 'COMPLETED', { output: 1, fallbackUsed: true }),
  step('b', 'COMPLETED', { output: 2 }),
  step('c', 'FAILED', { output: 3, fallbackUsed: true }),
  step('d', 'SKIPPED'),
];
const base = {
  executionId: 'x',
  outputs: { a: 1, b: 2 },
  steps: { a: 'COMPLETED', b: 'COMPLETED', c: 'FAILED', d: 'SKIPPED' },
  fallbackUsed: ['a'],
};

describe('buildResult', () => {
  it('gives outputs and fallbacks of completed steps, the failed steps of a PARTIAL run', () => {
    expect(buildResult('x', state('COMPLETED'), steps, undefined, undefined)).toStrictEqual({
      ...base,
      status: 'COMPLETED',
    });
    expect(buildResult('x', state('PARTIAL'), steps, undefined, undefined)).toStrictEqual({
      ...base,
      status: 'PARTIAL',
      failedSteps: ['c'],
    });
    expect(
      buildResult(
        'x',
        state('PAUSED', { missingInputs: ['input.k'] }),
        steps,
        undefined,
        undefined,
      ),
    ).toStrictEqual({ ...base, status: 'PAUSED', missingInputs: ['input.k'] });
  });

  it('takes a cancellation reason from the run, else from the stored error, else gives none', () => {
    const stored = state('CANCELLED', { error: { name: 'Cancelled', message: 'stored' } });
    expect(buildResult('x', stored, steps, 'live', undefined)).toStrictEqual({
      ...base,
      status: 'CANCELLED',
      reason: 'live',
    });
    expect(buildResult('x', stored, steps, undefined, undefined)).toStrictEqual({
      ...base,
      status: 'CANCELLED',
      reason: 'stored',
    });
    expect(buildResult('x', state('CANCELLED'), steps, undefined, undefined)).toStrictEqual({
      ...base,
      status: 'CANCELLED',
    });
  });

  it('gives a failure its error (a generic one when none is stored) and its step when known', () => {
    const error = { name: 'E', message: 'm', code: 'C' };
    expect(buildResult('x', state('FAILED', { error }), steps, undefined, 'c')).toStrictEqual({
      ...base,
      status: 'FAILED',
      error,
      stepId: 'c',
    });
    expect(buildResult('x', state('FAILED'), steps, undefined, undefined)).toStrictEqual({
      ...base,
      status: 'FAILED',
      error: { name: 'Error', message: 'failed' },
    });
  });
});

describe('resultFromSnapshot', () => {
  const workflow = normalizeDefinition({
    id: 'w',
    nodes: [{ id: 'a' }, { id: 'c' }],
    connections: [],
  });
  const snapshot = (status: ExecutionState['status'], c: StepStatus) => {
    const s = initialSnapshot(workflow, 'x', {}, 0);
    return {
      ...s,
      status,
      error: status === 'FAILED' || status === 'CANCELLED' ? { name: 'E', message: 'why' } : null,
      steps: { a: step('a', 'COMPLETED', { output: 1 }), c: step('c', c) },
    };
  };

  it('names the failed step of a FAILED execution only', () => {
    expect(resultFromSnapshot(snapshot('FAILED', 'FAILED'))).toMatchObject({
      status: 'FAILED',
      stepId: 'c',
    });
    expect(resultFromSnapshot(snapshot('FAILED', 'CANCELLED'))).not.toHaveProperty('stepId');
    expect(resultFromSnapshot(snapshot('PARTIAL', 'FAILED'))).toStrictEqual({
      executionId: 'x',
      outputs: { a: 1 },
      steps: { a: 'COMPLETED', c: 'FAILED' },
      fallbackUsed: [],
      status: 'PARTIAL',
      failedSteps: ['c'],
    });
    expect(resultFromSnapshot(snapshot('CANCELLED', 'CANCELLED'))).toMatchObject({
      status: 'CANCELLED',
      reason: 'why',
    });
  });
});

describe('initialStep', () => {
  it('is PENDING with no attempt and no fallback', () => {
    expect(initialStep('s', 7)).toStrictEqual({
      stepId: 's',
      status: 'PENDING',
      attempt: 0,
      attempts: 0,
      fallback: false,
      fallbackUsed: false,
      updatedAt: 7,
    });
  });
});

describe('compileWorkflow', () => {
  const counting = (): ConditionEvaluator & { calls: string[] } => {
    const calls: string[] = [];
    return {
      calls,
      compile(source) {
        calls.push(source);
        return source === 'broken'
          ? { ok: false, message: 'cannot parse', offset: 0 }
          : defaultConditionEvaluator.compile(source);
      },
    };
  };

  it('compiles each distinct condition once, blank ones not at all, and keeps a failure as a false condition', () => {
    const conditions = counting();
    const workflow = normalizeDefinition({
      id: 'w',
      steps: [
        { id: 'a', condition: 'true' },
        { id: 'b', condition: '   ' },
        { id: 'c', condition: 'true' },
        { id: 'd', condition: 'broken' },
      ],
    });
    const compiled = compileWorkflow(workflow, resolveEngineOptions({ conditions }));
    expect(conditions.calls).toEqual(['true', 'broken']);
    expect(compiled.ownCondition[1]).toBeUndefined();
    expect(compiled.ownCondition[0]).toBe(compiled.ownCondition[2]);
    expect(compiled.ownCondition[3]?.evaluate({ input: {}, steps: {} })).toEqual({
      ok: false,
      error: 'cannot parse',
    });
  });

  it('marks as triggers the nodes of type trigger without a service', () => {
    const workflow = normalizeDefinition({
      id: 'w',
      nodes: [
        { id: 't', type: 'trigger' },
        { id: 'u', type: 'trigger', config: { service: 's' } },
        { id: 'a' },
        { id: 'b', config: { service: 's' } },
      ],
      connections: [],
    });
    const compiled = compileWorkflow(workflow, resolveEngineOptions({}));
    expect([...compiled.trigger]).toEqual([1, 0, 0, 0]);
  });
});
