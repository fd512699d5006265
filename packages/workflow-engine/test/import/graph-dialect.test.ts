/** The graph and UI dialects read directly: config mapping, titles, edges and labels, exact warnings. */
import { describe, expect, it } from 'vitest';
import { importGraph } from '../../src/import/graph-dialect.js';
import { ImportContext } from '../../src/import/import-context.js';
import { withoutPrefix } from './helpers.js';

function read(src: Record<string, unknown>, base = '') {
  const ctx = new ImportContext();
  const r = importGraph(src, base, ctx);
  return { ...r, warnings: withoutPrefix(ctx.warnings), issues: withoutPrefix(ctx.issues) };
}

const CONDITION_IGNORED =
  'a condition on a step that calls a service is ignored (by Atom too): put it on the incoming connection';
const UNUSED = 'not used by the engine; left out';

describe('importGraph: nodes and config', () => {
  it('maps config keys, aliases, extras as parameters, titles, and the definition fields', () => {
    const schema = { type: 'object' };
    const r = read(
      {
        id: 'w',
        workflow_id: 'w2',
        name: 'n',
        created_by: 'u',
        steps: [],
        extra: 1,
        edges: [],
        nodes: [
          { id: 't', type: 'trigger', config: { integration: 'slack', channel: '#a' } },
          {
            id: 'a',
            title: 'A',
            label: 'L',
            data: { label: 'D', icon: 'x' },
            description: 'd',
            position: { x: 1 },
            junk: 1,
            config: {
              service: 's',
              integration: 'i',
              actionType: 'do',
              connection_id: 'c',
              parameters: { p: 1 },
              p: 2,
              q: 3,
              condition: 'x',
              conditions: [],
              timeout: 5,
              input_schema: schema,
            },
          },
          {
            id: 'b',
            data: { label: 'DB' },
            config: { integrationId: 'svc', parameters: 'bad', z: 1 },
          },
          { id: 'c', data: 'x', connections: ['d', 'a'] },
          { id: 'd', connections: 'x', config: 'str' },
          5,
        ],
        connections: [
          { source: 't', target: 'a', label: 'go', sourceHandle: 'h', foo: 1 },
          { id: 'e2', source: 'a', target: 'b', condition: 'yes' },
          { source: 'a', target: 'c', label: 'No', condition: '${a.x} > 1' },
          { source: 'c', target: 'd' },
          7,
        ],
      },
      'wd',
    );
    expect(r.def).toStrictEqual({
      id: 'w',
      name: 'n',
      created_by: 'u',
      nodes: [
        { id: 't', type: 'trigger', config: {} },
        {
          id: 'a',
          title: 'A',
          description: 'd',
          position: { x: 1 },
          config: {
            service: 's',
            parameters: { p: 1, q: 3 },
            timeout: 5,
            input_schema: schema,
            action: 'do',
            connectionId: 'c',
          },
        },
        { id: 'b', title: 'DB', config: { parameters: 'bad', service: 'svc' } },
        { id: 'c' },
        { id: 'd', config: 'str' },
        5,
      ],
      connections: [
        { source: 't', target: 'a' },
        { id: 'e2', source: 'a', target: 'b' },
        { source: 'a', target: 'c', condition: '${a.x} > 1' },
        { source: 'c', target: 'd' },
        { source: undefined, target: undefined },
        { id: 'c->a', source: 'c', target: 'a' },
      ],
    });
    const a = r.def.nodes[1] as { config: { input_schema: unknown } };
    expect(a.config.input_schema).not.toBe(schema);
    expect(r.nodeOrigins).toEqual([0, 1, 2, 3, 4, 5].map((i) => `wd.nodes[${i}]`));
    expect(r.edgeOrigins).toEqual([
      ...[0, 1, 2, 3, 4].map((i) => `wd.connections[${i}]`),
      'wd.nodes[3].connections[1]',
    ]);
    expect(r.issues).toEqual([
      [
        'BAD_BRANCH',
        'wd.connections[1].condition',
        'branch label "yes" on a connection whose source "a" is not a condition node. Fix: remove the label, or route through a condition node (type "condition" with config.condition)',
      ],
    ]);
    expect(r.warnings).toEqual([
      [
        'TRIGGER_CONFIG_DROPPED',
        'wd.nodes[0].config.integration',
        "the trigger's integration is an event source, not a call: the trigger completes with the execution input",
      ],
      [
        'TRIGGER_CONFIG_DROPPED',
        'wd.nodes[0].config.channel',
        'trigger settings describe the event source; the trigger completes with the execution input',
      ],
      ['FIELD_DROPPED', 'wd.nodes[1].label', 'title is given too'],
      ['FIELD_DROPPED', 'wd.nodes[1].data.label', UNUSED],
      ['FIELD_DROPPED', 'wd.nodes[1].data.icon', UNUSED],
      ['FIELD_DROPPED', 'wd.nodes[1].junk', UNUSED],
      ['FIELD_DROPPED', 'wd.nodes[1].config.integration', '"service" is given too'],
      ['FIELD_DROPPED', 'wd.nodes[1].config.condition', CONDITION_IGNORED],
      ['FIELD_DROPPED', 'wd.nodes[1].config.conditions', CONDITION_IGNORED],
      ['FIELD_DROPPED', 'wd.nodes[1].config.p', 'parameters.p is given too'],
      ['CONFIG_AS_PARAMETER', 'wd.nodes[1].config.q', 'passed to the executor as parameters.q'],
      [
        'FIELD_DROPPED',
        'wd.nodes[2].config.z',
        'not used by the engine (config.parameters is not an object)',
      ],
      ['FIELD_DROPPED', 'wd.nodes[3].data', 'not an object; left out'],
      ['FIELD_DROPPED', 'wd.edges', 'connections is given too; edges are left out'],
      ['FIELD_DROPPED', 'wd.connections[0].label', 'display text; left out'],
      ['FIELD_DROPPED', 'wd.connections[0].sourceHandle', 'display text; left out'],
      ['FIELD_DROPPED', 'wd.connections[0].foo', UNUSED],
      [
        'FIELD_DROPPED',
        'wd.connections[2].label',
        'a branch label on a connection that does not leave a condition node',
      ],
      ['NODE_CONNECTIONS_MERGED', 'wd.nodes[3].connections[1]', 'becomes a connection c → a'],
      ['FIELD_DROPPED', 'wd.nodes[4].connections', 'not a list of node ids; left out'],
      ['FIELD_DROPPED', 'wd.workflow_id', 'id is given too'],
      [
        'STEPS_DERIVED_IGNORED',
        'wd.steps',
        'nodes are given too: steps derived from them are left out',
      ],
      ['FIELD_DROPPED', 'wd.extra', UNUSED],
    ]);
  });

  it('takes a config without extras as it is, and edges when connections are absent', () => {
    const r = read({
      workflow_id: 'w',
      nodes: [
        { id: 'a', label: 'L', config: { service: 's', parameters: { k: 1 } } },
        { id: 'b', data: { label: 'D' } },
      ],
      edges: [{ source: 'a', target: 'b' }],
    });
    expect(r.def).toStrictEqual({
      id: 'w',
      nodes: [
        { id: 'a', title: 'L', config: { service: 's', parameters: { k: 1 } } },
        { id: 'b', title: 'D' },
      ],
      connections: [{ source: 'a', target: 'b' }],
    });
    expect(r.warnings).toEqual([]);
    // A connections value that is not a list is passed on for validation to report.
    expect(read({ id: 'w', nodes: [], connections: 'x' }).def.connections).toBe('x');
  });
});

describe('importGraph: further config and edge cases', () => {
  it("maps a trigger's action alias, keeps a called trigger's extras as parameters, and copies parameters", () => {
    const parameters = { k: 1 };
    const r = read({
      id: 'w',
      nodes: [
        { id: 't', type: 'trigger', config: { actionType: 'poll' } },
        { id: 'u', type: 'trigger', config: { service: 's', integration: 'i', channel: '#a' } },
        { id: 'a', config: { action: 'x', extra: 1 } },
        { id: 'p', config: { service: 's', parameters } },
      ],
      connections: [],
    });
    expect(r.def.nodes).toStrictEqual([
      { id: 't', type: 'trigger', config: { action: 'poll' } },
      { id: 'u', type: 'trigger', config: { service: 's', parameters: { channel: '#a' } } },
      { id: 'a', config: { action: 'x', parameters: { extra: 1 } } },
      { id: 'p', config: { service: 's', parameters: { k: 1 } } },
    ]);
    expect((r.def.nodes[3] as { config: { parameters: unknown } }).config.parameters).not.toBe(
      parameters,
    );
    expect(r.warnings).toEqual([
      ['FIELD_DROPPED', 'nodes[1].config.integration', '"service" is given too'],
      [
        'CONFIG_AS_PARAMETER',
        'nodes[1].config.channel',
        'passed to the executor as parameters.channel',
      ],
      [
        'CONFIG_AS_PARAMETER',
        'nodes[2].config.extra',
        'passed to the executor as parameters.extra',
      ],
    ]);
  });

  it('knows a condition node by a condition string without a call, and not when any call key is there', () => {
    const kinds = (config: Record<string, unknown>) =>
      read({
        id: 'w',
        nodes: [
          { id: 'p', config: { service: 's' } },
          { id: 'r', config },
        ],
        connections: [{ source: 'p', target: 'r' }],
      }).def.nodes.map((n) => n.id);
    expect(kinds({ condition: 'ok' })).toEqual(['p']);
    for (const key of ['service', 'integration', 'integrationId', 'action', 'actionType']) {
      expect(kinds({ condition: 'ok', [key]: 'x' }), key).toEqual(['p', 'r']);
    }
  });

  it('a node label beside data.label drops the data label; a display label may be any value', () => {
    const r = read({
      id: 'w',
      nodes: [
        { id: 'a', label: 'L', data: { label: 'D' } },
        { id: 'b', config: { service: 's' } },
      ],
      connections: [{ source: 'a', target: 'b', label: 5 }, 'a->b'],
    });
    expect(r.def.nodes[0]).toStrictEqual({ id: 'a', title: 'L' });
    expect(r.warnings).toEqual([
      ['FIELD_DROPPED', 'nodes[0].data.label', UNUSED],
      ['FIELD_DROPPED', 'connections[0].label', 'display text; left out'],
    ]);
  });

  it('takes the branch from any label key, and leaves the keys of an unusable router unreported', () => {
    const r = read({
      id: 'w',
      nodes: [
        { id: 'p', config: { service: 's' } },
        { id: 'r', type: 'if', config: { condition: 'ok' } },
        { id: 'y', config: { service: 's' } },
        { id: 'q', type: 'if', config: { condition: 5, logic: 'and', other: 1 } },
      ],
      connections: [
        { source: 'p', target: 'r' },
        { source: 'r', target: 'y', label: 'approve', sourceHandle: 'yes' },
      ],
    });
    expect(r.def.connections).toStrictEqual([
      { id: 'p->y@r', source: 'p', target: 'y', condition: '${p.ok}' },
    ]);
    expect(r.issues.map(([code, path]) => `${code} ${path}`)).toEqual([
      'BAD_CONDITION nodes[3].config.condition',
    ]);
    expect(r.warnings.map(([code, path]) => `${code} ${path}`)).toEqual([
      'FIELD_DROPPED nodes[3].config.other',
      'FIELD_DROPPED connections[1].label',
      'ROUTING_INLINED nodes[1]',
      'CONDITION_VARIABLE_MAPPED nodes[1].config.condition',
      'ROUTING_ROOT_AS_TRIGGER nodes[3]',
    ]);
  });

  it('says nothing about a workflow_id equal to the id', () => {
    expect(read({ id: 'w', workflow_id: 'w', nodes: [], connections: [] }).warnings).toEqual([]);
  });
});

describe('importGraph: condition nodes', () => {
  it('turns yes / no branch labels (any case, any key) into conditions of the step before', () => {
    const r = read({
      id: 'w',
      nodes: [
        { id: 'p', config: { service: 's' } },
        { id: 'r', type: 'decision', config: { condition: 'score > 5', label: 'x' } },
        { id: 'y', config: { service: 's' } },
        { id: 'n', config: { service: 's' } },
        { id: 'm', config: { service: 's' } },
      ],
      edges: [
        { source: 'p', target: 'r' },
        { source: 'r', target: 'y', sourceHandle: ' TRUE ' },
        { source: 'r', target: 'n', source_handle: 'false', label: 'no' },
        { source: 'r', target: 'm', label: 'maybe' },
      ],
    });
    expect(r.def.connections).toStrictEqual([
      { id: 'p->y@r', source: 'p', target: 'y', condition: '${p.score} > 5' },
      { id: 'p->n@r', source: 'p', target: 'n', condition: '!(${p.score} > 5)' },
      { id: 'p->m@r', source: 'p', target: 'm' },
    ]);
    expect(r.def.nodes.map((n) => n.id)).toEqual(['p', 'y', 'n', 'm']);
    expect(r.nodeOrigins).toEqual(['nodes[0]', 'nodes[2]', 'nodes[3]', 'nodes[4]']);
    expect(r.edgeOrigins).toEqual([
      'nodes[1].config.condition',
      'nodes[1].config.condition',
      'edges[3]',
    ]);
    expect(r.warnings).toEqual([
      ['FIELD_DROPPED', 'nodes[1].config.label', 'a condition node only routes; left out'],
      ['FIELD_DROPPED', 'edges[3].label', 'display text; left out'],
      [
        'ROUTING_INLINED',
        'nodes[1]',
        'condition "r" is not a step in the engine: its branches are conditions on the edges from "p"',
      ],
      [
        'CONDITION_VARIABLE_MAPPED',
        'nodes[1].config.condition',
        'its names score read the output of "p"',
      ],
    ]);
  });

  it('knows a condition node by its type or by a condition without a call; a trigger is never one', () => {
    const r = read({
      id: 'w',
      nodes: [
        { id: 'p', config: { service: 's' } },
        { id: 'r', config: { conditions: [{ field: 'a', value: 1 }] } },
        { id: 'q', type: 'trigger', config: { condition: 'x' } },
        { id: 'k', config: { condition: 'x', action: 'a' } },
        { id: 'z', type: 'if' },
      ],
      connections: [
        { source: 'p', target: 'r' },
        { source: 'r', target: 'k', condition: 'Yes' },
        { source: 'z', target: 'k', label: 'no' },
      ],
    });
    expect(r.def).toStrictEqual({
      id: 'w',
      nodes: [
        { id: 'p', config: { service: 's' } },
        { id: 'q', type: 'trigger', config: {} },
        { id: 'k', config: { action: 'a' } },
        { id: 'z', type: 'trigger' },
      ],
      connections: [
        { id: 'p->k@r', source: 'p', target: 'k', condition: '${p.a} == 1' },
        { source: 'z', target: 'k' },
      ],
    });
    expect(r.edgeOrigins).toEqual(['nodes[1].config.conditions', 'connections[2]']);
    expect(r.issues).toEqual([
      [
        'NO_CONDITION',
        'nodes[4].config',
        'a condition node without a condition. Fix: add config.condition (an expression) or config.conditions ([{ field, operator, value }])',
      ],
    ]);
    expect(r.warnings.map(([code, path]) => `${code} ${path}`)).toEqual([
      'FIELD_DROPPED nodes[2].config.condition',
      'FIELD_DROPPED nodes[3].config.condition',
      'ROUTING_INLINED nodes[1]',
      'CONDITION_VARIABLE_MAPPED nodes[1].config.conditions',
      'ROUTING_ROOT_AS_TRIGGER nodes[4]',
    ]);
  });

  it.each(['condition', 'conditional', 'decision', 'branch', 'if'])(
    'type %s is a condition node',
    (type) => {
      const r = read({
        id: 'w',
        nodes: [
          { id: 'p', config: { service: 's' } },
          { id: 'r', type, config: { condition: 'ok' } },
          { id: 'y', config: { service: 's' } },
        ],
        connections: [
          { source: 'p', target: 'r' },
          { source: 'r', target: 'y', label: 'yes' },
        ],
      });
      expect(r.def.connections).toStrictEqual([
        { id: 'p->y@r', source: 'p', target: 'y', condition: '${p.ok}' },
      ]);
    },
  );
});
