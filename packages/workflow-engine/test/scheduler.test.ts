/** Scheduler decisions seen through the engine: condition diagnostics, pauses, prechecks. */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import type { EngineEvent } from '../src/events.js';
import type { Executor } from '../src/options.js';

async function runOf(definition: unknown, executors: Record<string, Executor>, input = {}) {
  const engine = createEngine({ executors, clock: createManualClock(), retry: { maxAttempts: 3 } });
  const run = engine.start(definition, { input, executionId: 'x' });
  const result = await run.result;
  const events: EngineEvent[] = [];
  for await (const e of run.events) events.push(e);
  return { result, events, snapshot: await engine.get('x') };
}

describe('scheduler', () => {
  it('skips a step whose own condition fails at run time, with the diagnostic on its event', async () => {
    const { events } = await runOf(
      {
        id: 'w',
        steps: [
          { id: 'a', service: 's' },
          { id: 'b', service: 's', condition: '${a.x} > 1' },
        ],
      },
      { s: () => ({ x: 'text' }) },
    );
    const skipped = events.find((e) => e.type === 'step.skipped');
    expect(skipped).toMatchObject({ stepId: 'b', reason: 'condition_false' });
    expect((skipped as { diagnostics?: string[] }).diagnostics).toEqual([
      expect.stringMatching(/^condition of step b failed \(counted as false\): /),
    ]);
  });

  it('adds no diagnostic when conditions evaluate', async () => {
    const { events } = await runOf(
      {
        id: 'w',
        nodes: [
          { id: 'a', config: { service: 's' } },
          { id: 'b', config: { service: 's' } },
        ],
        connections: [{ source: 'a', target: 'b', condition: '${a.x} == 1' }],
      },
      { s: () => ({ x: 1 }) },
    );
    expect(events.filter((e) => 'diagnostics' in e)).toEqual([]);
    expect(events.filter((e) => e.type === 'step.completed').map((e) => e.stepId)).toEqual([
      'a',
      'b',
    ]);
  });

  it('pauses on missing inputs, listed sorted', async () => {
    const { result } = await runOf(
      {
        id: 'w',
        steps: [{ id: 'a', service: 's', parameters: { z: '${input.z}', b: '${input.b}' } }],
      },
      { s: () => 1 },
    );
    expect(result).toMatchObject({ status: 'PAUSED', missingInputs: ['input.b', 'input.z'] });
  });

  it('fails a step with an unknown service before any attempt, and does not retry it', async () => {
    const { result, events, snapshot } = await runOf(
      { id: 'w', steps: [{ id: 'a', service: 'nosuch' }] },
      { s: () => 1 },
    );
    expect(result.status === 'FAILED' && result.error.code).toBe('WORKFLOW_UNKNOWN_SERVICE');
    expect(events.map((e) => e.type)).toEqual([
      'execution.started',
      'step.failed',
      'execution.failed',
    ]);
    expect(snapshot.steps.a).toMatchObject({ status: 'FAILED', attempts: 0, attempt: 0 });
  });
});
