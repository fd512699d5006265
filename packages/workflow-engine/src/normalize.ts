/**
 * Converters between the Atom definition forms and the normalised {@link Workflow}.
 * Shape only: semantic checks live in `validateWorkflow`. Never mutates the caller's object.
 *
 * @module
 */
import type {
  ConnectionDef,
  DependsOnEntry,
  GraphDefinition,
  GraphNodeDef,
  JoinRule,
  JsonSchema,
  RetryDef,
  RetryPolicy,
  StepDef,
  StepsDefinition,
  Workflow,
  WorkflowDefinition,
  WorkflowEdge,
  WorkflowNode,
} from './types.js';
import { topologicalOrder } from './topological-order.js';

type Loose = Record<string, unknown>;

/** A non-null, non-array object (the one shape check every reader below shares). */
function isLoose(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function asObject(value: unknown): Loose {
  return isLoose(value) ? value : {};
}
function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function condition(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
/** `{}` (Atom's "no schema") and non-schemas become `undefined`. */
function schema(value: unknown): JsonSchema | undefined {
  if (typeof value === 'boolean') return value;
  if (!isLoose(value)) return undefined;
  return Object.keys(value).length === 0 ? undefined : value;
}
function timeoutMs(value: unknown): number | undefined {
  return typeof value === 'number' && value !== 0 ? value * 1000 : undefined;
}
function join(value: unknown): JoinRule {
  return typeof value === 'string' ? (value as JoinRule) : 'all_success';
}

/** Atom's retry block (seconds) → a partial {@link RetryPolicy} (milliseconds). */
function retry(value: unknown): Partial<RetryPolicy> | undefined {
  if (!isLoose(value)) return undefined;
  const def = value as RetryDef;
  const out: Partial<RetryPolicy> = {};
  if (typeof def.max_attempts === 'number') out.maxAttempts = def.max_attempts;
  if (typeof def.initial_delay_seconds === 'number') {
    out.initialDelayMs = def.initial_delay_seconds * 1000;
  }
  if (typeof def.backoff_rate === 'number') out.backoffRate = def.backoff_rate;
  if (typeof def.max_delay_seconds === 'number') out.maxDelayMs = def.max_delay_seconds * 1000;
  if (def.jitter === 'none' || def.jitter === 'full') out.jitter = def.jitter;
  return out;
}
function retryDef(policy: Partial<RetryPolicy> | undefined): RetryDef | undefined {
  if (policy === undefined) return undefined;
  const out: RetryDef = {};
  if (policy.maxAttempts !== undefined) out.max_attempts = policy.maxAttempts;
  if (policy.initialDelayMs !== undefined) out.initial_delay_seconds = policy.initialDelayMs / 1000;
  if (policy.backoffRate !== undefined) out.backoff_rate = policy.backoffRate;
  if (policy.maxDelayMs !== undefined) out.max_delay_seconds = policy.maxDelayMs / 1000;
  if (policy.jitter !== undefined) out.jitter = policy.jitter;
  return out;
}

/**
 * Copies a JSON-like value (parameters, schemas) so the Workflow shares nothing with the input:
 * plain objects and arrays are copied (iteratively: any nesting depth), other values are shared.
 * An own `__proto__` key is copied as data.
 */
function clone<T>(value: T): T {
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  const copyOf = (item: object): object => (Array.isArray(item) ? [] : {});
  const root = copyOf(value);
  const stack: Array<[Record<string, unknown>, Record<string, unknown>]> = [
    [value as Record<string, unknown>, root as Record<string, unknown>],
  ];
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [Record<string, unknown>, Record<string, unknown>];
    for (const key of Object.keys(from)) {
      let item = from[key];
      if (Array.isArray(item) || isPlainObject(item)) {
        const copy = copyOf(item) as Record<string, unknown>;
        stack.push([item as Record<string, unknown>, copy]);
        item = copy;
      }
      Object.defineProperty(to, key, {
        value: item,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  }
  return root as T;
}

/**
 * The `parameters` of every node that has none: one frozen empty object, shared. (On a large
 * definition an own `{}` per node is most of the garbage normalisation leaves behind.)
 */
const NO_PARAMETERS: Record<string, unknown> = Object.freeze({});

/** A node's own copy of its parameters ({@link NO_PARAMETERS} when absent, empty or not an object). */
function parameters(value: unknown): Record<string, unknown> {
  if (!isLoose(value)) return NO_PARAMETERS;
  for (const key in value) if (Object.hasOwn(value, key)) return clone(value);
  return NO_PARAMETERS;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isLoose(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Node fields that are optional and rare, in a fixed order (every node object has the same shape). */
interface OptionalNodeFields {
  action: string | undefined;
  condition: string | undefined;
  timeoutMs: number | undefined;
  inputSchema: JsonSchema | undefined;
  outputSchema: JsonSchema | undefined;
  connectionId: string | undefined;
  fallbackService: string | undefined;
  retry: Partial<RetryPolicy> | undefined;
}

/** Builds a node with its common fields (no `delete`: objects stay fast). */
function makeNode(
  id: string,
  index: number,
  type: string,
  parameters: Record<string, unknown>,
  continueOnError: boolean,
  joinRule: JoinRule,
  title: string | undefined,
  service: string | undefined,
): WorkflowNode {
  // The usual `service` goes into the literal (same key order): adding it later would allocate.
  if (service !== undefined) {
    return title === undefined
      ? { id, index, type, parameters, continueOnError, join: joinRule, service }
      : { id, index, type, parameters, continueOnError, join: joinRule, title, service };
  }
  const node: WorkflowNode = { id, index, type, parameters, continueOnError, join: joinRule };
  if (title !== undefined) node.title = title;
  return node;
}

/** Adds the rare optional fields that are defined, in their fixed order. */
function addOptional(node: WorkflowNode, optional: OptionalNodeFields): void {
  if (optional.action !== undefined) node.action = optional.action;
  if (optional.condition !== undefined) node.condition = optional.condition;
  if (optional.timeoutMs !== undefined) node.timeoutMs = optional.timeoutMs;
  if (optional.inputSchema !== undefined) node.inputSchema = clone(optional.inputSchema);
  if (optional.outputSchema !== undefined) node.outputSchema = clone(optional.outputSchema);
  if (optional.connectionId !== undefined) node.connectionId = optional.connectionId;
  if (optional.fallbackService !== undefined) node.fallbackService = optional.fallbackService;
  if (optional.retry !== undefined) node.retry = optional.retry;
}

function makeEdge(
  id: string,
  source: string,
  target: string,
  edgeCondition: string | undefined,
  kind: WorkflowEdge['kind'],
): WorkflowEdge {
  return edgeCondition === undefined
    ? { id, source, target, kind }
    : { id, source, target, condition: edgeCondition, kind };
}

/** Drops `undefined` fields of a small object (step definitions, the workflow header). */
function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}

/** True when `value` is an already normalised {@link Workflow}. */
export function isNormalizedWorkflow(value: unknown): value is Workflow {
  if (!isLoose(value)) return false;
  return (
    (value.form === 'graph' || value.form === 'steps') &&
    Array.isArray(value.edges) &&
    Array.isArray(value.nodes)
  );
}

/**
 * True when `config` holds only the keys of the common graph node; any other key takes the full
 * path. (Keys of the node itself beside `config` are not read: Atom UI's `position`, `label`, ….)
 */
function onlyCommonKeys(config: Loose): boolean {
  for (const key in config) {
    if (key !== 'service' && key !== 'action' && key !== 'parameters') return false;
  }
  return true;
}

const NO_CONFIG: Loose = Object.freeze({});

/** One graph node, normalised. */
function graphNode(item: unknown, index: number): WorkflowNode {
  const node = asObject(item) as Partial<GraphNodeDef>;
  const config = isLoose(node.config) ? node.config : NO_CONFIG;
  // The common node (id, type, title, service, action, parameters) skips the rare fields' record.
  const common = onlyCommonKeys(config);
  const built = makeNode(
    asString(node.id) ?? '',
    index,
    asString(node.type) ?? 'action',
    parameters(config.parameters),
    !common && config.continue_on_error === true,
    common ? 'all_success' : join(config.join),
    asString(node.title),
    asString(config.service),
  );
  if (common) {
    const action = asString(config.action);
    if (action !== undefined) built.action = action;
    return built;
  }
  addOptional(built, {
    action: asString(config.action),
    condition: undefined,
    timeoutMs: timeoutMs(config.timeout),
    inputSchema: schema(config.input_schema),
    outputSchema: schema(config.output_schema),
    connectionId: asString(config.connectionId) ?? asString(config.connection_id),
    fallbackService: asString(config.fallback_service),
    retry: retry(config.retry),
  });
  return built;
}

/** Normalises the graph form. Edge ids: the connection's `id`, else `source->target#i`. */
export function fromGraph(def: GraphDefinition): Workflow {
  const raw = asObject(def);
  const list = asArray(raw.nodes);
  const nodes = list.map(graphNode);
  const edges = asArray(raw.connections).map((item, i) => {
    const c = (isLoose(item) ? item : NO_CONFIG) as Partial<ConnectionDef>;
    const source = asString(c.source) ?? '';
    const target = asString(c.target) ?? '';
    return makeEdge(
      asString(c.id) ?? `${source}->${target}#${i}`,
      source,
      target,
      condition(c.condition),
      'dependency',
    );
  });
  return compact<Workflow>({
    id: asString(raw.id) ?? asString(raw.workflow_id) ?? '',
    name: asString(raw.name),
    createdBy: asString(raw.created_by),
    form: 'graph',
    nodes,
    edges,
  });
}

/**
 * Steps sorted by `sequence_order` (stable, missing = 0): the position in that order is the node's
 * declaration index. The input array is not sorted in place.
 */
export function sortSteps(steps: readonly unknown[]): Array<{ step: Loose; position: number }> {
  return steps
    .map((item, position) => ({ step: asObject(item), position }))
    .sort((a, b) => {
      const x = typeof a.step.sequence_order === 'number' ? a.step.sequence_order : 0;
      const y = typeof b.step.sequence_order === 'number' ? b.step.sequence_order : 0;
      return x - y; // a stable sort: equal orders keep their positions
    });
}

/**
 * Normalises the linear form. A step without `depends_on` gets an `ordering` edge from the step
 * before it; each `depends_on` entry becomes a `dependency` edge (`dep:source->target#k`).
 */
export function fromSteps(def: StepsDefinition): Workflow {
  const raw = asObject(def);
  const sorted = sortSteps(asArray(raw.steps));
  const nodes: WorkflowNode[] = [];
  const edges: WorkflowEdge[] = [];
  sorted.forEach(({ step }, index) => {
    const s = step as Partial<StepDef>;
    const id = asString(s.id) ?? '';
    const node = makeNode(
      id,
      index,
      asString(s.type) ?? 'action',
      parameters(s.parameters),
      s.continue_on_error === true,
      join(s.join),
      asString(s.name),
      asString(s.service),
    );
    addOptional(node, {
      action: asString(s.action),
      condition: condition(s.condition),
      timeoutMs: timeoutMs(s.timeout),
      inputSchema: schema(s.input_schema),
      outputSchema: schema(s.output_schema),
      connectionId: asString(s.connection_id),
      fallbackService: asString(s.fallback_service),
      retry: retry(s.retry),
    });
    nodes.push(node);
    if (s.depends_on === undefined || s.depends_on === null) {
      const previous = sorted[index - 1];
      if (previous !== undefined) {
        const source = asString(previous.step.id) ?? '';
        edges.push({ id: `order:${source}->${id}`, source, target: id, kind: 'ordering' });
      }
      return;
    }
    asArray(s.depends_on).forEach((entry, k) => {
      const e = entry as DependsOnEntry;
      const source = typeof e === 'string' ? e : (asString(asObject(e).id) ?? '');
      const cond = condition(asObject(e).condition); // a string entry has none
      edges.push(makeEdge(`dep:${source}->${id}#${k}`, source, id, cond, 'dependency'));
    });
  });
  return compact<Workflow>({
    id: asString(raw.id) ?? '',
    name: asString(raw.name),
    form: 'steps',
    nodes,
    edges,
  });
}

/**
 * Normalises either form (or returns an already normalised {@link Workflow} unchanged). A definition
 * with `steps` and no `nodes` is the linear form; anything else is read as the graph form.
 */
export function normalizeDefinition(def: WorkflowDefinition | Workflow): Workflow {
  if (isNormalizedWorkflow(def)) return def;
  const raw = asObject(def);
  if (Array.isArray(raw.steps) && !Array.isArray(raw.nodes)) {
    return fromSteps(def as StepsDefinition);
  }
  return fromGraph(def as GraphDefinition);
}

/**
 * Converts any form to the linear form: steps in topological order, `sequence_order` exactly 1..N,
 * every edge kept as a `depends_on` entry with its condition (roots get `depends_on: []`), joins,
 * fallbacks and connection ids kept. A node whose only inbound edge is an ordering edge from the
 * step just before it keeps the implicit ordering (no `depends_on`).
 *
 * @throws WorkflowCycleError when the graph has a cycle.
 */
export function toSteps(def: WorkflowDefinition | Workflow): StepsDefinition {
  const workflow = normalizeDefinition(def);
  const order = topologicalOrder(workflow);
  const byId = new Map<string, WorkflowNode>();
  for (const node of workflow.nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  const inbound = new Map<string, WorkflowEdge[]>();
  for (const edge of workflow.edges) {
    const list = inbound.get(edge.target);
    if (list === undefined) inbound.set(edge.target, [edge]);
    else list.push(edge);
  }
  const steps: StepDef[] = order.map((id, i) => {
    const node = byId.get(id) as WorkflowNode;
    const edges = inbound.get(id) ?? [];
    const only = edges.length === 1 ? edges[0] : undefined;
    const implicit = only?.kind === 'ordering' && only.source === order[i - 1];
    const step: StepDef = compact<StepDef>({
      id,
      name: node.title,
      sequence_order: i + 1,
      type: node.type,
      service: node.service,
      action: node.action,
      parameters: clone(node.parameters),
      condition: node.condition,
      depends_on: implicit
        ? undefined
        : edges.map((e) =>
            e.condition === undefined ? e.source : { id: e.source, condition: e.condition },
          ),
      continue_on_error: node.continueOnError,
      timeout: node.timeoutMs === undefined ? undefined : node.timeoutMs / 1000,
      fallback_service: node.fallbackService,
      connection_id: node.connectionId,
      input_schema: clone(node.inputSchema),
      output_schema: clone(node.outputSchema),
      retry: retryDef(node.retry),
      join: node.join,
    });
    return step;
  });
  return compact<StepsDefinition>({ id: workflow.id, name: workflow.name, steps });
}
