// Behaviours of validate-workflow.ts the broader suite left open (found by mutation testing, issue
// 14): every optional field of both forms, numeric bounds, parameter depth, paths and messages, and
// normalised workflows read back broken.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fromGraph, fromSteps } from '../src/normalize.js';
import type { Workflow } from '../src/types.js';
import { plainConnection, plainNode, validateWorkflow } from '../src/validate-workflow.js';
import type { ValidationIssue } from '../src/validate-workflow.js';
import { graphDagArbitrary, stepsDagArbitrary } from './arbitraries.js';

const JOINS = 'one of all_success, none_failed_min_one_success, one_success, all_done';

const graph = (node: object, extra: object = {}): object => ({
  id: 'w',
  nodes: [{ id: 'a', ...node }],
  connections: [],
  ...extra,
});
const steps = (step: object): object => ({ id: 'w', steps: [{ id: 'a', ...step }] });

/** The issue `INVALID_SHAPE` at `path`, with its message. */
function shape(path: string, expected: string, received: string): ValidationIssue {
  const message = `${path}: expected ${expected}, received ${received}`;
  return { code: 'INVALID_SHAPE', path, expected, received, message };
}

/** A parameters object nested `levels` objects deep. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) value = { v: value };
  return value;
}

describe('every optional field is type-checked where it is', () => {
  it.each<[string, object, ValidationIssue]>([
    ['type', { type: 1 }, shape('nodes[0].type', 'a string', '1')],
    ['title', { title: false }, shape('nodes[0].title', 'a string', 'false')],
    ['config', { config: [] }, shape('nodes[0].config', 'an object', 'an array')],
    ['service', { config: { service: 3 } }, shape('nodes[0].config.service', 'a string', '3')],
    ['action', { config: { action: 1 } }, shape('nodes[0].config.action', 'a string', '1')],
    [
      'connectionId',
      { config: { connectionId: 2 } },
      shape('nodes[0].config.connectionId', 'a string', '2'),
    ],
    [
      'fallback_service',
      { config: { fallback_service: true } },
      shape('nodes[0].config.fallback_service', 'a string', 'true'),
    ],
    [
      'parameters',
      { config: { parameters: [] } },
      shape('nodes[0].config.parameters', 'an object', 'an array'),
    ],
    [
      'continue_on_error',
      { config: { continue_on_error: 'yes' } },
      shape('nodes[0].config.continue_on_error', 'a boolean', '"yes"'),
    ],
    [
      'input_schema',
      { config: { input_schema: 5 } },
      shape('nodes[0].config.input_schema', 'a JSON Schema (object or boolean)', '5'),
    ],
    [
      'output_schema',
      { config: { output_schema: 'x' } },
      shape('nodes[0].config.output_schema', 'a JSON Schema (object or boolean)', '"x"'),
    ],
    ['join', { config: { join: 'any' } }, shape('nodes[0].config.join', JOINS, '"any"')],
    ['unknown config key', { config: { other: 1 } }, undefined as never],
  ])('graph node %s', (_, node, issue) => {
    expect(validateWorkflow(graph(node))).toEqual(issue === undefined ? [] : [issue]);
  });

  it.each<[string, object, ValidationIssue]>([
    ['name', { name: 1 }, shape('steps[0].name', 'a string', '1')],
    ['type', { type: 2 }, shape('steps[0].type', 'a string', '2')],
    ['service', { service: 3 }, shape('steps[0].service', 'a string', '3')],
    ['action', { action: 4 }, shape('steps[0].action', 'a string', '4')],
    ['connection_id', { connection_id: 5 }, shape('steps[0].connection_id', 'a string', '5')],
    [
      'fallback_service',
      { fallback_service: 6 },
      shape('steps[0].fallback_service', 'a string', '6'),
    ],
    ['parameters', { parameters: 7 }, shape('steps[0].parameters', 'an object', '7')],
    [
      'continue_on_error',
      { continue_on_error: 8 },
      shape('steps[0].continue_on_error', 'a boolean', '8'),
    ],
    [
      'input_schema',
      { input_schema: 9 },
      shape('steps[0].input_schema', 'a JSON Schema (object or boolean)', '9'),
    ],
    [
      'output_schema',
      { output_schema: 'x' },
      shape('steps[0].output_schema', 'a JSON Schema (object or boolean)', '"x"'),
    ],
    ['condition', { condition: 10 }, shape('steps[0].condition', 'a string or null', '10')],
    ['join', { join: 'x' }, shape('steps[0].join', JOINS, '"x"')],
    [
      'sequence_order',
      { sequence_order: Number.POSITIVE_INFINITY },
      shape('steps[0].sequence_order', 'a finite number', 'Infinity'),
    ],
  ])('linear step %s', (_, step, issue) => {
    expect(validateWorkflow(steps(step))).toEqual([issue]);
  });

  it('accepts schemas that are objects or booleans, and null for every optional field', () => {
    expect(
      validateWorkflow(
        graph({ config: { input_schema: true, output_schema: { type: 'object' } } }),
      ),
    ).toEqual([]);
    expect(
      validateWorkflow(steps({ input_schema: false, output_schema: {}, condition: null })),
    ).toEqual([]);
  });

  it('names the definition-level fields without a leading dot', () => {
    expect(validateWorkflow(graph({}, { name: 3, created_by: 4 }))).toEqual([
      shape('name', 'a string', '3'),
      shape('created_by', 'a string', '4'),
    ]);
    expect(validateWorkflow({ id: 'w', name: 1, steps: [{ id: 'a' }] })).toEqual([
      shape('name', 'a string', '1'),
    ]);
  });

  it('takes workflow_id as the id of the graph form, not of the linear form', () => {
    expect(validateWorkflow({ workflow_id: 'w', nodes: [{ id: 'a' }] })).toEqual([]);
    expect(validateWorkflow({ workflow_id: 'w', steps: [{ id: 'a' }] })).toEqual([
      shape('id', 'a string id', 'undefined'),
    ]);
  });

  it('quotes a received string up to 40 characters, then cuts it with an ellipsis', () => {
    const forty = 'x'.repeat(40);
    expect(validateWorkflow(graph({ config: { join: forty } }))).toEqual([
      shape('nodes[0].config.join', JOINS, `"${forty}"`),
    ]);
    expect(validateWorkflow(graph({ config: { join: `${forty}yz` } }))).toEqual([
      shape('nodes[0].config.join', JOINS, `"${forty}…"`),
    ]);
  });
});

describe('timeouts and retry policies', () => {
  const timeoutMessage = (path: string, received: string): string =>
    `${path}: expected a finite number > 0 (0 or null for none), received ${received}`;

  it.each([0, null, 0.001, 30])('accepts the timeout %j', (timeout) => {
    expect(validateWorkflow(steps({ timeout }))).toEqual([]);
    expect(validateWorkflow(graph({ config: { timeout } }))).toEqual([]);
  });

  it.each<[unknown, string]>([
    [-0.5, '-0.5'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    ['30', '"30"'],
    [true, 'true'],
  ])('refuses the timeout %j', (timeout, received) => {
    expect(validateWorkflow(graph({ config: { timeout } }))).toEqual([
      {
        code: 'BAD_TIMEOUT',
        path: 'nodes[0].config.timeout',
        value: timeout,
        message: timeoutMessage('nodes[0].config.timeout', received),
      },
    ]);
  });

  it('accepts each bound of a retry policy', () => {
    for (const retry of [
      {
        max_attempts: 100,
        initial_delay_seconds: 0,
        max_delay_seconds: 0,
        backoff_rate: 1,
        jitter: 'none',
      },
      { max_attempts: 1, jitter: 'full' },
      {},
    ]) {
      expect(validateWorkflow(steps({ retry }))).toEqual([]);
    }
  });

  it('refuses what lies just past each bound, naming the field', () => {
    const retry = {
      max_attempts: 101,
      initial_delay_seconds: Number.POSITIVE_INFINITY,
      max_delay_seconds: -0.001,
      backoff_rate: Number.NaN,
      jitter: 'None',
    };
    const bad = (field: string, value: unknown, expected: string, received: string): unknown => ({
      code: 'BAD_RETRY',
      path: `steps[0].retry.${field}`,
      field,
      value,
      message: `steps[0].retry.${field}: expected ${expected}, received ${received}`,
    });
    expect(validateWorkflow(steps({ retry }))).toEqual([
      bad('max_attempts', 101, 'an integer from 1 to 100', '101'),
      bad('initial_delay_seconds', Number.POSITIVE_INFINITY, 'a finite number ≥ 0', 'Infinity'),
      bad('max_delay_seconds', -0.001, 'a finite number ≥ 0', '-0.001'),
      bad('backoff_rate', Number.NaN, 'a finite number ≥ 1', 'NaN'),
      bad('jitter', 'None', '"none" or "full"', '"None"'),
    ]);
  });

  it('refuses a retry block that is an array, with an empty field', () => {
    expect(validateWorkflow(steps({ retry: [] }))).toEqual([
      {
        code: 'BAD_RETRY',
        path: 'steps[0].retry',
        field: '',
        value: [],
        message: 'steps[0].retry: expected an object, received an array',
      },
    ]);
  });
});

describe('parameters', () => {
  it('accepts parameters nested 1000 levels deep and refuses 1001, at the form’s own path', () => {
    expect(validateWorkflow(graph({ config: { parameters: nested(1000) } }))).toEqual([]);
    const deep = nested(1001);
    const expected = 'parameters nested at most 1000 levels deep';
    expect(validateWorkflow(graph({ config: { parameters: deep } }))).toEqual([
      shape('nodes[0].config.parameters', expected, 'an object'),
    ]);
    expect(validateWorkflow(steps({ parameters: deep }))).toEqual([
      shape('steps[0].parameters', expected, 'an object'),
    ]);
  });

  it('checks the references of every node, each against its own ancestors', () => {
    const def = {
      id: 'w',
      nodes: [
        { id: 'a' },
        { id: 'b', config: { parameters: { x: '${a.v}', y: '${c.v}' } } },
        { id: 'c', config: { parameters: { z: '${b.v}', w: '${a.v}' } } },
      ],
      connections: [
        { source: 'a', target: 'b' },
        { source: 'a', target: 'c' },
      ],
    };
    expect(validateWorkflow(def).map((i) => [i.code, i.path, i.message])).toEqual([
      [
        'BAD_REF',
        'nodes[1].config.parameters',
        'nodes[1].config.parameters: reference ${c.v} reads step "c", which does not run before "b"',
      ],
      [
        'BAD_REF',
        'nodes[2].config.parameters',
        'nodes[2].config.parameters: reference ${b.v} reads step "b", which does not run before "c"',
      ],
    ]);
  });

  it('checks ancestry from the first node that reads another step, whichever it is', () => {
    // The first reference is read by the third node: its ancestors must still be computed.
    const def = {
      id: 'w',
      nodes: [{ id: 'a' }, { id: 'b' }, { id: 'c', config: { parameters: { x: '${b.v}' } } }],
      connections: [{ source: 'a', target: 'c' }],
    };
    expect(validateWorkflow(def).map((i) => [i.code, i.path])).toEqual([
      ['BAD_REF', 'nodes[2].config.parameters'],
    ]);
  });

  it('locates a parameter reference of the linear form without a config segment', () => {
    const def = { id: 'w', steps: [{ id: 'a', parameters: { x: '${b.v}' } }, { id: 'b' }] };
    expect(validateWorkflow(def)).toEqual([
      {
        code: 'BAD_REF',
        ref: '${b.v}',
        nodeId: 'a',
        reason: 'not_upstream',
        path: 'steps[0].parameters',
        message:
          'steps[0].parameters: reference ${b.v} reads step "b", which does not run before "a"',
      },
    ]);
  });

  it('checks references inside a cycle and reports the cycle', () => {
    const def = {
      id: 'w',
      nodes: [{ id: 'a', config: { parameters: { x: '${b.v}' } } }, { id: 'b' }],
      connections: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'a' },
      ],
    };
    expect(validateWorkflow(def).map((i) => i.code)).toEqual(['CYCLE']);
  });
});

describe('ids and edges', () => {
  it('reports every repeated step id against its first use', () => {
    const def = { id: 'w', steps: [{ id: 'a' }, { id: 'b' }, { id: 'a' }, { id: 'b' }] };
    expect(validateWorkflow(def).filter((i) => i.code === 'DUPLICATE_ID')).toEqual([
      {
        code: 'DUPLICATE_ID',
        kind: 'node',
        id: 'a',
        path: 'steps[2]',
        firstPath: 'steps[0]',
        message: 'Node id "a" at steps[2] is already used by steps[0]',
      },
      {
        code: 'DUPLICATE_ID',
        kind: 'node',
        id: 'b',
        path: 'steps[3]',
        firstPath: 'steps[1]',
        message: 'Node id "b" at steps[3] is already used by steps[1]',
      },
    ]);
  });

  it('still finds a duplicate after a node without an id', () => {
    const def = { id: 'w', nodes: [{ id: '' }, { id: 'a' }, { id: 'a' }] };
    expect(validateWorkflow(def).map((i) => [i.code, i.path])).toEqual([
      ['INVALID_SHAPE', 'nodes[0].id'],
      ['DUPLICATE_ID', 'nodes[2]'],
    ]);
  });

  it('reports a depends_on entry that is neither an id nor { id }, and the edge it leaves', () => {
    const def = { id: 'w', steps: [{ id: 'a' }, { id: 'b', depends_on: [{ condition: 'true' }] }] };
    expect(validateWorkflow(def).map((i) => [i.code, i.path])).toEqual([
      ['INVALID_SHAPE', 'steps[1].depends_on[0]'],
      ['DANGLING_EDGE', 'steps[1].depends_on[0]'],
    ]);
  });

  it('locates the implicit order edge of a step after a broken one at the later step', () => {
    const def = { id: 'w', steps: [{ id: 'a' }, 5, { id: 'c', condition: '${zz.y}' }] };
    expect(validateWorkflow(def).map((i) => [i.code, i.path])).toEqual([
      ['INVALID_SHAPE', 'steps[1]'],
      ['DANGLING_EDGE', 'steps[1]'], // a → the broken step
      ['DANGLING_EDGE', 'steps[2]'], // the broken step → c
      ['BAD_REF', 'steps[2].condition'],
    ]);
  });
});

describe('normalised workflows read back broken', () => {
  const workflow = (): Workflow =>
    fromGraph({
      id: 'w',
      nodes: [{ id: 'a' }, { id: 'b' }],
      connections: [{ source: 'a', target: 'b' }],
    });
  const node = (w: Workflow, i: number): Workflow['nodes'][number] =>
    w.nodes[i] as Workflow['nodes'][number];

  it('checks the policy names of a normalised node, not the definition names', () => {
    const w = workflow();
    const broken = {
      ...w,
      nodes: [
        node(w, 0),
        {
          ...node(w, 1),
          join: 'no',
          retry: { backoffRate: 0.5, initialDelayMs: -1, maxDelayMs: -1 },
          type: 3,
          continueOnError: 'no',
        },
      ],
    };
    expect(validateWorkflow(broken).map((i) => i.path)).toEqual([
      'nodes[1].type',
      'nodes[1].continueOnError',
      'nodes[1].retry.initialDelayMs',
      'nodes[1].retry.maxDelayMs',
      'nodes[1].retry.backoffRate',
      'nodes[1].join',
    ]);
  });

  it('stops at shape issues when a node or edge is too broken to build the graph from', () => {
    const w = workflow();
    expect(validateWorkflow({ ...w, id: 7, nodes: [node(w, 0), 5] })).toEqual([
      shape('id', 'a string id', '7'),
      shape('nodes[1]', 'a node object', '5'),
    ]);
    expect(validateWorkflow({ ...w, edges: [{ id: 'e', source: 1, target: 'b' }, null] })).toEqual([
      shape('edges[0].source', 'a string', '1'),
      shape('edges[1]', 'an edge object', 'null'),
    ]);
    expect(
      validateWorkflow({
        ...w,
        nodes: [
          { ...node(w, 0), parameters: 1, condition: 2 },
          { ...node(w, 1), id: 3 },
        ],
        edges: [{ ...w.edges[0], condition: false }],
      }).map((i) => i.path),
    ).toEqual(['nodes[0].parameters', 'nodes[0].condition', 'nodes[1].id', 'edges[0].condition']);
  });

  /** A normalised workflow with one node or edge, or one of its fields, replaced by anything. */
  const corrupted = fc
    .tuple(
      fc.oneof(
        graphDagArbitrary({ maxNodes: 6 }).map(fromGraph),
        stepsDagArbitrary({ maxNodes: 6 }).map(fromSteps),
      ),
      fc.constantFrom('nodes', 'edges'),
      fc.nat(),
      fc.option(
        fc.constantFrom(
          'id',
          'source',
          'target',
          'parameters',
          'condition',
          'retry',
          'join',
          'type',
        ),
        { nil: undefined },
      ),
      fc.anything(),
    )
    .map(([w, list, at, field, value]) => {
      const items: unknown[] = [...w[list]];
      if (items.length === 0) return w;
      const i = at % items.length;
      items[i] = field === undefined ? value : { ...(items[i] as object), [field]: value };
      return { ...w, [list]: items };
    });

  test.prop([corrupted])('validation never throws, whatever a stored workflow holds', (def) => {
    const issues = validateWorkflow(def);
    for (const issue of issues) expect(issue.message).toContain(issue.path);
  });
});

describe('the fast path of ordinary nodes and connections', () => {
  it.each<[string, unknown]>([
    ['an id', { id: 'a' }],
    ['type and title', { id: 'a', type: 'action', title: 'Fetch' }],
    ['position and description of any kind', { id: 'a', position: { x: 1 }, description: 3 }],
    ['an empty config', { id: 'a', config: {} }],
    [
      'service, action and parameters',
      { id: 'a', config: { service: 'http', action: 'get', parameters: { url: 'u' } } },
    ],
  ])('takes a node with %s', (_, node) => {
    expect(plainNode(node)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['that is not an object', 'a'],
    ['that is an array', ['a']],
    ['without an id', { type: 'x' }],
    ['with an empty id', { id: '' }],
    ['with a numeric id', { id: 1 }],
    ['with a numeric type', { id: 'a', type: 1 }],
    ['with a numeric title', { id: 'a', title: 1 }],
    ['with a config that is not an object', { id: 'a', config: 'x' }],
    ['with a config array', { id: 'a', config: [] }],
    ['with a numeric service', { id: 'a', config: { service: 1 } }],
    ['with a numeric action', { id: 'a', config: { action: 1 } }],
    ['with parameters that are not an object', { id: 'a', config: { parameters: 1 } }],
    ['with a parameters array', { id: 'a', config: { parameters: [] } }],
    ['with a timeout', { id: 'a', config: { timeout: 5 } }],
    ['with any other node key', { id: 'a', retry: {} }],
  ])('leaves a node %s to the detailed checks', (_, node) => {
    expect(plainNode(node)).toBe(false);
  });

  it.each<[unknown, boolean]>([
    [{ source: 'a', target: 'b' }, true],
    [{ id: 'e', source: 'a', target: 'b', condition: 'true' }, true],
    [{ source: 'a', target: 'b', condition: null }, true],
    [null, false],
    [[], false],
    [{ source: 1, target: 'b' }, false],
    [{ source: 'a', target: 1 }, false],
    [{ id: 1, source: 'a', target: 'b' }, false],
    [{ source: 'a', target: 'b', condition: 1 }, false],
  ])('connection %j plain: %s', (connection, plain) => {
    expect(plainConnection(connection)).toBe(plain);
  });

  const field = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
    fc.oneof(valid, fc.anything());
  const nodeArbitrary = fc.record(
    {
      id: field(fc.constantFrom('a', '')),
      type: field(fc.string()),
      title: field(fc.string()),
      position: fc.anything(),
      retry: fc.anything(),
      config: field(
        fc.record(
          {
            service: field(fc.string()),
            action: field(fc.string()),
            parameters: field(fc.dictionary(fc.string(), fc.string())),
            timeout: field(fc.nat()),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  );

  test.prop([nodeArbitrary])('a node it takes has nothing the detailed checks report', (node) => {
    if (!plainNode(node)) return;
    expect(validateWorkflow({ id: 'w', nodes: [node], connections: [] })).toEqual([]);
  });

  test.prop([
    fc.record(
      { id: field(fc.string()), source: field(fc.constant('a')), target: field(fc.constant('a')) },
      { requiredKeys: [] },
    ),
  ])('a connection it takes has nothing the detailed checks report', (connection) => {
    if (!plainConnection(connection)) return;
    const def = { id: 'w', nodes: [{ id: 'a' }], connections: [connection] };
    expect(validateWorkflow(def).filter((i) => i.code === 'INVALID_SHAPE')).toEqual([]);
  });
});
