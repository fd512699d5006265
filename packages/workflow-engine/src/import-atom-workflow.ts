/**
 * `importAtomWorkflow`: takes a workflow definition as Atom stores or passes it (any of its
 * dialects) and returns it in the engine's own form, with a warning for everything mapped
 * approximately or left out.
 *
 * @module
 */
import type { ConditionEvaluator } from './conditions.js';
import { AtomImportError } from './errors.js';
import { importGraph } from './import/graph-dialect.js';
import type { Imported } from './import/graph-dialect.js';
import { ImportContext, isObject, joinPath, present } from './import/import-context.js';
import type { AtomImportIssue, AtomImportWarning, Loose } from './import/import-context.js';
import { importLinear } from './import/linear-dialect.js';
import { importOrchestrator } from './import/orchestrator-dialect.js';
import { isNormalizedWorkflow } from './normalize.js';
import { stripNulls } from './strip-nulls.js';
import type { WorkflowDefinition } from './types.js';
import { validateWorkflow } from './validate-workflow.js';
import type { ValidationIssue } from './validate-workflow.js';

/** Which of Atom's dialects a definition was read as. */
export type AtomDialect = 'graph' | 'ui' | 'linear' | 'orchestrator';

/** Result of {@link importAtomWorkflow}. */
export interface AtomImportResult {
  /** The definition in the engine's own form (graph or linear), ready for `engine.start`. */
  workflow: WorkflowDefinition;
  /** One warning per field mapped approximately or left out, with its JSON path in the input. */
  warnings: AtomImportWarning[];
  /** The dialect the input was read as. */
  dialect: AtomDialect;
}

/** Options of {@link importAtomWorkflow}. */
export interface AtomImportOptions {
  /** Compiles conditions while validating; default `defaultConditionEvaluator`. */
  conditions?: ConditionEvaluator;
}

const WRAPPER_KEYS = ['id', 'workflow_id', 'name', 'created_by'] as const;
const UI_NODE_KEYS = ['label', 'data'];

function fixFor(issue: ValidationIssue): string {
  switch (issue.code) {
    case 'INVALID_SHAPE':
      return `give ${issue.expected}`;
    case 'EMPTY_WORKFLOW':
      return 'add at least one node (graph form) or step (linear form)';
    case 'DUPLICATE_ID':
      return `give every ${issue.kind} a distinct id`;
    case 'DANGLING_EDGE':
      return `name an existing step as the ${issue.end}, or add a step "${issue.missing}"`;
    case 'CYCLE':
      return 'remove one link of the cycle: the engine runs acyclic workflows';
    case 'BAD_CONDITION':
      return 'write the condition as an expression over ${input.key} or ${stepId.key}, e.g. ${check.status} == "approved"';
    case 'BAD_REF':
      if (issue.reason === 'unknown_step') {
        return `"${issue.ref}" starts with neither input nor a step id: write \${input.…} or \${<step id>.…}`;
      }
      return issue.reason === 'malformed'
        ? 'write references as ${input.key} or ${stepId.key}'
        : 'read a step that runs before this one, or connect it before this one';
    case 'UNSAFE_PATH':
      return `rename the key "${issue.segment}"`;
    case 'BAD_RETRY':
      return 'max_attempts an integer from 1 to 100, delays ≥ 0, backoff_rate ≥ 1, jitter none or full';
    case 'BAD_TIMEOUT':
      return 'give the timeout in seconds (> 0), or 0 / null for none';
    default:
      return 'see the message';
  }
}

/** A validation issue of the mapped definition, located in the input. */
function locate(
  issue: ValidationIssue,
  imported: Imported<WorkflowDefinition>,
  base: string,
): AtomImportIssue {
  const m = /^(nodes|steps|connections)\[(\d+)\](.*)$/.exec(issue.path);
  let path = joinPath(base, issue.path);
  if (m !== null) {
    const i = Number(m[2]);
    const origin = m[1] === 'connections' ? imported.edgeOrigins[i] : imported.nodeOrigins[i];
    if (origin !== undefined) path = m[1] === 'connections' ? origin : `${origin}${m[3] as string}`;
  } else if (issue.path === '') path = base;
  const fix = fixFor(issue);
  // The message names the mapped definition's path; the input's path replaces it.
  const own = `${issue.path || 'definition'}: `;
  const text = issue.message.startsWith(own) ? issue.message.slice(own.length) : issue.message;
  return {
    code: issue.code,
    path,
    message: `${path || 'definition'}: ${text}. Fix: ${fix}`,
    fix,
  };
}

function isUi(src: Loose, wrapped: boolean): boolean {
  if (wrapped || present(src.edges)) return true;
  return (src.nodes as unknown[]).some(
    (n) =>
      isObject(n) &&
      (UI_NODE_KEYS.some((k) => present(n[k])) ||
        n.type === 'condition' ||
        (isObject(n.config) && present(n.config.integration))),
  );
}

function isOrchestrator(src: Loose): boolean {
  if (present(src.start_step)) return true;
  return (src.steps as unknown[]).some(
    (s) =>
      isObject(s) &&
      (present(s.next_steps) || present(s.parallel_steps) || s.step_type === 'conditional_logic'),
  );
}

/** Reads `src` in its dialect, or reports why it cannot (`undefined`). */
function readDialect(
  src: Loose,
  base: string,
  wrapped: boolean,
  ctx: ImportContext,
): { imported: Imported<WorkflowDefinition>; dialect: AtomDialect } | undefined {
  if (Array.isArray(src.nodes)) {
    return { imported: importGraph(src, base, ctx), dialect: isUi(src, wrapped) ? 'ui' : 'graph' };
  }
  if (Array.isArray(src.steps)) {
    return isOrchestrator(src)
      ? { imported: importOrchestrator(src, base, ctx), dialect: 'orchestrator' }
      : { imported: importLinear(src, base, ctx), dialect: 'linear' };
  }
  if (present(src.nodes) || present(src.steps)) {
    const key = present(src.nodes) ? 'nodes' : 'steps';
    ctx.fail(
      'INVALID_SHAPE',
      joinPath(base, key),
      `expected a list of ${key}`,
      `give ${key} as a JSON array`,
    );
  } else {
    ctx.fail(
      'NO_STEPS',
      base,
      'a definition with neither nodes nor steps (an id-only stub) has nothing to run',
      'add "nodes" and "connections" (graph form) or "steps" (linear form)',
    );
  }
  return undefined;
}

/**
 * Imports a workflow definition in any of Atom's dialects: the engine's graph and linear forms, the
 * shapes Atom's API stores and passes (`steps: null`, `nodes` with derived `steps`, null-valued
 * fields), the linear form as Atom writes it (`workflow_id`, `step_id`, parameter specs, …), the
 * orchestrator dialect (`start_step`, `next_steps`, `parallel_steps`, `conditional_logic`) and the
 * UI / marketplace dialect (`workflow_data`, `edges`, condition nodes, yes/no branches).
 * Never mutates `value`.
 *
 * @throws AtomImportError listing every issue (with its input path and what to fix) when the
 * definition cannot run: an `id`-only stub, a reference to an unknown root, a prose condition, …
 */
export function importAtomWorkflow(
  value: unknown,
  options: AtomImportOptions = {},
): AtomImportResult {
  const ctx = new ImportContext();
  if (!isObject(value) || isNormalizedWorkflow(value)) {
    ctx.fail(
      'NOT_AN_OBJECT',
      '',
      isObject(value) ? 'already a normalised Workflow' : 'expected a workflow definition object',
      isObject(value)
        ? 'pass it to engine.start as it is'
        : 'pass the parsed JSON object of the workflow',
    );
    throw new AtomImportError(ctx.issues);
  }
  const outer = stripNulls(value) as Loose;
  const wrapped = isObject(outer.workflow_data);
  const base = wrapped ? 'workflow_data' : '';
  let src = outer;
  if (wrapped) {
    src = { ...(stripNulls(outer.workflow_data) as Loose) };
    const consumed = new Set(['workflow_data']);
    for (const key of WRAPPER_KEYS) {
      if (!present(outer[key])) continue;
      consumed.add(key);
      if (present(src[key])) ctx.warn('FIELD_DROPPED', key, `workflow_data.${key} is given too`);
      else src[key] = outer[key];
    }
    ctx.dropRest(outer, consumed, '', 'template metadata; the engine does not read it');
  }
  const read = readDialect(src, base, wrapped, ctx);
  // Without a definition to validate there is an issue already (NO_STEPS, INVALID_SHAPE).
  if (read === undefined) throw new AtomImportError(ctx.issues);
  const { imported, dialect } = read;
  const issues = [...ctx.issues];
  const validation = validateWorkflow(
    imported.def,
    options.conditions === undefined ? {} : { conditions: options.conditions },
  );
  // The importer's own issues and validation's never share a place: a value the importer refuses
  // is left out of the mapped definition.
  for (const issue of validation) issues.push(locate(issue, imported, base));
  if (issues.length > 0) throw new AtomImportError(issues);
  return { workflow: imported.def, warnings: ctx.warnings, dialect };
}
