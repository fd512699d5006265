/**
 * Routing nodes (the UI's condition nodes, the orchestrator's `conditional_logic` steps) become
 * edge conditions: the node is removed and each of its branches turns into a conditional edge from
 * the step before it. Bare variable names (`priority == 'urgent'`, `{ field: "amount" }`) read the
 * output of that step before.
 *
 * @module
 */
import type { GraphNodeDef } from '../types.js';
import type { ImportContext } from './import-context.js';

/** A condition that depends on the step whose output it reads (`ref`: a step id or `input`). */
export type Predicate = (ref: string) => string;

/** A node being imported. `routing` marks a condition node / `conditional_logic` step. */
export interface DraftNode {
  def: GraphNodeDef;
  /** JSON path of the node in the input. */
  origin: string;
  routing?: { origin: string; names: readonly string[]; predicate?: Predicate };
}

/** An edge being imported. `when` is a routing branch, bound to the step before the router. */
export interface DraftEdge {
  id?: string;
  source: string;
  target: string;
  condition?: string;
  when?: Predicate;
  /** JSON path of the edge (or of the branch condition) in the input. */
  origin: string;
  /** Parallel group: edges that join the steps of one orchestrator `parallel_steps` list. */
  group?: string;
}

/** `a && b && …` over the non-empty parts, each parenthesised when there are several. */
export function and(...parts: Array<string | undefined>): string | undefined {
  const kept = parts.filter((p): p is string => p !== undefined && p.trim() !== '');
  if (kept.length <= 1) return kept[0];
  return kept.map((p) => `(${p})`).join(' && ');
}

/** `${ref.path}`, with `input` for the execution input. */
export function refTo(ref: string, path: string): string {
  return `\${${ref}.${path}}`;
}

const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'in',
  'True',
  'False',
  'None',
  'true',
  'false',
  'null',
  'input',
  'steps',
]);

/** The bare names of `text` (identifiers outside strings and `${…}` that are not members, calls or keywords). */
export function bareNames(text: string): string[] {
  const names: string[] = [];
  scan(text, (name) => {
    if (!names.includes(name)) names.push(name);
    return name;
  });
  return names;
}

/**
 * Rewrites every bare name `x` of `text` to `${ref.x}`, and Python's `is not` / `is` to `!=` /
 * `==`. Strings, `${…}` references, member names and function names are kept.
 */
export function bindBareNames(text: string, ref: string): string {
  return scan(text, (name) => refTo(ref, name));
}

/** An identifier at the scan position (sticky). */
const WORD = /[A-Za-z_]\w*/y;

function scan(text: string, onName: (name: string) => string): string {
  let out = '';
  let i = 0;
  // True right after a `.` (whitespace between is allowed): the next word is a member name.
  let afterDot = false;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      afterDot = false;
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i);
      const end = close === -1 ? n : close + 1;
      out += text.slice(i, end);
      i = end;
      afterDot = false;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text)?.[0];
    if (word !== undefined) {
      const j = i + word.length;
      const rest = text.slice(j);
      if (word === 'is') {
        const negated = /^\s+not\b/.exec(rest);
        out += negated === null ? '==' : '!=';
        i = negated === null ? j : j + negated[0].length;
      } else {
        const call = /^\s*\(/.test(rest);
        out += afterDot || call || KEYWORDS.has(word) ? word : onName(word);
        i = j;
      }
      afterDot = false;
      continue;
    }
    out += c;
    if (!/\s/.test(c)) afterDot = c === '.';
    i++;
  }
  return out;
}

/**
 * Removes every routing node: its branches become conditions of edges from each step before it
 * (a router without a step before it stays, as a trigger that completes with the execution input).
 * Routers are resolved upstream first, so a router after a router reads the step before both.
 */
export function inlineRouting(
  nodes: DraftNode[],
  edges: DraftEdge[],
  ctx: ImportContext,
): { nodes: DraftNode[]; edges: DraftEdge[] } {
  let current = edges;
  const removed = new Set<string>();
  for (const router of routingOrder(nodes, edges)) {
    const id = router.def.id;
    const routing = router.routing as NonNullable<DraftNode['routing']>;
    const ins = current.filter((e) => e.target === id);
    const outs = current.filter((e) => e.source === id);
    const next = current.filter((e) => e.target !== id && e.source !== id);
    const mapped = (refs: string[]): string =>
      `its names ${routing.names.join(', ')} read ${refs.map((r) => (r === 'input' ? 'the execution input' : `the output of "${r}"`)).join(' or ')}`;
    if (ins.length === 0) {
      router.def = {
        id,
        type: 'trigger',
        ...(router.def.title === undefined ? {} : { title: router.def.title }),
      };
      delete router.routing;
      for (const out of outs) next.push(settle(out, 'input'));
      ctx.warn(
        'ROUTING_ROOT_AS_TRIGGER',
        router.origin,
        'a condition with no step before it: kept as a trigger that completes with the execution input; its branches are conditions on its edges',
      );
      if (routing.names.length > 0) {
        ctx.warn('CONDITION_VARIABLE_MAPPED', routing.origin, mapped(['input']));
      }
    } else {
      removed.add(id);
      const taken = new Set(next.map((e) => e.id));
      const fresh = (base: string): string => {
        let candidate = base;
        for (let k = 2; taken.has(candidate); k++) candidate = `${base}#${k}`;
        taken.add(candidate);
        return candidate;
      };
      for (const into of ins) {
        for (const out of outs) {
          const bound = out.when?.(into.source);
          next.push({
            id: fresh(`${into.source}->${out.target}@${id}`),
            source: into.source,
            target: out.target,
            ...optional('condition', and(into.condition, bound, out.condition)),
            ...optional('when', into.when),
            origin: out.origin,
            ...optional('group', out.group),
          });
        }
      }
      ctx.warn(
        'ROUTING_INLINED',
        router.origin,
        `condition "${id}" is not a step in the engine: its branches are conditions on the edges from ${ins.map((e) => `"${e.source}"`).join(', ')}`,
      );
      if (routing.names.length > 0) {
        ctx.warn('CONDITION_VARIABLE_MAPPED', routing.origin, mapped(ins.map((e) => e.source)));
      }
    }
    current = next;
  }
  return { nodes: nodes.filter((n) => !removed.has(n.def.id)), edges: current };
}

function settle(edge: DraftEdge, ref: string): DraftEdge {
  const { when, ...rest } = edge;
  const condition = and(edge.condition, when?.(ref));
  const out: DraftEdge = { ...rest };
  delete out.condition;
  if (condition !== undefined) out.condition = condition;
  return out;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Routing nodes, upstream ones first (Kahn over the routing-to-routing edges; a cycle keeps input order). */
function routingOrder(nodes: DraftNode[], edges: DraftEdge[]): DraftNode[] {
  const routers = nodes.filter((n) => n.routing !== undefined);
  const ids = new Set(routers.map((n) => n.def.id));
  const blockers = new Map<string, number>(routers.map((n) => [n.def.id, 0]));
  for (const e of edges) {
    if (ids.has(e.source) && ids.has(e.target) && e.source !== e.target) {
      blockers.set(e.target, (blockers.get(e.target) as number) + 1);
    }
  }
  const order: DraftNode[] = [];
  const pending = [...routers];
  while (pending.length > 0) {
    const k = pending.findIndex((n) => blockers.get(n.def.id) === 0);
    const [ready] = pending.splice(Math.max(k, 0), 1) as [DraftNode];
    order.push(ready);
    for (const e of edges) {
      if (e.source === ready.def.id && blockers.has(e.target)) {
        blockers.set(e.target, (blockers.get(e.target) as number) - 1);
      }
    }
  }
  return order;
}
