/** The engine handle's own logic: definition hashes, executor lookup, start options, close. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createCelConditionEvaluator } from '../src/conditions.js';
import { createEngine, hashDefinition, initialSnapshot } from '../src/engine.js';
import { WorkflowValidationError } from '../src/errors.js';
import { normalizeDefinition } from '../src/normalize.js';
import type { Executor } from '../src/options.js';

const one = (config: Record<string, unknown>) => ({
  id: 'w',
  nodes: [{ id: 'a', config }],
  connections: [],
});

describe('hashDefinition', () => {
  it("is the SHA-256 hex of the normalised definition's JSON, and what a new snapshot stores", () => {
    const workflow = normalizeDefinition(one({ service: 's' }));
    const expected = createHash('sha256').update(JSON.stringify(workflow)).digest('hex');
    expect(hashDefinition(workflow)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
    expect(initialSnapshot(workflow, 'x', {}, 0).definitionHash).toBe(expected);
  });
});

describe('executor lookup', () => {
  const calls: string[] = [];
  const rec =
    (name: string): Executor =>
    () => {
      calls.push(name);
      return name;
    };

  it('prefers service.action, then the service; a step without an action uses the service', async () => {
    const engine = createEngine({
      executors: { 'svc.act': rec('svc.act'), svc: rec('svc'), 'svc.undefined': rec('bad') },
    });
    const out = async (config: Record<string, unknown>) => {
      const result = await engine.start(one(config)).result;
      return result.status === 'COMPLETED' ? result.outputs.a : result.status;
    };
    expect(await out({ service: 'svc', action: 'act' })).toBe('svc.act');
    expect(await out({ service: 'svc', action: 'other' })).toBe('svc');
    expect(await out({ service: 'svc' })).toBe('svc');
  });

  it('finds nothing for a step without a service, whatever the executors are called', async () => {
    const engine = createEngine({
      executors: { undefined: rec('bad'), 'undefined.act': rec('bad') },
    });
    const result = await engine.start(one({ action: 'act' })).result;
    expect(result.status === 'FAILED' && result.error.code).toBe('WORKFLOW_UNKNOWN_SERVICE');
  });
});

describe('engine.start options', () => {
  it.each([
    [5, '5'],
    [null, 'null'],
    [[1], 'an array'],
    ['x', '"x"'],
  ])('refuses input %j', (input, described) => {
    const engine = createEngine({ executors: { s: () => 1 } });
    expect(() => engine.start(one({ service: 's' }), { input: input as never })).toThrow(
      `Invalid option "input": expected a JSON object, received ${described}`,
    );
  });

  it("validates with the engine's condition evaluator", () => {
    const def = {
      id: 'w',
      nodes: [
        { id: 'a', config: { service: 's' } },
        { id: 'b', config: { service: 's' } },
      ],
      connections: [{ source: 'a', target: 'b', condition: '${a.x} == "abcdef"' }],
    };
    const strict = createEngine({
      executors: { s: () => 1 },
      conditions: createCelConditionEvaluator({ maxLength: 5 }),
    });
    expect(() => strict.start(def)).toThrow(WorkflowValidationError);
    expect(() => createEngine({ executors: { s: () => 1 } }).start(def)).not.toThrow();
  });
});

describe('engine.close', () => {
  it("rejects a running execution's result as aborted by engine_closed and aborts its executor", async () => {
    const clock = createManualClock();
    let signal: AbortSignal | undefined;
    const engine = createEngine({
      clock,
      executors: {
        hang: (ctx) => {
          signal = ctx.signal;
          return new Promise(() => undefined);
        },
      },
    });
    const run = engine.start(one({ service: 'hang' }), { executionId: 'x' });
    while (signal === undefined) await Promise.resolve();
    await engine.close();
    await expect(run.result).rejects.toMatchObject({
      code: 'WORKFLOW_ABORTED',
      message: 'Execution "x" aborted (engine_closed)',
    });
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('Execution "x" aborted (engine_closed)');
  });
});
