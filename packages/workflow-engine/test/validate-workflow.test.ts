import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createCelConditionEvaluator } from '../src/conditions.js';
import type { ConditionEvaluator } from '../src/conditions.js';
import {
  isWorkflowEngineError,
  isWorkflowValidationError,
  WorkflowValidationError,
} from '../src/errors.js';
import { fromGraph } from '../src/normalize.js';
import type { GraphDefinition, Workflow } from '../src/types.js';
import { assertValidWorkflow, validateWorkflow } from '../src/validate-workflow.js';
import { dagEdgesArbitrary, nodeId, randomGraphArbitrary } from './arbitraries.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const load = (dir: string): Array<[string, unknown]> =>
  readdirSync(join(fixtures, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(fixtures, dir, f), 'utf8')) as unknown]);

/** True when `cycle` is a closed walk along edges of the graph. */
function isRealCycle(cycle: string[], edges: Array<[number, number]>): boolean {
  if (cycle.length < 2 || cycle[0] !== cycle[cycle.length - 1]) return false;
  const set = new Set(edges.map(([s, t]) => `${nodeId(s)}>${nodeId(t)}`));
  for (let i = 0; i + 1 < cycle.length; i++)
    if (!set.has(`${cycle[i]}>${cycle[i + 1]}`)) return false;
  return true;
}

/** Reference DFS (recursive, fine for the small graphs of the property). */
function hasCycle(n: number, edges: Array<[number, number]>): boolean {
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const [s, t] of edges) adj[s]?.push(t);
  const color = new Array<number>(n).fill(0);
  const visit = (v: number): boolean => {
    color[v] = 1;
    for (const w of adj[v] ?? []) {
      if (color[w] === 1) return true;
      if (color[w] === 0 && visit(w)) return true;
    }
    color[v] = 2;
    return false;
  };
  for (let v = 0; v < n; v++) if (color[v] === 0 && visit(v)) return true;
  return false;
}

/** ancestors[v]: every node with a path to v (reference closure, small graphs only). */
function ancestorSets(n: number, edges: Array<[number, number]>): Array<Set<number>> {
  const sets = Array.from({ length: n }, () => new Set<number>());
  // Edges go from lower to higher index (dagEdgesArbitrary), so one pass in index order suffices.
  const sorted = [...edges].sort((a, b) => a[1] - b[1]);
  for (const [s, t] of sorted) {
    const into = sets[t] as Set<number>;
    into.add(s);
    for (const a of sets[s] as Set<number>) into.add(a);
  }
  return sets;
}

/** A DAG whose edge conditions and parameters each read a chosen node, picked by `pick`. */
const readersArbitrary = dagEdgesArbitrary({ minNodes: 2, maxNodes: 12, density: 2 })
  .filter(({ edges }) => edges.length > 0)
  .chain(({ n, edges }) =>
    fc.record({
      n: fc.constant(n),
      edges: fc.constant(edges),
      edgePicks: fc.array(fc.nat(), { minLength: edges.length, maxLength: edges.length }),
      paramPicks: fc.array(fc.option(fc.nat(), { nil: undefined }), {
        minLength: n,
        maxLength: n,
      }),
      declared: fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: n, maxLength: n },
      ),
    }),
  );

describe('validateWorkflow', () => {
  describe('valid fixtures', () => {
    it.each(load('valid'))('%s has no issues', (_, def) => {
      expect(validateWorkflow(def)).toEqual([]);
    });
  });

  describe('invalid fixtures', () => {
    it.each(load('invalid'))(
      '%s reports exactly the expected issues, messages included',
      (_, fixture) => {
        const { definition, expected } = fixture as { definition: unknown; expected: unknown[] };
        const before = JSON.stringify(definition);
        const issues = validateWorkflow(definition);
        // Every field of every issue, messages included: they are what a user reads.
        expect(issues).toEqual(expected);
        expect(JSON.stringify(definition)).toBe(before);
      },
    );
  });

  describe('input that is not a definition', () => {
    it.each([null, 42, 'x', [], undefined])('reports INVALID_SHAPE at the root for %j', (value) => {
      expect(validateWorkflow(value)).toMatchObject([{ code: 'INVALID_SHAPE', path: '' }]);
    });

    it('reports an object with neither nodes nor steps', () => {
      expect(validateWorkflow({ id: 'x' })).toMatchObject([
        { code: 'INVALID_SHAPE', path: '', expected: expect.stringContaining('steps') as string },
      ]);
    });

    it('reports steps that are not an array', () => {
      expect(validateWorkflow({ id: 'x', steps: {} })).toMatchObject([
        { code: 'INVALID_SHAPE', path: 'steps', received: 'an object' },
      ]);
    });

    it('reports a linear form without id, bad sequence_order, bad depends_on', () => {
      const issues = validateWorkflow({
        steps: [
          4,
          { id: 'a', sequence_order: 'first', depends_on: 'b' },
          { id: 'b', depends_on: [3, { id: 'a', condition: 5 }] },
        ],
      });
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        ['INVALID_SHAPE', 'id'],
        ['INVALID_SHAPE', 'steps[0]'],
        ['INVALID_SHAPE', 'steps[1].sequence_order'],
        ['INVALID_SHAPE', 'steps[1].depends_on'],
        ['INVALID_SHAPE', 'steps[2].depends_on[0]'],
        ['INVALID_SHAPE', 'steps[2].depends_on[1].condition'],
        ['DANGLING_EDGE', 'steps[2].depends_on[0]'],
      ]);
    });

    it('reports a graph whose nodes or connections are not arrays', () => {
      const issues = validateWorkflow({ id: 'x', nodes: {}, connections: 'none' });
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        ['INVALID_SHAPE', 'nodes'],
        ['INVALID_SHAPE', 'connections'],
        ['EMPTY_WORKFLOW', 'nodes'],
      ]);
    });

    it('reports a retry block that is not an object', () => {
      const def = { id: 'x', nodes: [{ id: 'a', config: { retry: 3 } }], connections: [] };
      expect(validateWorkflow(def)).toMatchObject([
        { code: 'BAD_RETRY', path: 'nodes[0].config.retry', value: 3 },
      ]);
    });

    it('reports an empty linear workflow', () => {
      expect(validateWorkflow({ id: 'x', steps: [] })).toMatchObject([
        { code: 'EMPTY_WORKFLOW', path: 'steps' },
      ]);
    });
  });

  describe('normalised workflows', () => {
    it('validates a Workflow object, with paths into it', () => {
      const workflow: Workflow = fromGraph({
        id: 'w',
        nodes: [{ id: 'a' }, { id: 'b' }],
        connections: [{ source: 'a', target: 'b', condition: '(' }],
      });
      const broken: Workflow = {
        ...workflow,
        nodes: [
          {
            ...(workflow.nodes[0] as Workflow['nodes'][number]),
            timeoutMs: -5,
            retry: { maxAttempts: 0 },
          },
          { ...(workflow.nodes[1] as Workflow['nodes'][number]), id: '' },
        ],
      };
      expect(validateWorkflow(broken).map((i) => [i.code, i.path])).toEqual([
        ['BAD_TIMEOUT', 'nodes[0].timeoutMs'],
        ['BAD_RETRY', 'nodes[0].retry.maxAttempts'],
        ['INVALID_SHAPE', 'nodes[1].id'],
        ['DANGLING_EDGE', 'edges[0]'],
        ['BAD_CONDITION', 'edges[0].condition'],
      ]);
      expect(validateWorkflow(workflow).map((i) => i.code)).toEqual(['BAD_CONDITION']);
    });
  });

  describe('conditions', () => {
    it('uses the injected evaluator', () => {
      const seen: string[] = [];
      const conditions: ConditionEvaluator = {
        compile(source) {
          seen.push(source);
          return { ok: false, message: 'nope', offset: 1 };
        },
      };
      const def: GraphDefinition = {
        id: 'w',
        nodes: [{ id: 'a' }, { id: 'b' }],
        connections: [{ source: 'a', target: 'b', condition: 'true' }],
      };
      expect(validateWorkflow(def, { conditions })).toMatchObject([
        { code: 'BAD_CONDITION', offset: 1, edgeId: 'a->b#0', condition: 'true' },
      ]);
      expect(seen).toEqual(['true']);
    });

    it('reports the offset of a parse error in the original text', () => {
      const source = '${input.flag} and ${input.count} > ';
      const def = {
        id: 'w',
        nodes: [{ id: 'a' }, { id: 'b' }],
        connections: [{ source: 'a', target: 'b', condition: source }],
      };
      const [issue] = validateWorkflow(def);
      expect(issue).toMatchObject({ code: 'BAD_CONDITION', offset: source.length });
    });

    it('respects the evaluator limits', () => {
      const conditions = createCelConditionEvaluator({ maxLength: 5 });
      const def = {
        id: 'w',
        nodes: [{ id: 'a' }, { id: 'b' }],
        connections: [{ source: 'a', target: 'b', condition: 'true || false' }],
      };
      expect(validateWorkflow(def, { conditions })).toMatchObject([{ code: 'BAD_CONDITION' }]);
      expect(validateWorkflow(def)).toEqual([]);
    });
  });

  describe('references', () => {
    it('accepts references to any ancestor and to input', () => {
      const def = {
        id: 'w',
        nodes: [
          { id: 'a' },
          { id: 'b' },
          { id: 'c', config: { parameters: { p: '${a.x} ${b.y} ${input.z}' } } },
        ],
        connections: [
          { source: 'a', target: 'b' },
          { source: 'b', target: 'c', condition: '${a.ok} && ${b.ok}' },
        ],
      };
      expect(validateWorkflow(def)).toEqual([]);
    });

    it('refuses a reference to the step itself and to a sibling', () => {
      const def = {
        id: 'w',
        nodes: [
          { id: 'a' },
          { id: 'b', config: { parameters: { p: '${b.x}', q: '${c.y}' } } },
          { id: 'c' },
        ],
        connections: [
          { source: 'a', target: 'b' },
          { source: 'a', target: 'c', condition: '${c.done}' },
        ],
      };
      expect(validateWorkflow(def).map((i) => [i.code, i.path, 'ref' in i ? i.ref : ''])).toEqual([
        ['BAD_REF', 'nodes[1].config.parameters', '${b.x}'],
        ['BAD_REF', 'nodes[1].config.parameters', '${c.y}'],
        ['BAD_REF', 'connections[1].condition', '${c.done}'],
      ]);
    });

    it('checks references of step conditions in the linear form against ordering edges', () => {
      const def = {
        id: 'w',
        steps: [
          { id: 'a', service: 's', condition: '${b.ok}' },
          { id: 'b', service: 's', condition: '${a.ok}' },
        ],
      };
      expect(validateWorkflow(def)).toMatchObject([
        { code: 'BAD_REF', path: 'steps[0].condition', ref: '${b.ok}', reason: 'not_upstream' },
      ]);
    });

    it('accepts an edge condition reading its source once the source parameters were checked', () => {
      // Regression: the ancestor marks were cached by source, first computed for score's
      // parameters (without score itself), then reused for the edge score → notify.
      const def = {
        id: 'w',
        nodes: [
          { id: 'fetch' },
          { id: 'score', config: { parameters: { d: '${fetch.data}' } } },
          { id: 'notify' },
        ],
        connections: [
          { source: 'fetch', target: 'score' },
          { source: 'score', target: 'notify', condition: '${score.value} > 80' },
        ],
      };
      expect(validateWorkflow(def)).toEqual([]);
    });

    it('refuses a parameter reading its own step while the edge from it may read it', () => {
      const def = {
        id: 'w',
        nodes: [{ id: 'a', config: { parameters: { p: '${a.x}' } } }, { id: 'b' }],
        connections: [{ source: 'a', target: 'b', condition: '${a.ok}' }],
      };
      expect(validateWorkflow(def)).toMatchObject([
        { code: 'BAD_REF', path: 'nodes[0].config.parameters', ref: '${a.x}' },
      ]);
      expect(validateWorkflow(def)).toHaveLength(1);
    });

    it('accepts a linear-form step condition that is an edge condition reading its source', () => {
      const def = {
        id: 'w',
        steps: [
          { id: 'fetch', service: 's' },
          { id: 'score', service: 's', parameters: { d: '${fetch.data}' } },
          {
            id: 'notify',
            service: 's',
            depends_on: [{ id: 'score', condition: '${score.value} > 80 && ${fetch.ok}' }],
          },
        ],
      };
      expect(validateWorkflow(def)).toEqual([]);
    });

    it('skips the ancestor check of an edge whose source is dangling', () => {
      const def = {
        id: 'w',
        nodes: [{ id: 'a' }, { id: 'b' }],
        connections: [{ source: 'ghost', target: 'b', condition: '${a.ok}' }],
      };
      expect(validateWorkflow(def).map((i) => i.code)).toEqual(['DANGLING_EDGE']);
    });

    test.prop([readersArbitrary])(
      'an edge condition reading its own source or an ancestor of it validates',
      ({ n, edges, edgePicks, paramPicks, declared }) => {
        const anc = ancestorSets(n, edges);
        // Parameters read ancestors of their own node too (so the ancestor marks of a source are
        // computed for its parameters before its outgoing edges are checked).
        const parameters = (v: number): Record<string, string> | undefined => {
          const pick = paramPicks[v];
          const choices = [...(anc[v] as Set<number>)];
          if (pick === undefined || choices.length === 0) return undefined;
          return { p: `\${${nodeId(choices[pick % choices.length] as number)}.x}` };
        };
        const def = {
          id: 'w',
          nodes: declared.map((v) => ({
            id: nodeId(v),
            config: { parameters: parameters(v) ?? {} },
          })),
          connections: edges.map(([s, t], k) => {
            const choices = [s, ...(anc[s] as Set<number>)];
            const read = choices[(edgePicks[k] as number) % choices.length] as number;
            return {
              source: nodeId(s),
              target: nodeId(t),
              condition: `\${${nodeId(read)}.value} > 80`,
            };
          }),
        };
        expect(validateWorkflow(def)).toEqual([]);
        // Each edge alone, its source's parameters reading an ancestor: the source's marks are
        // computed for those parameters just before the edge condition is checked.
        edges.forEach(([s], k) => {
          const choices = [...(anc[s] as Set<number>)];
          const only = {
            ...def,
            nodes: def.nodes.map((node) =>
              node.id === nodeId(s) && choices.length > 0
                ? {
                    ...node,
                    config: { parameters: { p: `\${${nodeId(choices[0] as number)}.x}` } },
                  }
                : { id: node.id },
            ),
            connections: def.connections.map((c, j) =>
              j === k ? c : { source: c.source, target: c.target },
            ),
          };
          expect(validateWorkflow(only)).toEqual([]);
        });
        const steps = {
          id: 'w',
          steps: Array.from({ length: n }, (_, v) => ({
            id: nodeId(v),
            service: 's',
            parameters: parameters(v) ?? {},
            depends_on: def.connections
              .filter((c) => c.target === nodeId(v))
              .map((c) => ({ id: c.source, condition: c.condition })),
          })),
        };
        expect(validateWorkflow(steps)).toEqual([]);
      },
    );

    test.prop([readersArbitrary])(
      'an edge condition reading neither its source nor an ancestor of it is not_upstream',
      ({ n, edges, edgePicks }) => {
        const anc = ancestorSets(n, edges);
        const connections = edges.map(([s, t], k) => {
          const outside = Array.from({ length: n }, (_, v) => v).filter(
            (v) => v !== s && !(anc[s] as Set<number>).has(v),
          );
          const read = outside[(edgePicks[k] as number) % outside.length];
          return {
            source: nodeId(s),
            target: nodeId(t),
            ...(read === undefined ? {} : { condition: `\${${nodeId(read)}.ok}` }),
          };
        });
        const def = {
          id: 'w',
          nodes: Array.from({ length: n }, (_, v) => ({ id: nodeId(v) })),
          connections,
        };
        const expected = connections.flatMap((c, k) =>
          c.condition === undefined
            ? []
            : [{ code: 'BAD_REF', reason: 'not_upstream', path: `connections[${k}].condition` }],
        );
        const issues = validateWorkflow(def);
        expect(issues).toMatchObject(expected);
        expect(issues).toHaveLength(expected.length);
      },
    );
  });

  describe('cycles', () => {
    it('reports one cycle per strongly connected component, from its earliest node', () => {
      const def = {
        id: 'w',
        nodes: ['x', 'c', 'a', 'b', 'd', 'e'].map((id) => ({ id })),
        connections: [
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
          ['c', 'b'],
          ['d', 'e'],
          ['e', 'd'],
          ['x', 'a'],
          ['e', 'x'],
        ].map(([source, target]) => ({ source: source as string, target: target as string })),
      };
      const cycles = validateWorkflow(def).filter((i) => i.code === 'CYCLE');
      expect(cycles.map((i) => (i.code === 'CYCLE' ? i.cycle : []))).toEqual([
        ['c', 'b', 'c'],
        ['d', 'e', 'd'],
      ]);
    });

    test.prop([randomGraphArbitrary()])(
      'a cycle is reported iff one exists, and each reported path is a real cycle',
      ({ def, n, edges }) => {
        const cycles = validateWorkflow(def).flatMap((i) => (i.code === 'CYCLE' ? [i.cycle] : []));
        expect(cycles.length > 0).toBe(hasCycle(n, edges));
        for (const cycle of cycles) expect(isRealCycle(cycle, edges)).toBe(true);
        // One per component: no node starts two reported cycles.
        expect(new Set(cycles.map((c) => c[0])).size).toBe(cycles.length);
      },
    );
  });
});

describe('assertValidWorkflow', () => {
  it('returns the normalised workflow of a valid definition', () => {
    const workflow = assertValidWorkflow({ id: 'w', steps: [{ id: 'a', service: 's' }] });
    expect(workflow).toMatchObject({ id: 'w', form: 'steps', nodes: [{ id: 'a' }], edges: [] });
  });

  it('throws WorkflowValidationError carrying every issue', () => {
    const def = {
      id: 'w',
      nodes: [{ id: 'a' }, { id: 'a' }, { id: 'a' }, { id: 'a' }, { id: 'a' }],
      connections: [],
    };
    let caught: unknown;
    try {
      assertValidWorkflow(def);
    } catch (error) {
      caught = error;
    }
    expect(isWorkflowValidationError(caught)).toBe(true);
    expect(isWorkflowEngineError(caught)).toBe(true);
    expect(isWorkflowValidationError(new Error('x'))).toBe(false);
    expect(isWorkflowEngineError(new Error('x'))).toBe(false);
    const error = caught as WorkflowValidationError;
    expect(error.code).toBe('WORKFLOW_INVALID');
    expect(error.issues).toHaveLength(4);
    expect(error.message).toContain('and 1 more');
    expect(error.issues).toEqual(validateWorkflow(def));
  });

  test.prop([fc.anything()])('never throws anything but WorkflowValidationError', (value) => {
    try {
      assertValidWorkflow(value);
    } catch (error) {
      expect(error).toBeInstanceOf(WorkflowValidationError);
    }
  });
});
