/**
 * The orchestrator dialect (`advanced_workflow_orchestrator.py`, the `dynamic_*` rows of
 * `workflows.json`): `step_id`, `step_type`, `start_step`, `next_steps`, `parallel_steps`, and
 * `conditional_logic` steps that route with `{ if, then }` / `{ else }` (first match wins).
 *
 * @module
 */
import type { GraphDefinition, GraphNodeDef } from '../types.js';
import { copy, isObject, joinPath, present, str } from './import-context.js';
import type { ImportContext, Loose } from './import-context.js';
import type { Imported } from './graph-dialect.js';
import { and, bareNames, bindBareNames, inlineRouting } from './routing.js';
import type { DraftEdge, DraftNode, Predicate } from './routing.js';
import { SHARED_STEP_KEYS, fallbackOf, retryOf, timeoutOf } from './step-fields.js';

const TOP_KEYS = new Set(['id', 'workflow_id', 'name', 'created_by', 'steps', 'start_step']);
const STEP_KEYS = new Set([
  'id',
  'step_id',
  'step_type',
  'name',
  'description',
  'service',
  'action',
  'parameters',
  'conditions',
  'parallel_steps',
  'next_steps',
  'continue_on_error',
  'input_schema',
  'output_schema',
  ...SHARED_STEP_KEYS,
]);
const ROUTING_STEP = 'conditional_logic';

/** The ids of a `then` / `else` / `next_steps` value (a list or one id). */
function ids(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return present(value) ? [value] : [];
}

function nodeOf(step: Loose, path: string, ctx: ImportContext, routing: boolean): GraphNodeDef {
  const def: Record<string, unknown> = { id: step.step_id ?? step.id, type: 'action' };
  if (present(step.step_id) && present(step.id) && step.id !== step.step_id) {
    ctx.warn('FIELD_DROPPED', joinPath(path, 'id'), 'step_id is given too');
  }
  if (present(step.name)) def.title = step.name;
  else if (present(step.description)) def.title = step.description;
  if (present(step.name) && present(step.description)) def.description = step.description;
  if (routing) return def as unknown as GraphNodeDef;
  const config: Record<string, unknown> = { service: step.service ?? step.step_type };
  if (present(step.service) && present(step.step_type)) {
    ctx.warn('FIELD_DROPPED', joinPath(path, 'step_type'), 'service is given too');
  }
  if (present(step.action)) config.action = step.action;
  if (present(step.parameters)) config.parameters = copy(step.parameters);
  if (present(step.continue_on_error)) config.continue_on_error = step.continue_on_error;
  const timeout = timeoutOf(step, path, ctx);
  if (timeout !== undefined) config.timeout = timeout;
  const fallback = fallbackOf(step, path, ctx);
  if (fallback !== undefined) config.fallback_service = fallback;
  const retry = retryOf(step, path, ctx);
  if (retry !== undefined) config.retry = retry;
  for (const key of ['input_schema', 'output_schema'] as const) {
    if (present(step[key])) config[key] = copy(step[key]);
  }
  def.config = config;
  return def as unknown as GraphNodeDef;
}

/** The routing edges of a `conditional_logic` step: first match wins, `else` when none matched. */
function branches(
  step: Loose,
  id: string,
  path: string,
  ctx: ImportContext,
): { edges: DraftEdge[]; names: string[]; targets: Set<string> } {
  const parameters = isObject(step.parameters) ? step.parameters : {};
  const where = joinPath(joinPath(path, 'parameters'), 'conditions');
  const list = Array.isArray(parameters.conditions) ? parameters.conditions : [];
  if (!Array.isArray(parameters.conditions)) {
    ctx.fail(
      'NO_CONDITION',
      joinPath(path, 'parameters'),
      'a conditional_logic step without parameters.conditions',
      'add parameters.conditions: [{ "if": "<expression>", "then": ["<step>"] }, { "else": ["<step>"] }]',
    );
  }
  const names: string[] = [];
  const prior: Predicate[] = [];
  const byTarget = new Map<string, { whens: Array<Predicate | undefined>; origin: string }>();
  const add = (target: unknown, when: Predicate | undefined, origin: string): void => {
    const key = String(target);
    const entry = byTarget.get(key);
    if (entry === undefined) byTarget.set(key, { whens: [when], origin });
    else entry.whens.push(when);
  };
  const none = (before: readonly Predicate[]): Predicate | undefined =>
    before.length === 0 ? undefined : (ref) => and(...before.map((p) => `!(${p(ref)})`)) as string;
  list.forEach((entry: unknown, j) => {
    const at = joinPath(where, j);
    if (!isObject(entry)) {
      ctx.fail(
        'BAD_CONDITION',
        at,
        'expected { if, then } or { else }',
        'write { "if": "<expression>", "then": ["<step>"] }',
      );
      return;
    }
    const before = [...prior];
    if (present(entry.if)) {
      const text = str(entry.if);
      if (text === undefined || text.trim() === '') {
        ctx.fail(
          'BAD_CONDITION',
          joinPath(at, 'if'),
          'expected an expression',
          'write the condition as text, e.g. "priority == \'urgent\'"',
        );
        return;
      }
      for (const name of bareNames(text)) if (!names.includes(name)) names.push(name);
      const test: Predicate = (ref) => bindBareNames(text, ref);
      prior.push(test);
      const matched: Predicate = (ref) => and(none(before)?.(ref), test(ref)) as string;
      for (const target of ids(entry.then)) add(target, matched, joinPath(at, 'if'));
      if (present(entry.else)) {
        const otherwise = none([...before, test]) as Predicate;
        for (const target of ids(entry.else)) add(target, otherwise, joinPath(at, 'else'));
      }
    } else if (present(entry.else)) {
      for (const target of ids(entry.else)) add(target, none(before), joinPath(at, 'else'));
    }
    ctx.dropRest(entry, new Set(['if', 'then', 'else']), at);
  });
  for (const key of ['ai_option', 'ai_prompt']) {
    if (present(parameters[key])) {
      ctx.warn(
        'FIELD_DROPPED',
        joinPath(joinPath(path, 'parameters'), key),
        'routing chosen by an AI model is not supported; the if/then conditions route',
      );
    }
  }
  ctx.dropRest(
    parameters,
    new Set(['conditions', 'ai_option', 'ai_prompt']),
    joinPath(path, 'parameters'),
    'a conditional_logic step only routes; left out',
  );
  const edges: DraftEdge[] = [];
  for (const [target, { whens, origin }] of byTarget) {
    // Edge ids are given by mergeSamePair, once every edge is known.
    const edge: DraftEdge = { source: id, target, origin };
    if (!whens.includes(undefined)) {
      const list2 = whens as Predicate[];
      edge.when =
        list2.length === 1 ? list2[0] : (ref) => list2.map((w) => `(${w(ref)})`).join(' || ');
    }
    edges.push(edge);
  }
  return { edges, names, targets: new Set(byTarget.keys()) };
}

/** Imports an orchestrator-dialect definition (`src` at `base` in the input). */
export function importOrchestrator(
  src: Loose,
  base: string,
  ctx: ImportContext,
): Imported<GraphDefinition> {
  const stepsPath = joinPath(base, 'steps');
  const rawSteps = src.steps as unknown[];
  let nodes: DraftNode[] = [];
  let edges: DraftEdge[] = [];
  rawSteps.forEach((item, i) => {
    const path = joinPath(stepsPath, i);
    if (!isObject(item)) {
      nodes.push({ def: item as GraphNodeDef, origin: path });
      return;
    }
    const id = String(item.step_id ?? item.id);
    const routing = item.step_type === ROUTING_STEP;
    const node: DraftNode = { def: nodeOf(item, path, ctx, routing), origin: path };
    const next = ids(item.next_steps);
    const parallel = ids(item.parallel_steps);
    if (routing) {
      const routed = branches(item, id, path, ctx);
      node.routing = {
        origin: joinPath(joinPath(path, 'parameters'), 'conditions'),
        names: routed.names,
      };
      edges.push(...routed.edges);
      next.forEach((target, k) => {
        if (routed.targets.has(String(target))) return;
        ctx.warn(
          'EDGE_DROPPED',
          joinPath(joinPath(path, 'next_steps'), k),
          `"${String(target)}" is in no branch of the conditions: Atom only follows the branch taken`,
        );
      });
      if (parallel.length > 0)
        ctx.warn(
          'FIELD_DROPPED',
          joinPath(path, 'parallel_steps'),
          'a conditional_logic step only routes; left out',
        );
    } else if (parallel.length > 0) {
      parallel.forEach((target, k) => {
        edges.push({
          source: id,
          target: target as string,
          origin: joinPath(joinPath(path, 'parallel_steps'), k),
        });
      });
      next.forEach((target, k) => {
        for (const member of parallel) {
          edges.push({
            source: member as string,
            target: target as string,
            origin: joinPath(joinPath(path, 'next_steps'), k),
            group: id,
            // Only when the parallel step itself ran (a member may also be reached another way).
            condition: `${JSON.stringify(id)} in steps`,
          });
        }
      });
    } else {
      next.forEach((target, k) => {
        edges.push({
          source: id,
          target: target as string,
          origin: joinPath(joinPath(path, 'next_steps'), k),
        });
      });
    }
    if (present(item.confidence_threshold)) {
      ctx.warn(
        'FIELD_DROPPED',
        joinPath(path, 'confidence_threshold'),
        'the engine does not score NLU confidence; left out',
      );
    }
    if (isObject(item.conditions) && Object.keys(item.conditions).length > 0) {
      ctx.warn(
        'FIELD_DROPPED',
        joinPath(path, 'conditions'),
        'step-level conditions are not read by the orchestrator either; left out',
      );
    }
    ctx.dropRest(
      item,
      new Set([
        ...STEP_KEYS,
        'confidence_threshold',
        ...(isObject(item.conditions) ? ['conditions'] : []),
      ]),
      path,
    );
    nodes.push(node);
  });

  // Steps the start step never reaches never run in Atom.
  const start = src.start_step;
  if (present(start)) {
    const known = new Set(nodes.map((n) => String(n.def.id)));
    if (!known.has(String(start))) {
      ctx.fail(
        'UNKNOWN_START_STEP',
        joinPath(base, 'start_step'),
        `start_step "${String(start)}" is not a step`,
        'name the step_id of the first step',
      );
    } else {
      const reached = new Set([String(start)]);
      const queue = [String(start)];
      while (queue.length > 0) {
        const from = queue.shift() as string;
        for (const e of edges) {
          if (e.source === from && !reached.has(String(e.target))) {
            reached.add(String(e.target));
            queue.push(String(e.target));
          }
        }
      }
      for (const n of nodes) {
        if (reached.has(String(n.def.id))) continue;
        ctx.warn(
          'UNREACHABLE_STEP_DROPPED',
          n.origin,
          `start_step "${String(start)}" never leads here, so Atom never runs it`,
        );
      }
      nodes = nodes.filter((n) => reached.has(String(n.def.id)));
      edges = edges.filter((e) => reached.has(String(e.source)));
    }
  }

  const inlined = inlineRouting(nodes, edges, ctx);
  const merged = mergeSamePair(inlined.edges);
  for (const node of inlined.nodes) {
    const inbound = merged.filter((e) => e.target === node.def.id);
    if (inbound.length < 2) continue;
    const group = inbound[0]?.group;
    if (group !== undefined && inbound.every((e) => e.group === group)) continue;
    ctx.warn(
      'JOIN_ANY_PREDECESSOR',
      node.origin,
      `reached from ${inbound.map((e) => `"${e.source}"`).join(', ')}: runs once, when the paths that reach it are settled and one of them is taken; Atom runs it once per arriving path`,
    );
  }
  const def: Record<string, unknown> = { id: src.workflow_id ?? src.id };
  if (present(src.id) && present(src.workflow_id) && src.id !== src.workflow_id) {
    ctx.warn('FIELD_DROPPED', joinPath(base, 'id'), 'workflow_id is given too');
  }
  if (present(src.name)) def.name = src.name;
  if (present(src.created_by)) def.created_by = src.created_by;
  def.nodes = inlined.nodes.map((n) => n.def);
  def.connections = merged.map((e) =>
    e.condition === undefined
      ? { id: e.id, source: e.source, target: e.target }
      : { id: e.id, source: e.source, target: e.target, condition: e.condition },
  );
  ctx.dropRest(src, TOP_KEYS, base);
  return {
    def: def as unknown as GraphDefinition,
    nodeOrigins: inlined.nodes.map((n) => n.origin),
    edgeOrigins: merged.map((e) => e.origin),
  };
}

/** Edges between the same two steps become one, taken when any of them is (conditions or-ed). */
function mergeSamePair(edges: DraftEdge[]): DraftEdge[] {
  const out: DraftEdge[] = [];
  const byPair = new Map<string, DraftEdge>();
  for (const edge of edges) {
    const key = `${edge.source}\u0000${edge.target}`;
    const first = byPair.get(key);
    if (first === undefined) {
      // One edge per pair of steps: the pair is its id.
      const id = `${edge.source}->${edge.target}`;
      const copyEdge: DraftEdge = { ...edge, id };
      byPair.set(key, copyEdge);
      out.push(copyEdge);
      continue;
    }
    if (first.condition === undefined || edge.condition === undefined) delete first.condition;
    else first.condition = `(${first.condition}) || (${edge.condition})`;
    if (first.group !== edge.group) delete first.group;
  }
  return out;
}
