/**
 * The shapes of issue 9, written by hand as scenarios and checked against the reference model with
 * every maxConcurrency. Each failed on the engine before the rewrite (IllegalTransitionError as an
 * unhandled rejection, a run that never settles, or a second run of an attempt the policy forbids).
 */
import { describe, expect, it } from 'vitest';
import { runScenarioOnEngine } from './run-engine.js';
import type { CallScript, Scenario, StepSpec } from './scenario.js';
import { CONCURRENCIES } from './scenario.js';

const ok: CallScript = { kind: 'ok', ms: 10 };
const hang: CallScript = { kind: 'hang', ms: 0 };

function step(id: string, patch: Partial<StepSpec> = {}): StepSpec {
  return {
    id,
    trigger: false,
    service: 'svc',
    continueOnError: false,
    join: 'all_success',
    params: [],
    script: [[ok], [ok]],
    ...patch,
  };
}

function scenario(
  steps: StepSpec[],
  edges: Array<[string, string]>,
  patch: Partial<Scenario> = {},
): Scenario {
  return {
    seed: 1,
    form: 'graph',
    steps,
    edges: edges.map(([source, target]) => ({ source, target, kind: 'dependency' })),
    input: { go: true, k: 1 },
    defaultMaxAttempts: 2,
    onPause: [],
    throwingListener: false,
    ...patch,
  };
}

async function expectModel(s: Scenario, concurrencies = CONCURRENCIES): Promise<void> {
  for (const maxConcurrency of concurrencies) {
    expect(
      await runScenarioOnEngine(s, maxConcurrency),
      `maxConcurrency ${String(maxConcurrency)}`,
    ).toEqual([]);
  }
}

const trigger = step('t', { trigger: true });
delete trigger.service;

describe('issue 9 shapes agree with the model', () => {
  it('a service-less trigger with six children, default options', async () => {
    const children = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => step(id));
    await expectModel(
      scenario(
        [trigger, ...children],
        children.map((c) => ['t', c.id]),
      ),
      [undefined],
    );
  });

  it('a trigger with two children at maxConcurrency 1', async () => {
    await expectModel(
      scenario(
        [trigger, step('a'), step('b')],
        [
          ['t', 'a'],
          ['t', 'b'],
        ],
      ),
      [1],
    );
  });

  it('a tolerated executor-less root whose children become ready while another root waits for the only slot', async () => {
    const ghost = step('g', { service: 'ghost', continueOnError: true });
    await expectModel(
      scenario(
        [ghost, step('b'), step('c1'), step('c2')],
        [
          ['g', 'c1'],
          ['g', 'c2'],
        ],
      ),
      [1],
    );
    await expectModel(
      scenario(
        [step('b'), ghost, step('d'), step('c1'), step('c2')],
        [
          ['g', 'c1'],
          ['g', 'c2'],
        ],
      ),
      [2],
    );
  });

  it('recovery after a crash keeps the retry budget: a max_attempts 1 step interrupted mid-attempt FAILS, never runs twice', async () => {
    // Save 1: execution RUNNING + a RUNNING (attempt 1). The process dies during save 2, while `a`
    // hangs; recovery must count the interrupted attempt.
    const a = step('a', { maxAttempts: 1, timeoutMs: 1000, script: [[hang, ok], [ok]] });
    await expectModel(scenario([a, step('b')], [['a', 'b']], { crashAtSave: 2 }));
  });

  it('two PAUSED executor-less steps resumed together', async () => {
    const need = { name: 'need', kind: 'input' as const, ref: 'need' };
    await expectModel(
      scenario(
        [
          step('p', { service: 'ghost', params: [need] }),
          step('q', { service: 'ghost', params: [need] }),
        ],
        [],
        { onPause: [{ kind: 'resume', input: { need: 1 } }] },
      ),
    );
  });
});
