import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { WorkflowCycleError } from '../src/errors.js';
import {
  fromGraph,
  fromSteps,
  isNormalizedWorkflow,
  normalizeDefinition,
  toSteps,
} from '../src/normalize.js';
import { topologicalOrder } from '../src/topological-order.js';
import type { GraphDefinition, StepsDefinition } from '../src/types.js';
import { validateWorkflow } from '../src/validate-workflow.js';
import { flaggedDagArbitrary, graphDagArbitrary, stepsDagArbitrary } from './arbitraries.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'valid', name), 'utf8')) as unknown;

describe('fromGraph', () => {
  it('normalises every field of a node and connection', () => {
    const def = fixture('graph-if-else-merge.json') as GraphDefinition;
    const before = JSON.stringify(def);
    const wf = fromGraph(def);
    expect(JSON.stringify(def)).toBe(before);
    expect(wf).toMatchObject({
      id: 'wf-lead-routing',
      name: 'Route new leads',
      createdBy: 'user-42',
      form: 'graph',
    });
    expect(wf.nodes[0]).toEqual({
      id: 'trigger',
      index: 0,
      type: 'trigger',
      title: 'New lead',
      parameters: {},
      continueOnError: false,
      join: 'all_success',
    });
    expect(wf.nodes[1]).toMatchObject({
      service: 'ai',
      action: 'score',
      timeoutMs: 30_000,
      retry: {
        maxAttempts: 3,
        initialDelayMs: 1000,
        backoffRate: 2,
        maxDelayMs: 10_000,
        jitter: 'full',
      },
    });
    expect(wf.nodes[2]).toMatchObject({ fallbackService: 'email', connectionId: 'conn-slack-1' });
    expect(wf.nodes[3]).toMatchObject({ continueOnError: true });
    expect(wf.nodes[4]).toMatchObject({ join: 'one_success' });
    expect(wf.edges.map((e) => [e.id, e.source, e.target, e.condition ?? null, e.kind])).toEqual([
      ['c1', 'trigger', 'score', null, 'dependency'],
      ['c2', 'score', 'notify_sales', '${score.value} > 80', 'dependency'],
      ['c3', 'score', 'nurture', 'not ${score.value} > 80', 'dependency'],
      ['c4', 'notify_sales', 'log', null, 'dependency'],
      ['c5', 'nurture', 'log', null, 'dependency'],
    ]);
  });

  it('keeps parallel connections as separate edges and accepts workflow_id', () => {
    const wf = fromGraph(fixture('graph-workflow-id-alias.json') as GraphDefinition);
    expect(wf.id).toBe('wf-alias');
    expect(wf.edges.filter((e) => e.source === 'b' && e.target === 'c').map((e) => e.id)).toEqual([
      'b->c#1',
      'b->c#2',
    ]);
  });

  it('copies parameters so the workflow shares nothing with the input', () => {
    const params = { nested: { v: 1 } };
    const wf = fromGraph({
      id: 'w',
      nodes: [{ id: 'a', config: { parameters: params } }],
      connections: [],
    });
    expect(wf.nodes[0]?.parameters).toEqual(params);
    expect(wf.nodes[0]?.parameters).not.toBe(params);
  });

  it('gives every node without parameters one shared, frozen empty object', () => {
    const input = {};
    const wf = fromGraph({
      id: 'w',
      nodes: [
        { id: 'a' },
        { id: 'b', config: { parameters: input } },
        { id: 'c', config: { parameters: [] as never } },
        { id: 'd', config: { service: 's', continue_on_error: true } },
      ],
      connections: [],
    });
    const [a, b, c, d] = wf.nodes.map((node) => node.parameters);
    expect(a).toEqual({});
    expect(Object.isFrozen(a)).toBe(true);
    expect([b, c, d].every((p) => p === a)).toBe(true);
    expect(b).not.toBe(input);
    expect(() => {
      (a as Record<string, unknown>).x = 1;
    }).toThrow(TypeError);
    const steps = fromSteps({ id: 's', steps: [{ id: 'x' }] });
    expect(steps.nodes[0]?.parameters).toBe(a);
  });

  it('reads only own keys of parameters, and ignores unknown node keys', () => {
    const inherited = Object.create({ k: 1 }) as Record<string, unknown>;
    const plain = fromGraph({
      id: 'w',
      nodes: [{ id: 'a', config: { service: 's', parameters: inherited } }],
      connections: [],
    });
    expect(plain.nodes[0]?.parameters).toEqual({});
    expect(Object.isFrozen(plain.nodes[0]?.parameters)).toBe(true);
    // A node key the engine does not read (Atom UI's `label`) changes nothing.
    const labelled = fromGraph({
      id: 'w',
      nodes: [{ id: 'a', label: 'A', config: { service: 's' } } as never],
      connections: [],
    });
    expect(JSON.stringify(labelled.nodes)).toBe(JSON.stringify(plain.nodes));
  });

  const commonNode = fc.record(
    {
      id: fc.constantFrom('a', 'b', 'c'),
      type: fc.constantFrom('trigger', 'action'),
      title: fc.string({ maxLength: 3 }),
      position: fc.record({ x: fc.integer(), y: fc.integer() }),
      description: fc.string({ maxLength: 3 }),
      config: fc.record(
        {
          service: fc.constantFrom('http', 'ai'),
          action: fc.constantFrom('get', 'score'),
          parameters: fc.dictionary(fc.constantFrom('k', 'q'), fc.integer(), { maxKeys: 2 }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['id'] },
  );
  test.prop([fc.array(commonNode, { maxLength: 4 })], { seed: 20261206 })(
    'a common node (no rare field) normalises exactly as through the full path, key order included',
    (nodes) => {
      const fast = fromGraph({ id: 'w', nodes, connections: [] });
      // Default-valued rare fields send every node through the full path.
      const withDefaults = nodes.map((node) => ({
        ...node,
        config: { ...node.config, continue_on_error: false, join: 'all_success' as const },
      }));
      const full = fromGraph({ id: 'w', nodes: withDefaults, connections: [] });
      expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
      expect(fast).toEqual(full);
    },
  );

  it('copies deeply nested parameters iteratively, keeping __proto__ keys as data', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 50_000; i++) deep = i % 2 === 0 ? [deep] : { k: deep };
    const params = JSON.parse('{"__proto__": {"x": 1}, "d": null}') as Record<string, unknown>;
    params.deep = deep;
    params.when = new Date(0);
    const copy = fromGraph({
      id: 'w',
      nodes: [{ id: 'a', config: { parameters: params } }],
      connections: [],
    }).nodes[0]?.parameters as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(copy.when).toBe(params.when);
    let a: unknown = copy.deep;
    let b: unknown = deep;
    let shared = 0;
    for (let i = 0; i < 50_000; i++) {
      if (a === b) shared++;
      a = Array.isArray(a) ? a[0] : (a as { k: unknown }).k;
      b = Array.isArray(b) ? b[0] : (b as { k: unknown }).k;
    }
    expect(shared).toBe(0);
    expect(a).toBe('leaf');
  });

  it('treats timeout 0 and null as none, empty schemas as none, and accepts connection_id', () => {
    const wf = fromGraph({
      id: 'w',
      nodes: [
        { id: 'a', config: { timeout: 0, input_schema: {}, output_schema: true } },
        {
          id: 'b',
          config: {
            timeout: null,
            connection_id: 'c-1',
            input_schema: { type: 'object' },
          } as never,
        },
      ],
      connections: [],
    });
    expect(wf.nodes[0]).not.toHaveProperty('timeoutMs');
    expect(wf.nodes[0]).not.toHaveProperty('inputSchema');
    expect(wf.nodes[0]?.outputSchema).toBe(true);
    expect(wf.nodes[1]).toMatchObject({ connectionId: 'c-1', inputSchema: { type: 'object' } });
    expect(wf.nodes[1]).not.toHaveProperty('timeoutMs');
  });

  it('reads malformed input leniently (validation reports it)', () => {
    const wf = fromGraph({ nodes: 'x', connections: [null] } as never);
    expect(wf).toEqual({
      id: '',
      form: 'graph',
      nodes: [],
      edges: [{ id: '->#0', source: '', target: '', kind: 'dependency' }],
    });
    const partial = fromGraph({
      id: 'w',
      nodes: [{ id: 'a', config: { retry: { jitter: 'weird' } } }],
    } as never);
    expect(partial.nodes[0]?.retry).toEqual({});
    expect(partial.edges).toEqual([]);
  });
});

describe('fromSteps', () => {
  it('sorts by sequence_order (stably, missing = 0) and links steps through ordering edges', () => {
    const def = fixture('steps-invoice.json') as StepsDefinition;
    const before = JSON.stringify(def);
    const wf = fromSteps(def);
    expect(JSON.stringify(def)).toBe(before);
    expect(wf.nodes.map((n) => [n.id, n.index])).toEqual([
      ['fetch', 0],
      ['audit', 1],
      ['send', 2],
      ['done', 3],
    ]);
    expect(wf.edges).toEqual([
      { id: 'dep:fetch->audit#0', source: 'fetch', target: 'audit', kind: 'dependency' },
      { id: 'order:audit->send', source: 'audit', target: 'send', kind: 'ordering' },
      { id: 'dep:send->done#0', source: 'send', target: 'done', kind: 'dependency' },
      {
        id: 'dep:audit->done#1',
        source: 'audit',
        target: 'done',
        condition: '${audit.ok} or False',
        kind: 'dependency',
      },
    ]);
    expect(wf.nodes[0]).toMatchObject({
      title: 'Fetch invoice',
      connectionId: 'qb-1',
      inputSchema: { type: 'object', required: ['id'] },
    });
    expect(wf.nodes[0]).not.toHaveProperty('outputSchema');
    expect(wf.nodes[2]).toMatchObject({
      condition: '${fetch.overdue} == True and ${input.enabled}',
    });
    expect(wf.nodes[2]).not.toHaveProperty('timeoutMs');
    expect(wf.nodes[3]).toMatchObject({ join: 'all_done', retry: { maxAttempts: 1 } });
  });

  it('keeps equal sequence orders in declaration order', () => {
    const wf = fromSteps({
      id: 'w',
      steps: [{ id: 'b' }, { id: 'a', sequence_order: -1 }, { id: 'c' }],
    });
    expect(wf.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
  });

  it('reads malformed entries leniently', () => {
    const wf = fromSteps({ id: 'w', steps: [{ id: 'a' }, { id: 'b', depends_on: [{}] }] } as never);
    expect(wf.edges).toEqual([{ id: 'dep:->b#0', source: '', target: 'b', kind: 'dependency' }]);
  });
});

describe('normalizeDefinition', () => {
  it('dispatches on the form and returns a Workflow unchanged', () => {
    const graph = normalizeDefinition({ id: 'g', nodes: [{ id: 'a' }], connections: [] });
    expect(graph.form).toBe('graph');
    expect(normalizeDefinition(graph)).toBe(graph);
    expect(normalizeDefinition({ id: 's', steps: [{ id: 'a' }] }).form).toBe('steps');
    expect(isNormalizedWorkflow(graph)).toBe(true);
    expect(isNormalizedWorkflow(null)).toBe(false);
    expect(isNormalizedWorkflow({ form: 'graph', nodes: [] })).toBe(false);
  });
});

describe('toSteps', () => {
  it('orders topologically, numbers 1..N and keeps every edge with its condition', () => {
    const def = fixture('graph-if-else-merge.json') as GraphDefinition;
    const steps = toSteps(def);
    expect(steps.id).toBe('wf-lead-routing');
    expect(steps.steps.map((s) => [s.id, s.sequence_order, s.depends_on])).toEqual([
      ['trigger', 1, []],
      ['score', 2, ['trigger']],
      ['notify_sales', 3, [{ id: 'score', condition: '${score.value} > 80' }]],
      ['nurture', 4, [{ id: 'score', condition: 'not ${score.value} > 80' }]],
      ['log', 5, ['notify_sales', 'nurture']],
    ]);
    expect(steps.steps[1]).toMatchObject({
      timeout: 30,
      retry: {
        max_attempts: 3,
        initial_delay_seconds: 1,
        max_delay_seconds: 10,
        backoff_rate: 2,
        jitter: 'full',
      },
    });
    expect(steps.steps[2]).toMatchObject({
      fallback_service: 'email',
      connection_id: 'conn-slack-1',
    });
    expect(steps.steps[4]).toMatchObject({ join: 'one_success' });
    expect(validateWorkflow(steps)).toEqual([]);
  });

  it('keeps implicit ordering when the order is unchanged', () => {
    const def = fixture('steps-invoice.json') as StepsDefinition;
    const steps = toSteps(def);
    expect(steps.steps.map((s) => [s.id, s.depends_on])).toEqual([
      ['fetch', []],
      ['audit', ['fetch']],
      ['send', undefined],
      ['done', ['send', { id: 'audit', condition: '${audit.ok} or False' }]],
    ]);
    const shape = (e: {
      source: string;
      target: string;
      condition?: string;
      kind: string;
    }): string => `${e.source}>${e.target}:${e.condition ?? ''}:${e.kind}`;
    expect(fromSteps(steps).edges.map(shape)).toEqual(fromSteps(def).edges.map(shape));
  });

  it('throws WorkflowCycleError on a cycle', () => {
    expect(() =>
      toSteps({
        id: 'w',
        nodes: [{ id: 'a' }, { id: 'b' }],
        connections: [
          { source: 'a', target: 'b' },
          { source: 'b', target: 'a' },
        ],
      }),
    ).toThrow(WorkflowCycleError);
  });

  test.prop([
    fc.oneof(
      graphDagArbitrary(),
      stepsDagArbitrary(),
      flaggedDagArbitrary().map((f) => f.def),
    ),
  ])('gives sequence_order exactly 1..N in a topological order, keeping every edge', (def) => {
    const before = JSON.stringify(def);
    const steps = toSteps(def);
    expect(JSON.stringify(def)).toBe(before);
    expect(steps.steps.map((s) => s.sequence_order)).toEqual(steps.steps.map((_, i) => i + 1));
    const position = new Map(steps.steps.map((s, i) => [s.id, i]));
    const original = normalizeDefinition(def);
    expect([...position.keys()].sort()).toEqual(original.nodes.map((n) => n.id).sort());
    for (const edge of original.edges) {
      expect(position.get(edge.source)).toBeLessThan(position.get(edge.target) as number);
    }
    const round = fromSteps(steps);
    const key = (e: { source: string; target: string; condition?: string }): string =>
      `${e.source}>${e.target}:${e.condition ?? ''}`;
    expect(round.edges.map(key).sort()).toEqual(original.edges.map(key).sort());
    expect(topologicalOrder(round)).toEqual(steps.steps.map((s) => s.id));
  });
});
