// Inputs of 100,000 nodes or nesting levels: validation and ordering are iterative, never
// overflowing the stack. A file of its own so that `pnpm mutation` can leave it out (instrumented,
// each case takes longer than a test may; see vitest.stryker.config.ts); CI runs it.
import { describe, expect, it } from 'vitest';
import { levels, topologicalOrder } from '../src/topological-order.js';
import { validateWorkflow } from '../src/validate-workflow.js';

const graph = (ids: string[], edges: Array<[string, string]>) => ({
  id: 'w',
  nodes: ids.map((id) => ({ id })),
  connections: edges.map(([source, target]) => ({ source, target })),
});

describe('validateWorkflow at scale', () => {
  it('reports parameters nested too deeply, without overflowing the stack', () => {
    let deep: unknown = '${input.x}';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let shallow: unknown = '${input.x}';
    for (let i = 0; i < 999; i++) shallow = { k: shallow };
    const def = {
      id: 'x',
      nodes: [
        { id: 'a', config: { parameters: { deep } } },
        { id: 'b', config: { parameters: { shallow } } },
      ],
      connections: [],
    };
    expect(validateWorkflow(def)).toMatchObject([
      { code: 'INVALID_SHAPE', path: 'nodes[0].config.parameters' },
    ]);
  });

  it('handles a 100,000-node chain closed into a cycle without overflowing the stack', () => {
    const n = 100_000;
    const def = {
      id: 'big',
      nodes: Array.from({ length: n }, (_, i) => ({ id: `s${i}` })),
      connections: Array.from({ length: n }, (_, i) => ({
        source: `s${i}`,
        target: `s${(i + 1) % n}`,
      })),
    };
    const issues = validateWorkflow(def);
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue?.code).toBe('CYCLE');
    if (issue?.code === 'CYCLE') {
      expect(issue.cycle).toHaveLength(n + 1);
      expect(issue.cycle[0]).toBe('s0');
      expect(issue.cycle[n - 1]).toBe(`s${n - 1}`);
    }
  });
});

describe('topologicalOrder at scale', () => {
  it('orders a 100,000-node chain declared backwards (iterative, no stack overflow)', () => {
    const n = 100_000;
    const ids = Array.from({ length: n }, (_, i) => `s${n - 1 - i}`);
    const edges = Array.from({ length: n - 1 }, (_, i): [string, string] => [`s${i}`, `s${i + 1}`]);
    const order = topologicalOrder(graph(ids, edges));
    expect(order).toHaveLength(n);
    expect(order[0]).toBe('s0');
    expect(order[n - 1]).toBe(`s${n - 1}`);
    const lv = levels(graph(ids, edges));
    expect(lv).toHaveLength(n);
  });
});
