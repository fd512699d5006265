/**
 * Normalisation pinned field by field (from normalize.ts's mutation survivors): exact node and edge
 * objects (`toStrictEqual`: no key set to `undefined`), the lenient reading of every malformed field,
 * the copy's property attributes, the linear form's defaults and `toSteps`' implicit ordering.
 */
import { describe, expect, it } from 'vitest';
import {
  fromGraph,
  fromSteps,
  isNormalizedWorkflow,
  normalizeDefinition,
  toSteps,
} from '../src/normalize.js';
import type { GraphDefinition, StepsDefinition, Workflow } from '../src/types.js';

const graph = (nodes: unknown[], connections: unknown[] = []): Workflow =>
  fromGraph({ id: 'w', nodes, connections } as GraphDefinition);
const steps = (list: unknown[], extra: Record<string, unknown> = {}): Workflow =>
  fromSteps({ id: 'w', steps: list, ...extra } as StepsDefinition);
const node0 = (config: Record<string, unknown>): Workflow['nodes'][number] =>
  graph([{ id: 'a', config }]).nodes[0] as Workflow['nodes'][number];

describe('graph nodes, exactly', () => {
  it('the common node carries no key it was not given', () => {
    const wf = graph([
      { id: 'a' },
      { id: 'b', title: 'B' },
      { id: 'c', config: { service: 's' } },
      { id: 'd', title: 'D', config: { service: 's', action: 'go' } },
      { id: 'e', type: 'trigger', config: { action: 'only' } },
    ]);
    const base = { parameters: {}, continueOnError: false, join: 'all_success' };
    expect(wf.nodes).toStrictEqual([
      { id: 'a', index: 0, type: 'action', ...base },
      { id: 'b', index: 1, type: 'action', ...base, title: 'B' },
      { id: 'c', index: 2, type: 'action', ...base, service: 's' },
      { id: 'd', index: 3, type: 'action', ...base, title: 'D', service: 's', action: 'go' },
      { id: 'e', index: 4, type: 'trigger', ...base, action: 'only' },
    ]);
  });

  it('a node with a rare field carries exactly the fields it was given', () => {
    expect(node0({ timeout: 2 })).toStrictEqual({
      id: 'a',
      index: 0,
      type: 'action',
      parameters: {},
      continueOnError: false,
      join: 'all_success',
      timeoutMs: 2000,
    });
    expect(node0({ service: 's', join: 'any', continue_on_error: 'yes' })).toStrictEqual({
      id: 'a',
      index: 0,
      type: 'action',
      parameters: {},
      continueOnError: false,
      join: 'any',
      service: 's',
    });
    expect(node0({ action: 'x', connectionId: 'k', fallback_service: 'f', retry: {} })).toEqual({
      id: 'a',
      index: 0,
      type: 'action',
      parameters: {},
      continueOnError: false,
      join: 'all_success',
      action: 'x',
      connectionId: 'k',
      fallbackService: 'f',
      retry: {},
    });
  });

  it('ignores node keys it does not read, whatever they are', () => {
    const plain = graph([{ id: 'a', config: { service: 's' } }]);
    const decorated = graph([
      { id: 'a', label: 'A', position: { x: 1 }, extra: [1], config: { service: 's' } },
    ]);
    expect(decorated).toStrictEqual(plain);
  });

  it('reads fields of the wrong type as absent', () => {
    const wf = graph([
      { id: 5, type: 7, title: false, config: { service: 1, action: 2, parameters: 'abc' } },
      { id: 'b', config: { parameters: [1, 2], retry: null, input_schema: null, timeout: 'x' } },
      { id: 'c', config: { retry: [1], input_schema: [1], output_schema: 'x', join: 3 } },
    ]);
    expect(wf.nodes).toStrictEqual([
      {
        id: '',
        index: 0,
        type: 'action',
        parameters: {},
        continueOnError: false,
        join: 'all_success',
      },
      {
        id: 'b',
        index: 1,
        type: 'action',
        parameters: {},
        continueOnError: false,
        join: 'all_success',
      },
      {
        id: 'c',
        index: 2,
        type: 'action',
        parameters: {},
        continueOnError: false,
        join: 'all_success',
      },
    ]);
  });

  it('keeps only retry fields of the right type', () => {
    expect(
      node0({
        retry: {
          max_attempts: '3',
          initial_delay_seconds: '1',
          backoff_rate: '2',
          max_delay_seconds: '9',
          jitter: 'some',
        },
      }).retry,
    ).toStrictEqual({});
    expect(node0({ retry: { jitter: 'none', backoff_rate: 1.5 } }).retry).toStrictEqual({
      backoffRate: 1.5,
      jitter: 'none',
    });
    expect(node0({ retry: { max_attempts: 2, max_delay_seconds: 0.5 } }).retry).toStrictEqual({
      maxAttempts: 2,
      maxDelayMs: 500,
    });
  });

  it('drops blank conditions, on edges and steps', () => {
    const wf = graph(
      [{ id: 'a' }, { id: 'b' }],
      [
        { source: 'a', target: 'b', condition: '   ' },
        { source: 'a', target: 'b', condition: ' ${a.ok} ' },
      ],
    );
    expect(wf.edges).toStrictEqual([
      { id: 'a->b#0', source: 'a', target: 'b', kind: 'dependency' },
      { id: 'a->b#1', source: 'a', target: 'b', condition: ' ${a.ok} ', kind: 'dependency' },
    ]);
    expect(steps([{ id: 'a', condition: '\t' }]).nodes[0]).not.toHaveProperty('condition');
  });
});

describe('the copy of parameters', () => {
  it('copies empty arrays, null-prototype objects, and leaves every key writable and deletable', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.k = 1;
    const params = { list: [], bare, nested: { v: 1 } };
    const copy = node0({ parameters: params }).parameters as typeof params;
    expect(copy).toStrictEqual({ list: [], bare: { k: 1 }, nested: { v: 1 } });
    expect(copy.bare).not.toBe(bare);
    expect(copy.list).not.toBe(params.list);
    copy.nested = { v: 2 };
    expect(copy.nested).toEqual({ v: 2 });
    expect(delete (copy as Partial<typeof params>).list).toBe(true);
    expect(Object.keys(copy)).toEqual(['bare', 'nested']);
    expect(params.list).toEqual([]);
  });

  it('copies schemas the same way', () => {
    const input = { type: 'object', required: [] as string[] };
    const wf = graph([{ id: 'a', config: { input_schema: input } }]);
    expect(wf.nodes[0]?.inputSchema).toStrictEqual({ type: 'object', required: [] });
    expect(wf.nodes[0]?.inputSchema).not.toBe(input);
  });
});

describe('isNormalizedWorkflow', () => {
  it('recognises both forms, and nothing else', () => {
    expect(isNormalizedWorkflow({ form: 'steps', nodes: [], edges: [] })).toBe(true);
    expect(isNormalizedWorkflow({ form: 'graph', nodes: [], edges: [] })).toBe(true);
    expect(isNormalizedWorkflow({ form: 'other', nodes: [], edges: [] })).toBe(false);
    expect(isNormalizedWorkflow({ form: 'steps', nodes: [], edges: {} })).toBe(false);
    expect(isNormalizedWorkflow('steps')).toBe(false);
    const steps = normalizeDefinition({ id: 's', steps: [{ id: 'a' }] });
    expect(normalizeDefinition(steps)).toBe(steps);
  });
});

describe('fromSteps, exactly', () => {
  it('gives defaults to a bare step and keeps every optional field it was given', () => {
    const wf = steps(
      [
        { id: 'a' },
        {
          id: 'b',
          name: 'B',
          type: 'tool',
          service: 's',
          action: 'x',
          continue_on_error: true,
          join: 'any',
          timeout: 1,
          fallback_service: 'f',
          connection_id: 'k',
          retry: { max_attempts: 3 },
        },
        { id: 'c', continue_on_error: 'yes' },
      ],
      { name: 'N' },
    );
    expect(wf).toStrictEqual({
      id: 'w',
      name: 'N',
      form: 'steps',
      nodes: [
        {
          id: 'a',
          index: 0,
          type: 'action',
          parameters: {},
          continueOnError: false,
          join: 'all_success',
        },
        {
          id: 'b',
          index: 1,
          type: 'tool',
          parameters: {},
          continueOnError: true,
          join: 'any',
          title: 'B',
          service: 's',
          action: 'x',
          timeoutMs: 1000,
          connectionId: 'k',
          fallbackService: 'f',
          retry: { maxAttempts: 3 },
        },
        {
          id: 'c',
          index: 2,
          type: 'action',
          parameters: {},
          continueOnError: false,
          join: 'all_success',
        },
      ],
      edges: [
        { id: 'order:a->b', source: 'a', target: 'b', kind: 'ordering' },
        { id: 'order:b->c', source: 'b', target: 'c', kind: 'ordering' },
      ],
    });
  });

  it('reads depends_on: null as absent, string entries as ids, and a missing id as empty', () => {
    const wf = steps([
      { name: 'first' },
      { id: 'b', depends_on: null },
      { id: 'c', depends_on: ['b'] },
    ]);
    expect(wf.id).toBe('w');
    expect(wf.edges).toStrictEqual([
      { id: 'order:->b', source: '', target: 'b', kind: 'ordering' },
      { id: 'dep:b->c#0', source: 'b', target: 'c', kind: 'dependency' },
    ]);
    expect(fromSteps({ steps: [] } as never)).toStrictEqual({
      id: '',
      form: 'steps',
      nodes: [],
      edges: [],
    });
  });

  it('sorts a non-number sequence_order as 0, and ties in declaration order', () => {
    const wf = steps([
      { id: 'a', sequence_order: 1 },
      { id: 'b', sequence_order: '-5' },
      { id: 'c', sequence_order: 1 },
      { id: 'd', sequence_order: 1 },
      { id: 'e' },
      { id: 'f', sequence_order: 1 },
    ]);
    expect(wf.nodes.map((n) => n.id)).toEqual(['b', 'e', 'a', 'c', 'd', 'f']);
  });
});

describe('toSteps, implicit ordering', () => {
  const workflow = (edges: Workflow['edges']): Workflow => ({
    id: 'w',
    form: 'steps',
    nodes: ['a', 'b', 'c'].map((id, index) => ({
      id,
      index,
      type: 'action',
      parameters: {},
      continueOnError: false,
      join: 'all_success',
    })),
    edges,
  });

  it('keeps an ordering edge explicit when its source is not the step just before', () => {
    const out = toSteps(workflow([{ id: 'o', source: 'a', target: 'c', kind: 'ordering' }]));
    expect(out.steps.map((s) => [s.id, s.depends_on])).toEqual([
      ['a', []],
      ['b', []],
      ['c', ['a']],
    ]);
  });

  it('keeps every edge when an ordering edge has company', () => {
    const out = toSteps(
      workflow([
        { id: 'o', source: 'b', target: 'c', kind: 'ordering' },
        { id: 'd', source: 'a', target: 'c', kind: 'dependency' },
      ]),
    );
    expect(out.steps.map((s) => [s.id, s.depends_on])).toEqual([
      ['a', []],
      ['b', []],
      ['c', ['b', 'a']],
    ]);
  });

  it('writes each step exactly, keeping only the fields it has', () => {
    const out = toSteps({
      id: 'w',
      nodes: [
        { id: 'a', config: { service: 's', retry: { initial_delay_seconds: 2, jitter: 'none' } } },
      ],
      connections: [],
    });
    expect(out).toStrictEqual({
      id: 'w',
      steps: [
        {
          id: 'a',
          sequence_order: 1,
          type: 'action',
          service: 's',
          parameters: {},
          depends_on: [],
          continue_on_error: false,
          retry: { initial_delay_seconds: 2, jitter: 'none' },
          join: 'all_success',
        },
      ],
    });
  });

  it('writes only the retry fields a step sets', () => {
    const out = toSteps({
      id: 'w',
      nodes: [{ id: 'a', config: { service: 's', retry: { max_attempts: 3 } } }],
      connections: [],
    });
    expect(out.steps[0]?.retry).toStrictEqual({ max_attempts: 3 });
  });

  it('gives a node with neither title nor service no title key', () => {
    const node = fromGraph({ id: 'w', nodes: [{ id: 't', type: 'trigger' }], connections: [] })
      .nodes[0];
    expect(node).toStrictEqual({
      id: 't',
      index: 0,
      type: 'trigger',
      parameters: {},
      continueOnError: false,
      join: 'all_success',
    });
    const titled = fromGraph({ id: 'w', nodes: [{ id: 't', title: 'Start' }], connections: [] });
    expect(titled.nodes[0]?.title).toBe('Start');
  });
});
