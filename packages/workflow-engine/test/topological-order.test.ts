import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isWorkflowCycleError, WorkflowCycleError } from '../src/errors.js';
import { fromGraph } from '../src/normalize.js';
import { levels, topologicalOrder } from '../src/topological-order.js';
import { dagEdgesArbitrary, graphDagArbitrary, nodeId, stepsDagArbitrary } from './arbitraries.js';

const graph = (ids: string[], edges: Array<[string, string]>) => ({
  id: 'w',
  nodes: ids.map((id) => ({ id })),
  connections: edges.map(([source, target]) => ({ source, target })),
});

describe('topologicalOrder', () => {
  it('takes the ready node with the lowest declaration index first', () => {
    const def = graph(
      ['d', 'c', 'b', 'a'],
      [
        ['c', 'a'],
        ['b', 'a'],
        ['d', 'b'],
      ],
    );
    expect(topologicalOrder(def)).toEqual(['d', 'c', 'b', 'a']);
    expect(topologicalOrder(graph(['x', 'y', 'z'], [['z', 'x']]))).toEqual(['y', 'z', 'x']);
  });

  it('ignores edges with an unknown end', () => {
    expect(
      topologicalOrder(
        graph(
          ['a', 'b'],
          [
            ['b', 'a'],
            ['ghost', 'b'],
            ['a', 'ghost'],
          ],
        ),
      ),
    ).toEqual(['b', 'a']);
  });

  it('throws WorkflowCycleError with the closed path', () => {
    const def = graph(
      ['a', 'b', 'c', 'd'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'b'],
        ['c', 'd'],
      ],
    );
    let caught: unknown;
    try {
      topologicalOrder(def);
    } catch (error) {
      caught = error;
    }
    expect(isWorkflowCycleError(caught)).toBe(true);
    expect((caught as WorkflowCycleError).cycle).toEqual(['b', 'c', 'b']);
    expect((caught as WorkflowCycleError).code).toBe('WORKFLOW_CYCLE');
    expect((caught as WorkflowCycleError).message).toContain('b → c → b');
    expect(() => levels(def)).toThrow(WorkflowCycleError);
  });

  it('reuses the graph of a normalised workflow', () => {
    const wf = fromGraph(graph(['a', 'b'], [['a', 'b']]));
    expect(topologicalOrder(wf)).toEqual(topologicalOrder(wf));
  });

  test.prop([graphDagArbitrary({ maxNodes: 30 })])(
    'puts every edge source before its target',
    (def) => {
      const order = topologicalOrder(def);
      const position = new Map(order.map((id, i) => [id, i]));
      expect(position.size).toBe(def.nodes.length);
      for (const c of def.connections) {
        expect(position.get(c.source)).toBeLessThan(position.get(c.target) as number);
      }
    },
  );

  test.prop([stepsDagArbitrary({ maxNodes: 20 })])('orders the linear form too', (def) => {
    const order = topologicalOrder(def);
    const position = new Map(order.map((id, i) => [id, i]));
    for (const step of def.steps) {
      for (const dep of step.depends_on ?? []) {
        const id = typeof dep === 'string' ? dep : dep.id;
        expect(position.get(id)).toBeLessThan(position.get(step.id) as number);
      }
    }
  });

  test.prop([dagEdgesArbitrary({ maxNodes: 25 })])(
    'is the lexicographically smallest order by declaration index',
    ({ n, edges }) => {
      // Reference: repeatedly take the smallest-index node whose predecessors are all placed.
      const placed = new Set<number>();
      const expected: string[] = [];
      while (placed.size < n) {
        for (let v = 0; v < n; v++) {
          if (placed.has(v)) continue;
          if (edges.every(([s, t]) => t !== v || placed.has(s))) {
            placed.add(v);
            expected.push(nodeId(v));
            break;
          }
        }
      }
      const def = graph(
        Array.from({ length: n }, (_, i) => nodeId(i)),
        edges.map(([s, t]) => [nodeId(s), nodeId(t)]),
      );
      expect(topologicalOrder(def)).toEqual(expected);
    },
  );
});

describe('levels', () => {
  it('groups nodes by longest path from a root, in declaration order', () => {
    const def = graph(
      ['e', 'a', 'b', 'c', 'd'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c'],
        ['d', 'c'],
      ],
    );
    expect(levels(def)).toEqual([['e', 'a', 'd'], ['b'], ['c']]);
    expect(levels({ id: 'w', nodes: [], connections: [] })).toEqual([]);
  });

  test.prop([graphDagArbitrary({ maxNodes: 30 })])('every edge goes to a later level', (def) => {
    const lv = levels(def);
    const level = new Map(lv.flatMap((ids, k) => ids.map((id) => [id, k] as const)));
    expect(level.size).toBe(def.nodes.length);
    for (const c of def.connections) {
      expect(level.get(c.source)).toBeLessThan(level.get(c.target) as number);
    }
    for (const [k, ids] of lv.entries()) {
      if (k === 0) continue;
      // A node at level k > 0 has a predecessor at level k - 1.
      for (const id of ids) {
        expect(def.connections.some((c) => c.target === id && level.get(c.source) === k - 1)).toBe(
          true,
        );
      }
    }
  });
});
