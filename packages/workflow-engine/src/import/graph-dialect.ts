/**
 * The graph dialects: the engine's own graph form, the shapes Atom's API stores and passes
 * (`steps: null` or derived `steps` next to `nodes`, `config.actionType` / `integrationId`, extra
 * config keys, node-level `connections`) and the UI / marketplace form (`edges`, node `label`,
 * `config.integration`, condition nodes, yes/no branch labels).
 *
 * @module
 */
import type { ConnectionDef, GraphDefinition, GraphNodeDef, NodeConfig } from '../types.js';
import { copy, isObject, joinPath, present, str } from './import-context.js';
import type { ImportContext, Loose } from './import-context.js';
import { inlineRouting } from './routing.js';
import type { DraftEdge, DraftNode } from './routing.js';
import { uiPredicate } from './ui-conditions.js';

/** Result of a dialect: the definition and, per node and connection, its path in the input. */
export interface Imported<T> {
  def: T;
  nodeOrigins: string[];
  edgeOrigins: string[];
}

const TOP_KEYS = new Set([
  'id',
  'workflow_id',
  'name',
  'created_by',
  'nodes',
  'connections',
  'edges',
]);
const NODE_KEYS = new Set([
  'id',
  'type',
  'title',
  'label',
  'description',
  'position',
  'config',
  'connections',
  'data',
]);
/** Config keys the engine reads, under their engine names. */
const ENGINE_CONFIG_KEYS = [
  'service',
  'action',
  'parameters',
  'continue_on_error',
  'timeout',
  'input_schema',
  'output_schema',
  'connectionId',
  'fallback_service',
  'retry',
  'join',
] as const;
const ALIASES: Readonly<Record<string, (typeof ENGINE_CONFIG_KEYS)[number]>> = {
  integration: 'service',
  integrationId: 'service',
  actionType: 'action',
  connection_id: 'connectionId',
};
const ROUTING_TYPES = new Set(['condition', 'conditional', 'decision', 'branch', 'if']);
const EDGE_KEYS = new Set([
  'id',
  'source',
  'target',
  'condition',
  'label',
  'sourceHandle',
  'source_handle',
]);

/** `yes` / `no` for a branch label (`yes`, `true`, `no`, `false`, any case), else `undefined`. */
function branchOf(value: unknown): 'yes' | 'no' | undefined {
  const word = str(value)?.trim().toLowerCase();
  if (word === 'yes' || word === 'true') return 'yes';
  if (word === 'no' || word === 'false') return 'no';
  return undefined;
}

function isRouting(node: Loose): boolean {
  const type = node.type;
  if (ROUTING_TYPES.has(type as string)) return true;
  const config = isObject(node.config) ? node.config : {};
  const hasCondition = Array.isArray(config.conditions) || typeof config.condition === 'string';
  const hasAction = ['service', 'integration', 'integrationId', 'action', 'actionType'].some((k) =>
    present(config[k]),
  );
  return hasCondition && !hasAction && type !== 'trigger';
}

/** The node's `config` in the engine's names; unknown keys become parameters (with a warning). */
function configOf(node: Loose, path: string, ctx: ImportContext): NodeConfig | undefined {
  if (!present(node.config)) return undefined;
  const where = joinPath(path, 'config');
  if (!isObject(node.config)) return node.config as NodeConfig; // validation reports the shape
  const raw = node.config;
  const trigger = node.type === 'trigger';
  const out: Record<string, unknown> = {};
  const consumed = new Set<string>();
  for (const key of ENGINE_CONFIG_KEYS) {
    if (!present(raw[key])) continue;
    consumed.add(key);
    out[key] = key === 'parameters' || key.endsWith('_schema') ? copy(raw[key]) : raw[key];
  }
  for (const [alias, key] of Object.entries(ALIASES)) {
    if (!present(raw[alias])) continue;
    consumed.add(alias);
    if (key === 'service' && trigger && out.service === undefined) {
      ctx.warn(
        'TRIGGER_CONFIG_DROPPED',
        joinPath(where, alias),
        `the trigger's integration is an event source, not a call: the trigger completes with the execution input`,
      );
    } else if (out[key] === undefined) out[key] = raw[alias];
    else ctx.warn('FIELD_DROPPED', joinPath(where, alias), `"${key}" is given too`);
  }
  for (const key of ['condition', 'conditions']) {
    if (!present(raw[key])) continue;
    consumed.add(key);
    ctx.warn(
      'FIELD_DROPPED',
      joinPath(where, key),
      'a condition on a step that calls a service is ignored (by Atom too): put it on the incoming connection',
    );
  }
  const extras = Object.keys(raw).filter((k) => !consumed.has(k) && present(raw[k]));
  if (extras.length > 0) {
    if (trigger && out.service === undefined) {
      ctx.dropRest(
        raw,
        consumed,
        where,
        'trigger settings describe the event source; the trigger completes with the execution input',
        'TRIGGER_CONFIG_DROPPED',
      );
    } else {
      const parameters: Record<string, unknown> = isObject(out.parameters) ? out.parameters : {};
      if (out.parameters !== undefined && !isObject(out.parameters)) {
        ctx.dropRest(
          raw,
          consumed,
          where,
          'not used by the engine (config.parameters is not an object)',
        );
      } else {
        for (const key of extras) {
          if (Object.hasOwn(parameters, key)) {
            ctx.warn('FIELD_DROPPED', joinPath(where, key), `parameters.${key} is given too`);
            continue;
          }
          parameters[key] = copy(raw[key]);
          ctx.warn(
            'CONFIG_AS_PARAMETER',
            joinPath(where, key),
            `passed to the executor as parameters.${key}`,
          );
        }
        out.parameters = parameters;
      }
    }
  }
  return out;
}

function nodeOf(node: Loose, path: string, ctx: ImportContext, routing: boolean): DraftNode {
  const def: Record<string, unknown> = { id: node.id };
  if (present(node.type)) def.type = node.type;
  const data = isObject(node.data) ? node.data : undefined;
  const title = [node.title, node.label, data?.label].find(present);
  if (title !== undefined) def.title = title;
  if (present(node.title) && present(node.label)) {
    ctx.warn('FIELD_DROPPED', joinPath(path, 'label'), 'title is given too');
  }
  if (data !== undefined) {
    ctx.dropRest(
      data,
      new Set(present(node.title) || present(node.label) ? [] : ['label']),
      joinPath(path, 'data'),
    );
  } else if (present(node.data))
    ctx.warn('FIELD_DROPPED', joinPath(path, 'data'), 'not an object; left out');
  if (present(node.description)) def.description = node.description;
  if (present(node.position)) def.position = copy(node.position);
  ctx.dropRest(node, NODE_KEYS, path);
  if (routing) {
    const config = isObject(node.config) ? node.config : {};
    const where = joinPath(path, 'config');
    const predicate = uiPredicate(config, where, ctx);
    const consumed = new Set(predicate?.consumed ?? ['condition', 'conditions', 'logic']);
    ctx.dropRest(config, consumed, where, 'a condition node only routes; left out');
    const routingInfo: NonNullable<DraftNode['routing']> = {
      origin: predicate?.origin ?? where,
      names: predicate?.names ?? [],
    };
    if (predicate !== undefined) routingInfo.predicate = predicate.predicate;
    return { def: def as unknown as GraphNodeDef, origin: path, routing: routingInfo };
  }
  const config = configOf(node, path, ctx);
  if (config !== undefined) def.config = config;
  return { def: def as unknown as GraphNodeDef, origin: path };
}

/** Imports a graph-dialect definition (`src` at `base` in the input). */
export function importGraph(
  src: Loose,
  base: string,
  ctx: ImportContext,
): Imported<GraphDefinition> {
  const rawNodes = src.nodes as unknown[];
  const nodesPath = joinPath(base, 'nodes');
  const routers = new Map<string, DraftNode>();
  const drafts: DraftNode[] = rawNodes.map((item, i) => {
    const path = joinPath(nodesPath, i);
    if (!isObject(item)) return { def: item as GraphNodeDef, origin: path };
    const draft = nodeOf(item, path, ctx, isRouting(item));
    if (draft.routing !== undefined) routers.set(String(item.id), draft);
    return draft;
  });

  const edgeKey = present(src.connections) || !present(src.edges) ? 'connections' : 'edges';
  if (edgeKey === 'connections' && present(src.edges)) {
    ctx.warn(
      'FIELD_DROPPED',
      joinPath(base, 'edges'),
      'connections is given too; edges are left out',
    );
  }
  const rawEdges = src[edgeKey];
  const edgesPath = joinPath(base, edgeKey);
  const edges: DraftEdge[] = [];
  const seen = new Set<string>();
  if (Array.isArray(rawEdges)) {
    rawEdges.forEach((item: unknown, e) => {
      const path = joinPath(edgesPath, e);
      if (!isObject(item)) {
        edges.push({ ...(item as object), origin: path } as DraftEdge);
        return;
      }
      const edge: DraftEdge = {
        source: item.source as string,
        target: item.target as string,
        origin: path,
      };
      if (present(item.id)) edge.id = item.id as string;
      seen.add(`${String(item.source)}\u0000${String(item.target)}`);
      const router = routers.get(String(item.source));
      const labels = (['condition', 'label', 'sourceHandle', 'source_handle'] as const).filter(
        (k) => present(item[k]),
      );
      const branch = labels.map((k) => branchOf(item[k])).find((b) => b !== undefined);
      for (const key of labels) {
        const value = item[key];
        if (branchOf(value) !== undefined) {
          if (router === undefined && key === 'condition') {
            ctx.fail(
              'BAD_BRANCH',
              joinPath(path, key),
              `branch label "${String(value)}" on a connection whose source "${String(item.source)}" is not a condition node`,
              'remove the label, or route through a condition node (type "condition" with config.condition)',
            );
          } else if (router === undefined) {
            ctx.warn(
              'FIELD_DROPPED',
              joinPath(path, key),
              'a branch label on a connection that does not leave a condition node',
            );
          }
          continue;
        }
        if (key === 'condition') edge.condition = value as string;
        else ctx.warn('FIELD_DROPPED', joinPath(path, key), 'display text; left out');
      }
      if (router !== undefined && branch !== undefined) {
        // Every node in `routers` has its routing.
        const routing = router.routing as NonNullable<DraftNode['routing']>;
        const predicate = routing.predicate;
        if (predicate !== undefined) {
          edge.when = branch === 'yes' ? predicate : (ref) => `!(${predicate(ref)})`;
          edge.origin = routing.origin;
        }
      }
      ctx.dropRest(item, EDGE_KEYS, path);
      edges.push(edge);
    });
  }

  rawNodes.forEach((item, i) => {
    if (!isObject(item) || !present(item.connections)) return;
    const path = joinPath(joinPath(nodesPath, i), 'connections');
    if (!Array.isArray(item.connections)) {
      ctx.warn('FIELD_DROPPED', path, 'not a list of node ids; left out');
      return;
    }
    item.connections.forEach((target: unknown, k) => {
      const key = `${String(item.id)}\u0000${String(target)}`;
      if (seen.has(key)) return;
      seen.add(key);
      edges.push({
        id: `${String(item.id)}->${String(target)}`,
        source: item.id as string,
        target: target as string,
        origin: joinPath(path, k),
      });
      ctx.warn(
        'NODE_CONNECTIONS_MERGED',
        joinPath(path, k),
        `becomes a connection ${String(item.id)} → ${String(target)}`,
      );
    });
  });

  const inlined = inlineRouting(drafts, edges, ctx);
  const def: Record<string, unknown> = { id: src.id ?? src.workflow_id };
  if (present(src.id) && present(src.workflow_id) && src.id !== src.workflow_id) {
    ctx.warn('FIELD_DROPPED', joinPath(base, 'workflow_id'), 'id is given too');
  }
  if (present(src.name)) def.name = src.name;
  if (present(src.created_by)) def.created_by = src.created_by;
  def.nodes = inlined.nodes.map((n) => n.def);
  def.connections = inlined.edges.map((e): ConnectionDef => {
    const out: Record<string, unknown> = {};
    if (e.id !== undefined) out.id = e.id;
    out.source = e.source;
    out.target = e.target;
    if (e.condition !== undefined) out.condition = e.condition;
    return out as unknown as ConnectionDef;
  });
  if (!Array.isArray(rawEdges) && present(rawEdges)) def.connections = rawEdges;
  if (present(src.steps)) {
    ctx.warn(
      'STEPS_DERIVED_IGNORED',
      joinPath(base, 'steps'),
      'nodes are given too: steps derived from them are left out',
    );
  }
  ctx.dropRest(src, new Set([...TOP_KEYS, 'steps']), base);
  return {
    def: def as unknown as GraphDefinition,
    nodeOrigins: inlined.nodes.map((n) => n.origin),
    edgeOrigins: inlined.edges.map((e) => e.origin),
  };
}
