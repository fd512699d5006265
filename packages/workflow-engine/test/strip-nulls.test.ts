import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import { normalizeDefinition } from '../src/normalize.js';
import { stripNulls } from '../src/strip-nulls.js';
import { validateWorkflow } from '../src/validate-workflow.js';
import { graphDagArbitrary, stepsDagArbitrary } from './arbitraries.js';
import { drive } from './helpers/engine-harness.js';

const graph = {
  id: 'g',
  nodes: [
    { id: 't', type: 'trigger', config: { service: null, action: null, parameters: { a: null } } },
    {
      id: 'a',
      config: { service: 'svc', timeout: null, retry: { max_attempts: 2, jitter: null } },
    },
  ],
  connections: [{ id: null, source: 't', target: 'a', condition: null }],
};

describe('stripNulls', () => {
  it('reads null-valued optional fields as absent', () => {
    expect(stripNulls({ ...graph, steps: null })).toEqual({
      id: 'g',
      nodes: [
        { id: 't', type: 'trigger', config: { parameters: { a: null } } },
        { id: 'a', config: { service: 'svc', retry: { max_attempts: 2 } } },
      ],
      connections: [{ source: 't', target: 'a' }],
    });
  });

  it('strips step fields, depends_on entries and retry blocks', () => {
    const def = {
      id: 's',
      nodes: null,
      steps: [
        { id: 'a', service: 'svc', timeout: null, retry: { backoff_rate: null }, parameters: null },
        { id: 'b', service: null, depends_on: [{ id: 'a', condition: null }, 'a'] },
      ],
    };
    expect(stripNulls(def)).toEqual({
      id: 's',
      steps: [
        { id: 'a', service: 'svc', retry: {} },
        { id: 'b', depends_on: [{ id: 'a' }, 'a'] },
      ],
    });
  });

  it('returns the input itself when nothing is null, and never mutates it', () => {
    const def = { id: 'x', nodes: [{ id: 'a', config: { service: 'svc' } }], connections: [] };
    expect(stripNulls(def)).toBe(def);
    const withNull = { ...graph };
    const before = JSON.stringify(withNull);
    stripNulls(withNull);
    expect(JSON.stringify(withNull)).toBe(before);
  });

  it('keeps null array elements and non-objects as they are', () => {
    const def = { id: 'x', nodes: [null, { id: 'a' }], connections: null };
    expect(stripNulls(def)).toEqual({ id: 'x', nodes: [null, { id: 'a' }] });
    expect(stripNulls(null)).toBeNull();
    expect(stripNulls([1])).toEqual([1]);
    const workflow = normalizeDefinition({ id: 'w', nodes: [{ id: 'a' }], connections: [] });
    expect(stripNulls(workflow)).toBe(workflow);
  });
});

describe('validateWorkflow with Atom API shapes (issue 10)', () => {
  it('accepts steps: null next to nodes (was AMBIGUOUS_FORM)', () => {
    expect(validateWorkflow({ ...graph, steps: null })).toEqual([]);
  });

  it('accepts nodes: null next to steps', () => {
    expect(
      validateWorkflow({ id: 's', nodes: null, steps: [{ id: 'a', service: 'svc' }] }),
    ).toEqual([]);
  });

  it('accepts service: null on a trigger (was INVALID_SHAPE)', () => {
    expect(validateWorkflow(graph)).toEqual([]);
  });

  it('still reports a null node at its index', () => {
    expect(validateWorkflow({ id: 'x', nodes: [null], connections: [] })).toMatchObject([
      { code: 'INVALID_SHAPE', path: 'nodes[0]' },
    ]);
  });

  test.prop([fc.oneof(graphDagArbitrary(), stepsDagArbitrary())])(
    'adding null-valued optional fields changes neither the issues nor the normalised workflow',
    (def) => {
      const record = def as unknown as Record<string, unknown>;
      const list = (record.nodes ?? record.steps) as Array<Record<string, unknown>>;
      const withNulls = {
        ...record,
        [record.nodes === undefined ? 'nodes' : 'steps']: null,
        name: null,
        [record.nodes === undefined ? 'steps' : 'nodes']: list.map((item) => ({
          ...item,
          title: null,
          timeout: null,
          ...(item.config === undefined
            ? {}
            : { config: { ...(item.config as object), timeout: null } }),
        })),
      };
      expect(validateWorkflow(withNulls)).toEqual(validateWorkflow(def));
      expect(normalizeDefinition(stripNulls(withNulls) as typeof def)).toEqual(
        normalizeDefinition(def),
      );
    },
  );
});

describe('engine.start with Atom API shapes (issue 10)', () => {
  it('runs a stored workflow with steps: null and a trigger with service: null', async () => {
    const clock = createManualClock();
    const calls: string[] = [];
    const engine = createEngine({
      clock,
      executors: { svc: (ctx) => (calls.push(ctx.step.id), { ok: true }) },
    });
    const result = await drive(engine.start({ ...graph, steps: null }), clock);
    expect(result.status).toBe('COMPLETED');
    expect(result.steps).toEqual({ t: 'COMPLETED', a: 'COMPLETED' });
    expect(calls).toEqual(['a']);
  });
});
