/**
 * `validateWorkflow`: every problem of a definition, as data. `assertValidWorkflow`: the same, thrown.
 *
 * @module
 */
import { defaultConditionEvaluator } from './conditions.js';
import type { ConditionEvaluator } from './conditions.js';
import { WorkflowValidationError } from './errors.js';
import { buildCsr, findCycles, orderOf } from './graph.js';
import type { Csr } from './graph.js';
import { isNormalizedWorkflow, normalizeDefinition, sortSteps } from './normalize.js';
import { UNSAFE_SEGMENTS, collectReferences } from './references.js';
import { StringIndex } from './string-index.js';
import { stripNulls } from './strip-nulls.js';
import { JOIN_RULES } from './types.js';
import type { Workflow, WorkflowDefinition } from './types.js';

/** Fields every issue has. `path` locates it in the definition, e.g. `nodes[2].config.timeout`. */
interface IssueBase {
  message: string;
  path: string;
}

/** One problem of a definition: a discriminated union on `code`. */
export type ValidationIssue =
  | (IssueBase & { code: 'INVALID_SHAPE'; expected: string; received: string })
  | (IssueBase & { code: 'AMBIGUOUS_FORM' })
  | (IssueBase & { code: 'EMPTY_WORKFLOW' })
  | (IssueBase & {
      code: 'DUPLICATE_ID';
      kind: 'node' | 'connection';
      id: string;
      firstPath: string;
    })
  | (IssueBase & {
      code: 'DANGLING_EDGE';
      edgeId: string;
      end: 'source' | 'target';
      missing: string;
    })
  | (IssueBase & { code: 'CYCLE'; cycle: string[] })
  | (IssueBase & {
      code: 'BAD_CONDITION';
      condition: string;
      offset: number;
      nodeId?: string;
      edgeId?: string;
    })
  | (IssueBase & {
      code: 'BAD_REF';
      ref: string;
      nodeId: string;
      reason: 'malformed' | 'unknown_step' | 'not_upstream';
    })
  | (IssueBase & { code: 'UNSAFE_PATH'; ref: string; segment: string; nodeId: string })
  | (IssueBase & { code: 'BAD_RETRY'; field: string; value: unknown })
  | (IssueBase & { code: 'BAD_TIMEOUT'; value: unknown });

/** Every issue code. */
export type ValidationIssueCode = ValidationIssue['code'];

/** Options of {@link validateWorkflow} and {@link assertValidWorkflow}. */
export interface ValidateOptions {
  /** Compiles conditions; default `defaultConditionEvaluator`. */
  conditions?: ConditionEvaluator;
}

type Loose = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}
function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The path of `key` inside `path` (`''` is the definition itself). */
function member(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

class Collector {
  readonly issues: ValidationIssue[] = [];
  add(issue: ValidationIssue): void {
    this.issues.push(issue);
  }
  shape(path: string, expected: string, value: unknown): void {
    this.add({
      code: 'INVALID_SHAPE',
      path,
      expected,
      received: describe(value),
      message: `${path || 'definition'}: expected ${expected}, received ${describe(value)}`,
    });
  }
  optionalString(obj: Loose, key: string, path: string): void {
    const v = obj[key];
    if (v !== undefined && typeof v !== 'string') this.shape(member(path, key), 'a string', v);
  }
  optionalBoolean(obj: Loose, key: string, path: string): void {
    const v = obj[key];
    if (v !== undefined && typeof v !== 'boolean') this.shape(member(path, key), 'a boolean', v);
  }
  optionalObject(obj: Loose, key: string, path: string): void {
    const v = obj[key];
    if (v !== undefined && !isObject(v)) this.shape(member(path, key), 'an object', v);
  }
  optionalSchema(obj: Loose, key: string, path: string): void {
    const v = obj[key];
    if (v !== undefined && v !== null && !isObject(v) && typeof v !== 'boolean') {
      this.shape(member(path, key), 'a JSON Schema (object or boolean)', v);
    }
  }
  condition(obj: Loose, key: string, path: string): void {
    const v = obj[key];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      this.shape(member(path, key), 'a string or null', v);
    }
  }
  join(obj: Loose, key: string, path: string): void {
    const v = obj[key];
    if (v !== undefined && !(JOIN_RULES as readonly unknown[]).includes(v)) {
      this.shape(member(path, key), `one of ${JOIN_RULES.join(', ')}`, v);
    }
  }
  /** `seconds`: Atom's definition units (`timeout`), else milliseconds (`timeoutMs`). */
  timeout(value: unknown, path: string): void {
    if (value === undefined || value === null || value === 0) return;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      this.add({
        code: 'BAD_TIMEOUT',
        path,
        value,
        message: `${path}: expected a finite number > 0 (0 or null for none), received ${describe(value)}`,
      });
    }
  }
  retry(value: unknown, path: string, names: RetryNames): void {
    if (value === undefined || value === null) return;
    if (!isObject(value)) {
      this.add({
        code: 'BAD_RETRY',
        path,
        field: '',
        value,
        message: `${path}: expected an object, received ${describe(value)}`,
      });
      return;
    }
    const bad = (field: string, expected: string): void => {
      const v = value[field];
      this.add({
        code: 'BAD_RETRY',
        path: `${path}.${field}`,
        field,
        value: v,
        message: `${path}.${field}: expected ${expected}, received ${describe(v)}`,
      });
    };
    const attempts = value[names.attempts];
    if (
      attempts !== undefined &&
      !(Number.isInteger(attempts) && (attempts as number) >= 1 && (attempts as number) <= 100)
    ) {
      bad(names.attempts, 'an integer from 1 to 100');
    }
    for (const field of [names.initial, names.max]) {
      const v = value[field];
      if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
        bad(field, 'a finite number ≥ 0');
      }
    }
    const rate = value[names.rate];
    if (rate !== undefined && !(typeof rate === 'number' && Number.isFinite(rate) && rate >= 1)) {
      bad(names.rate, 'a finite number ≥ 1');
    }
    const jitter = value.jitter;
    if (jitter !== undefined && jitter !== 'none' && jitter !== 'full')
      bad('jitter', '"none" or "full"');
  }
}

/** True when `value` has no own enumerable key (no allocation, unlike `Object.keys`). */
function isEmpty(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** Deepest nesting of parameters accepted (resolution at run time recurses). */
const MAX_PARAMETER_DEPTH = 1000;

/** True when objects/arrays in `value` nest deeper than `limit` (iterative). */
function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const item of Object.values(current)) stack.push([item, depth + 1]);
  }
  return false;
}

/** Where node `i` and edge `e` of the normalised form are in the definition (built on demand). */
interface Paths {
  nodePath: (i: number) => string;
  edgePath: (e: number) => string;
}

function fromArrays(nodePaths: string[], edgePaths: string[], fallback: string): Paths {
  return {
    nodePath: (i) => nodePaths[i] ?? `nodes[${i}]`,
    edgePath: (e) => edgePaths[e] ?? `${fallback}[${e}]`,
  };
}

/**
 * Cheap check that a graph node has nothing the detailed checks would report: the common Atom node
 * (id, type, title, config with service, action and parameters) takes this path. Exported for its
 * tests only (not part of the package API).
 */
export function plainNode(node: unknown): boolean {
  if (!isObject(node) || typeof node.id !== 'string' || node.id === '') return false;
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue;
    const v = node[key];
    if (key === 'id' || key === 'position' || key === 'description') continue;
    if (key === 'type' || key === 'title') {
      if (typeof v !== 'string') return false;
    } else if (key === 'config') {
      if (!isObject(v)) return false;
      for (const ck in v) {
        if (!Object.hasOwn(v, ck)) continue;
        const cv = v[ck];
        if (ck === 'service' || ck === 'action') {
          if (typeof cv !== 'string') return false;
        } else if (ck !== 'parameters' || !isObject(cv)) return false;
      }
    } else return false;
  }
  return true;
}

/** Cheap check that a connection has nothing the detailed checks would report (tests only). */
export function plainConnection(conn: unknown): boolean {
  return (
    isObject(conn) &&
    typeof conn.source === 'string' &&
    typeof conn.target === 'string' &&
    (conn.id === undefined || typeof conn.id === 'string') &&
    (conn.condition === undefined || conn.condition === null || typeof conn.condition === 'string')
  );
}

interface RetryNames {
  attempts: string;
  initial: string;
  max: string;
  rate: string;
}
const ATOM_RETRY: RetryNames = {
  attempts: 'max_attempts',
  initial: 'initial_delay_seconds',
  max: 'max_delay_seconds',
  rate: 'backoff_rate',
};
const POLICY_RETRY: RetryNames = {
  attempts: 'maxAttempts',
  initial: 'initialDelayMs',
  max: 'maxDelayMs',
  rate: 'backoffRate',
};

/** Shape checks of the graph form; returns the path of each node and edge of the normalised form. */
function checkGraph(raw: Loose, c: Collector): Paths {
  if (typeof raw.id !== 'string' && typeof raw.workflow_id !== 'string') {
    c.shape('id', 'a string id (or workflow_id)', raw.id ?? raw.workflow_id);
  }
  c.optionalString(raw, 'name', '');
  c.optionalString(raw, 'created_by', '');
  const nodes = Array.isArray(raw.nodes) ? raw.nodes : [];
  if (!Array.isArray(raw.nodes)) c.shape('nodes', 'an array of nodes', raw.nodes);
  if (raw.connections !== undefined && !Array.isArray(raw.connections)) {
    c.shape('connections', 'an array of connections', raw.connections);
  }
  const connections = Array.isArray(raw.connections) ? raw.connections : [];
  nodes.forEach((node, i) => {
    if (plainNode(node)) return;
    const path = `nodes[${i}]`;
    if (!isObject(node)) {
      c.shape(path, 'a node object', node);
      return;
    }
    if (typeof node.id !== 'string' || node.id === '')
      c.shape(`${path}.id`, 'a non-empty string', node.id);
    c.optionalString(node, 'type', path);
    c.optionalString(node, 'title', path);
    c.optionalObject(node, 'config', path);
    if (isObject(node.config)) {
      const cp = `${path}.config`;
      const config = node.config;
      for (const key of ['service', 'action', 'connectionId', 'fallback_service'])
        c.optionalString(config, key, cp);
      c.optionalObject(config, 'parameters', cp);
      c.optionalBoolean(config, 'continue_on_error', cp);
      c.optionalSchema(config, 'input_schema', cp);
      c.optionalSchema(config, 'output_schema', cp);
      c.join(config, 'join', cp);
      c.timeout(config.timeout, `${cp}.timeout`);
      c.retry(config.retry, `${cp}.retry`, ATOM_RETRY);
    }
  });
  connections.forEach((conn, i) => {
    if (plainConnection(conn)) return;
    const path = `connections[${i}]`;
    if (!isObject(conn)) {
      c.shape(path, 'a connection object', conn);
      return;
    }
    c.optionalString(conn, 'id', path);
    if (typeof conn.source !== 'string') c.shape(`${path}.source`, 'a node id', conn.source);
    if (typeof conn.target !== 'string') c.shape(`${path}.target`, 'a node id', conn.target);
    c.condition(conn, 'condition', path);
  });
  return { nodePath: (i) => `nodes[${i}]`, edgePath: (e) => `connections[${e}]` };
}

/** Shape checks of the linear form, with the paths of the normalised nodes and edges. */
function checkSteps(raw: Loose, c: Collector): Paths {
  if (typeof raw.id !== 'string') c.shape('id', 'a string id', raw.id);
  c.optionalString(raw, 'name', '');
  const steps = raw.steps as unknown[];
  const nodePaths: string[] = [];
  const edgePaths: string[] = [];
  sortSteps(steps).forEach(({ position }, index) => {
    const path = `steps[${position}]`;
    nodePaths.push(path);
    const step = steps[position];
    if (!isObject(step)) {
      c.shape(path, 'a step object', step);
      if (index > 0) edgePaths.push(path);
      return;
    }
    if (typeof step.id !== 'string' || step.id === '')
      c.shape(`${path}.id`, 'a non-empty string', step.id);
    for (const key of ['name', 'type', 'service', 'action', 'connection_id', 'fallback_service']) {
      c.optionalString(step, key, path);
    }
    const order = step.sequence_order;
    if (order !== undefined && !(typeof order === 'number' && Number.isFinite(order))) {
      c.shape(`${path}.sequence_order`, 'a finite number', order);
    }
    c.optionalObject(step, 'parameters', path);
    c.optionalBoolean(step, 'continue_on_error', path);
    c.optionalSchema(step, 'input_schema', path);
    c.optionalSchema(step, 'output_schema', path);
    c.condition(step, 'condition', path);
    c.join(step, 'join', path);
    c.timeout(step.timeout, `${path}.timeout`);
    c.retry(step.retry, `${path}.retry`, ATOM_RETRY);
    const deps = step.depends_on;
    if (deps === undefined || deps === null) {
      if (index > 0) edgePaths.push(path);
      return;
    }
    if (!Array.isArray(deps)) {
      c.shape(`${path}.depends_on`, 'an array of step ids or { id, condition }', deps);
      return;
    }
    deps.forEach((entry, k) => {
      const ep = `${path}.depends_on[${k}]`;
      edgePaths.push(ep);
      if (typeof entry === 'string') return;
      if (!isObject(entry) || typeof entry.id !== 'string') {
        c.shape(ep, 'a step id or { id, condition }', entry);
        return;
      }
      c.condition(entry, 'condition', ep);
    });
  });
  return fromArrays(nodePaths, edgePaths, 'edges');
}

/**
 * Shape checks of an already normalised workflow (one read back from storage, say). Returns
 * `undefined` when a node or edge is too broken to build the graph from (not an object, or an id,
 * end, parameters or condition of the wrong type): the shape issues are then all there is to say.
 */
function checkNormalized(workflow: Workflow, c: Collector): Paths | undefined {
  let analysable = true;
  if (typeof workflow.id !== 'string') c.shape('id', 'a string id', workflow.id);
  const nodePaths = workflow.nodes.map((item, i) => {
    const path = `nodes[${i}]`;
    const node: unknown = item;
    if (!isObject(node)) {
      c.shape(path, 'a node object', node);
      analysable = false;
      return path;
    }
    if (typeof node.id !== 'string' || node.id === '') {
      c.shape(`${path}.id`, 'a non-empty string', node.id);
      if (typeof node.id !== 'string') analysable = false;
    }
    if (!isObject(node.parameters)) {
      c.shape(`${path}.parameters`, 'an object', node.parameters);
      analysable = false;
    }
    if (node.condition !== undefined && typeof node.condition !== 'string') {
      c.shape(`${path}.condition`, 'a string', node.condition);
      analysable = false;
    }
    c.optionalString(node, 'type', path);
    c.optionalBoolean(node, 'continueOnError', path);
    c.timeout(node.timeoutMs, `${path}.timeoutMs`);
    c.retry(node.retry, `${path}.retry`, POLICY_RETRY);
    c.join(node, 'join', path);
    return path;
  });
  workflow.edges.forEach((item, e) => {
    const path = `edges[${e}]`;
    const edge: unknown = item;
    if (!isObject(edge)) {
      c.shape(path, 'an edge object', edge);
      analysable = false;
      return;
    }
    for (const key of ['id', 'source', 'target']) {
      if (typeof edge[key] !== 'string') {
        c.shape(`${path}.${key}`, 'a string', edge[key]);
        analysable = false;
      }
    }
    if (edge.condition !== undefined && typeof edge.condition !== 'string') {
      c.shape(`${path}.condition`, 'a string', edge.condition);
      analysable = false;
    }
  });
  return analysable ? fromArrays(nodePaths, [], 'edges') : undefined;
}

/** Reverse adjacency, built only when some reference needs an ancestor check. */
function predecessors(csr: Csr): { offsets: Int32Array; sources: Int32Array } {
  const offsets = new Int32Array(csr.n + 1);
  for (let v = 0; v < csr.n; v++)
    offsets[v + 1] = (offsets[v] as number) + (csr.inDegree[v] as number);
  const fill = offsets.slice(0, csr.n);
  const sources = new Int32Array(csr.targets.length);
  for (let v = 0; v < csr.n; v++) {
    for (let k = csr.offsets[v] as number; k < (csr.offsets[v + 1] as number); k++) {
      const t = csr.targets[k] as number;
      sources[fill[t] as number] = v;
      fill[t] = (fill[t] as number) + 1;
    }
  }
  return { offsets, sources };
}

/**
 * Every problem of `def`, in a stable order: shape problems, ids, edges, conditions, references, then
 * cycles (one issue per cyclic strongly connected component, as a closed path starting at its
 * earliest-declared node). An empty array means the definition is valid. Never throws, never mutates
 * `def`. Accepts either Atom form or a normalised `Workflow`.
 */
export function validateWorkflow(def: unknown, options: ValidateOptions = {}): ValidationIssue[] {
  return validate(def, options).issues;
}

function validate(
  def: unknown,
  options: ValidateOptions,
): { issues: ValidationIssue[]; workflow?: Workflow } {
  def = stripNulls(def); // Atom's API writes absent optional fields as null (issue 10)
  const c = new Collector();
  const evaluator = options.conditions ?? defaultConditionEvaluator;
  if (!isObject(def)) {
    c.shape('', 'a workflow definition object', def);
    return { issues: c.issues };
  }
  const hasNodes = def.nodes !== undefined;
  const hasSteps = def.steps !== undefined;
  if (hasNodes && hasSteps && !isNormalizedWorkflow(def)) {
    c.add({
      code: 'AMBIGUOUS_FORM',
      path: '',
      message: 'A definition has either nodes (graph form) or steps (linear form), not both',
    });
    return { issues: c.issues };
  }
  if (!hasNodes && !hasSteps) {
    c.shape('', 'nodes and connections (graph form) or steps (linear form)', def);
    return { issues: c.issues };
  }
  let paths: Paths;
  if (isNormalizedWorkflow(def)) {
    const checked = checkNormalized(def, c);
    if (checked === undefined) return { issues: c.issues };
    paths = checked;
  } else if (hasSteps) {
    if (!Array.isArray(def.steps)) {
      c.shape('steps', 'an array of steps', def.steps);
      return { issues: c.issues };
    }
    paths = checkSteps(def, c);
  } else paths = checkGraph(def, c);
  const workflow = normalizeDefinition(def as unknown as WorkflowDefinition);
  if (workflow.nodes.length === 0) {
    c.add({
      code: 'EMPTY_WORKFLOW',
      path: workflow.form === 'steps' ? 'steps' : 'nodes',
      message: 'The workflow has no nodes',
    });
  }
  const { nodePath, edgePath } = paths;

  // Duplicate ids (the adjacency maps each id to its first node; no lookups when every id is new).
  const csr = buildCsr(workflow);
  const nodes = workflow.nodes;
  let named = 0;
  for (let i = 0; i < nodes.length; i++) if ((nodes[i] as { id: string }).id !== '') named++;
  for (let i = 0; i < nodes.length && csr.ids.size < named; i++) {
    const node = nodes[i] as (typeof nodes)[number];
    const first = csr.ids.get(node.id);
    if (first < 0 || first === i) continue;
    c.add({
      code: 'DUPLICATE_ID',
      kind: 'node',
      id: node.id,
      path: nodePath(i),
      firstPath: nodePath(first),
      message: `Node id "${node.id}" at ${nodePath(i)} is already used by ${nodePath(first)}`,
    });
  }
  if (workflow.form === 'graph') {
    const firstEdge = new StringIndex(workflow.edges.length);
    workflow.edges.forEach((edge, e) => {
      const first = firstEdge.setIfAbsent(edge.id, e);
      if (first >= 0) {
        c.add({
          code: 'DUPLICATE_ID',
          kind: 'connection',
          id: edge.id,
          path: edgePath(e),
          firstPath: edgePath(first),
          message: `Connection id "${edge.id}" at ${edgePath(e)} is already used by ${edgePath(first)}`,
        });
      }
    });
  }

  // Dangling edges.
  const edges = workflow.edges;
  for (let e = 0; e < edges.length; e++) {
    if ((csr.edgeSource[e] as number) >= 0 && (csr.edgeTarget[e] as number) >= 0) continue;
    const edge = edges[e] as (typeof edges)[number];
    for (const end of ['source', 'target'] as const) {
      if ((end === 'source' ? csr.edgeSource[e] : csr.edgeTarget[e]) !== -1) continue;
      const id = edge[end];
      c.add({
        code: 'DANGLING_EDGE',
        edgeId: edge.id,
        end,
        missing: id,
        path: edgePath(e),
        message: `Edge ${edge.id} at ${edgePath(e)}: its ${end} "${id}" is not a node`,
      });
    }
  }

  // Conditions, and the references they and the parameters hold.
  type RefCheck = {
    node: number;
    from: number;
    text: string;
    source: string;
    path: string[];
    where: string;
    nodeId: string;
  };
  const refChecks: RefCheck[] = [];
  const checkCondition = (
    source: string,
    where: string,
    ids: { nodeId?: string; edgeId?: string },
    node: number,
    from: number,
    nodeId: string,
  ): void => {
    const compiled = evaluator.compile(source);
    if (!compiled.ok) {
      c.add({
        code: 'BAD_CONDITION',
        condition: source,
        offset: compiled.offset,
        path: where,
        ...ids,
        message: `${where}: ${compiled.message} (at offset ${compiled.offset})`,
      });
    }
    for (const ref of collectReferences(source))
      refChecks.push({ node, from, where, nodeId, ...ref });
  };
  workflow.nodes.forEach((node, i) => {
    if (node.condition !== undefined) {
      checkCondition(
        node.condition,
        `${nodePath(i)}.condition`,
        { nodeId: node.id },
        i,
        i,
        node.id,
      );
    }
    if (isEmpty(node.parameters)) return;
    if (deeperThan(node.parameters, MAX_PARAMETER_DEPTH)) {
      const where = `${nodePath(i)}${workflow.form === 'graph' ? '.config' : ''}.parameters`;
      c.shape(
        where,
        `parameters nested at most ${MAX_PARAMETER_DEPTH} levels deep`,
        node.parameters,
      );
      return;
    }
    const refs = collectReferences(node.parameters);
    if (refs.length === 0) return;
    const where = `${nodePath(i)}${workflow.form === 'graph' ? '.config' : ''}.parameters`;
    for (const ref of refs) refChecks.push({ node: i, from: i, where, nodeId: node.id, ...ref });
  });
  workflow.edges.forEach((edge, e) => {
    if (edge.condition === undefined) return;
    const target = csr.edgeTarget[e] as number;
    const source = csr.edgeSource[e] as number;
    // An edge condition runs once its source is terminal: it may read the source and its ancestors.
    checkCondition(
      edge.condition,
      `${edgePath(e)}.condition`,
      { edgeId: edge.id },
      target,
      source,
      edge.target,
    );
  });
  if (refChecks.length > 0) {
    const preds = predecessors(csr);
    const mark = new Int32Array(csr.n);
    let stamp = 0;
    let markedFor = -2;
    const stack: number[] = [];
    for (const ref of refChecks) {
      const segments = [ref.source, ...ref.path];
      if (ref.source === '') {
        c.add({
          code: 'BAD_REF',
          ref: ref.text,
          nodeId: ref.nodeId,
          reason: 'malformed',
          path: ref.where,
          message: `${ref.where}: malformed reference ${ref.text}`,
        });
        continue;
      }
      const unsafe = segments.find((s) => UNSAFE_SEGMENTS.has(s));
      if (unsafe !== undefined) {
        c.add({
          code: 'UNSAFE_PATH',
          ref: ref.text,
          segment: unsafe,
          nodeId: ref.nodeId,
          path: ref.where,
          message: `${ref.where}: reference ${ref.text} uses the refused segment "${unsafe}"`,
        });
        continue;
      }
      if (ref.source === 'input') continue;
      const target = csr.ids.get(ref.source);
      if (target < 0) {
        c.add({
          code: 'BAD_REF',
          ref: ref.text,
          nodeId: ref.nodeId,
          reason: 'unknown_step',
          path: ref.where,
          message: `${ref.where}: reference ${ref.text} names no step ("${ref.source}")`,
        });
        continue;
      }
      if (ref.from < 0) continue; // the edge's own source is dangling: reported above
      if (markedFor !== ref.from) {
        // Mark the ancestors of `from` (not `from` itself: whether it may be read depends on the
        // reader, so the marks can be shared by parameters and edge conditions).
        markedFor = ref.from;
        stamp++;
        stack.length = 0;
        stack.push(ref.from);
        while (stack.length > 0) {
          const v = stack.pop() as number;
          for (let k = preds.offsets[v] as number; k < (preds.offsets[v + 1] as number); k++) {
            const u = preds.sources[k] as number;
            if (mark[u] === stamp) continue;
            mark[u] = stamp;
            stack.push(u);
          }
        }
      }
      // An edge condition (from = the edge source ≠ node) may read its source; a step may not read itself.
      const upstream = target === ref.from ? ref.from !== ref.node : mark[target] === stamp;
      if (!upstream) {
        c.add({
          code: 'BAD_REF',
          ref: ref.text,
          nodeId: ref.nodeId,
          reason: 'not_upstream',
          path: ref.where,
          message: `${ref.where}: reference ${ref.text} reads step "${ref.source}", which does not run before "${ref.nodeId}"`,
        });
      }
    }
  }

  // Cycles.
  const order = orderOf(csr);
  for (const cycle of findCycles(csr, order)) {
    const ids = cycle.map((i) => (workflow.nodes[i] as { id: string }).id);
    c.add({
      code: 'CYCLE',
      cycle: ids,
      path: nodePath(cycle[0] as number),
      message: `Cycle: ${ids.join(' → ')}`,
    });
  }
  return { issues: c.issues, workflow };
}

/**
 * Validates `def` and returns its normalised {@link Workflow}.
 *
 * @throws WorkflowValidationError carrying every issue when there is at least one.
 */
export function assertValidWorkflow(def: unknown, options: ValidateOptions = {}): Workflow {
  const { issues, workflow } = validate(def, options);
  if (issues.length > 0 || workflow === undefined) throw new WorkflowValidationError(issues);
  return workflow;
}
