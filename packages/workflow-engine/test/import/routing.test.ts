/** Routing nodes inlined as edge conditions, and the bare-name scanner, read directly. */
import { describe, expect, it } from 'vitest';
import { ImportContext } from '../../src/import/import-context.js';
import { and, bareNames, bindBareNames, inlineRouting } from '../../src/import/routing.js';
import type { DraftEdge, DraftNode } from '../../src/import/routing.js';

const step = (id: string): DraftNode => ({
  def: { id, config: { service: 'svc' } },
  origin: `nodes.${id}`,
});
const router = (id: string, names: string[] = [], title?: string): DraftNode => ({
  def: { id, type: 'condition', ...(title === undefined ? {} : { title }) },
  origin: `nodes.${id}`,
  routing: { origin: `nodes.${id}.config`, names },
});
const edge = (source: string, target: string, extra: Partial<DraftEdge> = {}): DraftEdge => ({
  source,
  target,
  origin: `edges.${source}-${target}`,
  ...extra,
});
const reads = (field: string) => (ref: string) => `\${${ref}.${field}}`;

function inline(nodes: DraftNode[], edges: DraftEdge[]) {
  const ctx = new ImportContext();
  const r = inlineRouting(nodes, edges, ctx);
  return {
    ids: r.nodes.map((n) => n.def.id),
    nodes: r.nodes,
    edges: r.edges,
    warnings: ctx.warnings,
  };
}

describe('and', () => {
  it('joins the non-blank parts, parenthesised only when there are several', () => {
    expect(and()).toBeUndefined();
    expect(and(undefined, '  ')).toBeUndefined();
    expect(and('a', undefined, ' ')).toBe('a');
    expect(and('a', 'b || c')).toBe('(a) && (b || c)');
  });
});

describe('inlineRouting', () => {
  it('keeps a router without a step before it as a trigger, binding its branches to the input', () => {
    const r = inline(
      [router('r', ['amount'], 'Big?'), step('x'), router('q')],
      [
        edge('r', 'x', { when: reads('amount'), condition: 'c', group: 'g' }),
        edge('q', 'x', { id: 'e9' }),
      ],
    );
    expect(r.ids).toEqual(['r', 'x', 'q']);
    expect(r.nodes[0]).toStrictEqual({
      def: { id: 'r', type: 'trigger', title: 'Big?' },
      origin: 'nodes.r',
    });
    expect(r.nodes[2]).toStrictEqual({ def: { id: 'q', type: 'trigger' }, origin: 'nodes.q' });
    expect(r.edges).toStrictEqual([
      {
        source: 'r',
        target: 'x',
        condition: '(c) && (${input.amount})',
        origin: 'edges.r-x',
        group: 'g',
      },
      { id: 'e9', source: 'q', target: 'x', origin: 'edges.q-x' },
    ]);
    const root =
      'a condition with no step before it: kept as a trigger that completes with the execution input; its branches are conditions on its edges';
    expect(r.warnings).toEqual([
      { code: 'ROUTING_ROOT_AS_TRIGGER', path: 'nodes.r', message: `nodes.r: ${root}` },
      {
        code: 'CONDITION_VARIABLE_MAPPED',
        path: 'nodes.r.config',
        message: 'nodes.r.config: its names amount read the execution input',
      },
      { code: 'ROUTING_ROOT_AS_TRIGGER', path: 'nodes.q', message: `nodes.q: ${root}` },
    ]);
  });

  it('turns each (step before, branch) pair into an edge with a fresh id and the joined conditions', () => {
    const r = inline(
      [step('a'), step('b'), router('r', ['ok', 'n']), step('x'), step('y')],
      [
        edge('a', 'r', { condition: 'A' }),
        edge('b', 'r'),
        edge('r', 'x', { when: reads('ok'), origin: 'nodes.r.branches[0]', group: 'p' }),
        edge('r', 'y', { condition: 'Y' }),
        edge('a', 'x', { id: 'a->x@r' }),
        edge('b', 'y', { id: 'b->y@r' }),
        edge('a', 'b', { id: 'b->y@r#2' }),
      ],
    );
    expect(r.ids).toEqual(['a', 'b', 'x', 'y']);
    expect(r.edges).toStrictEqual([
      { id: 'a->x@r', source: 'a', target: 'x', origin: 'edges.a-x' },
      { id: 'b->y@r', source: 'b', target: 'y', origin: 'edges.b-y' },
      { id: 'b->y@r#2', source: 'a', target: 'b', origin: 'edges.a-b' },
      {
        id: 'a->x@r#2',
        source: 'a',
        target: 'x',
        condition: '(A) && (${a.ok})',
        origin: 'nodes.r.branches[0]',
        group: 'p',
      },
      { id: 'a->y@r', source: 'a', target: 'y', condition: '(A) && (Y)', origin: 'edges.r-y' },
      {
        id: 'b->x@r',
        source: 'b',
        target: 'x',
        condition: '${b.ok}',
        origin: 'nodes.r.branches[0]',
        group: 'p',
      },
      { id: 'b->y@r#3', source: 'b', target: 'y', condition: 'Y', origin: 'edges.r-y' },
    ]);
    expect(r.warnings).toEqual([
      {
        code: 'ROUTING_INLINED',
        path: 'nodes.r',
        message:
          'nodes.r: condition "r" is not a step in the engine: its branches are conditions on the edges from "a", "b"',
      },
      {
        code: 'CONDITION_VARIABLE_MAPPED',
        path: 'nodes.r.config',
        message: 'nodes.r.config: its names ok, n read the output of "a" or the output of "b"',
      },
    ]);
  });

  it('resolves routers upstream first, so a router after a router reads the step before both', () => {
    // r2 is listed first; r1 feeds it.
    const r = inline(
      [router('r2'), step('p'), router('r1'), step('y')],
      [
        edge('r2', 'y', { when: reads('B') }),
        edge('p', 'r1'),
        edge('r1', 'r2', { when: reads('A') }),
      ],
    );
    expect(r.ids).toEqual(['p', 'y']);
    expect(r.edges).toStrictEqual([
      {
        id: 'p->y@r2',
        source: 'p',
        target: 'y',
        condition: '(${p.A}) && (${p.B})',
        origin: 'edges.r2-y',
      },
    ]);
    expect(r.warnings.map((w) => `${w.code} ${w.path}`)).toEqual([
      'ROUTING_INLINED nodes.r1',
      'ROUTING_INLINED nodes.r2',
    ]);
  });

  it('keeps the input order for routers in a cycle, and a self-loop does not block', () => {
    const r = inline(
      [step('p'), router('r1'), router('r2'), router('r3')],
      [edge('p', 'r1'), edge('r1', 'r2'), edge('r2', 'r1'), edge('r3', 'r3')],
    );
    // r3 (its self-loop does not block it) first, then the cycle r1 ⇄ r2 in input order.
    expect(r.warnings.map((w) => `${w.code} ${w.path}`)).toEqual([
      'ROUTING_INLINED nodes.r3',
      'ROUTING_INLINED nodes.r1',
      'ROUTING_INLINED nodes.r2',
    ]);
  });
});

describe('bare names', () => {
  it('lists each name once, in order', () => {
    expect(bareNames('b + a * b')).toEqual(['b', 'a']);
  });

  it('keeps escaped quotes, unterminated strings, spaced members and spaced calls', () => {
    expect(bindBareNames(`'it\\'s' == x`, 'p')).toBe(`'it\\'s' == \${p.x}`);
    expect(bindBareNames(`x == "open`, 'p')).toBe(`\${p.x} == "open`);
    expect(bindBareNames('a . b', 'p')).toBe('${p.a} . b');
    expect(bindBareNames('f (x) and g(y)', 'p')).toBe('f (${p.x}) and g(${p.y})');
    expect(bindBareNames('_x1 > 2', 'p')).toBe('${p._x1} > 2');
  });

  it('binds a name after a string, a reference or a word, and reads members after a dot only', () => {
    expect(bindBareNames(`'a' b`, 'p')).toBe(`'a' \${p.b}`);
    expect(bindBareNames('${a.b} > x', 'p')).toBe('${a.b} > ${p.x}');
    expect(bindBareNames('${a}.b', 'p')).toBe('${a}.b');
    expect(bindBareNames('x.y z', 'p')).toBe('${p.x}.y ${p.z}');
    expect(bindBareNames('a + f(b)', 'p')).toBe('${p.a} + f(${p.b})');
  });

  it('reads Python is / is not as == / != and leaves words that only start with is', () => {
    expect(bindBareNames('a is b or not c', 'p')).toBe('${p.a} == ${p.b} or not ${p.c}');
    expect(bindBareNames('a is  not b', 'p')).toBe('${p.a} != ${p.b}');
    expect(bindBareNames('a is not  None', 'p')).toBe('${p.a} !=  None');
    expect(bindBareNames('a is nothing', 'p')).toBe('${p.a} == ${p.nothing}');
    expect(bindBareNames('island is b', 'p')).toBe('${p.island} == ${p.b}');
  });

  it('keeps every keyword', () => {
    const keywords = 'and or not in True False None true false null input steps';
    expect(bindBareNames(keywords, 'p')).toBe(keywords);
    expect(bareNames(keywords)).toEqual([]);
  });
});
