/**
 * The linear dialect: the engine's own linear form and the one Atom's workflow generator and
 * templates write (`workflow_id`, `step_id`, `step_type`, parameters as a list of parameter specs,
 * workflow-level `inputs` / `input_schema`, `retry_config` / `retry_policy`, `timeout_seconds`,
 * `agent_fallback_id`).
 *
 * @module
 */
import type { StepDef, StepsDefinition } from '../types.js';
import { copy, isObject, joinPath, present } from './import-context.js';
import type { ImportContext, Loose } from './import-context.js';
import type { Imported } from './graph-dialect.js';
import { SHARED_STEP_KEYS, fallbackOf, retryOf, timeoutOf } from './step-fields.js';

const TOP_KEYS = new Set(['id', 'workflow_id', 'name', 'steps']);
const STEP_KEYS = new Set([
  'id',
  'step_id',
  'name',
  'sequence_order',
  'type',
  'step_type',
  'service',
  'action',
  'parameters',
  'condition',
  'depends_on',
  'continue_on_error',
  'connection_id',
  'input_schema',
  'output_schema',
  'join',
  ...SHARED_STEP_KEYS,
]);

/** Parameters given as a list of specs (`name`, `default_value`, `is_optional`, …) → an object. */
function parametersFromSpecs(
  specs: unknown[],
  path: string,
  ctx: ImportContext,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  specs.forEach((spec, k) => {
    const where = joinPath(path, k);
    if (!isObject(spec) || typeof spec.name !== 'string' || spec.name === '') {
      ctx.fail(
        'BAD_PARAMETER',
        where,
        'a parameter spec needs a "name"',
        'give each entry a name, e.g. { "name": "channel", "default_value": "#ops" }',
      );
      return;
    }
    const name = spec.name;
    if (present(spec.value)) {
      out[name] = copy(spec.value);
    } else if (present(spec.default_value)) {
      out[name] = copy(spec.default_value);
      ctx.warn(
        'PARAMETER_SPEC_MAPPED',
        joinPath(where, 'default_value'),
        `parameters.${name} is its default_value; to take it from the run write "\${input.${name}}"`,
      );
    } else if (spec.is_optional === true) {
      ctx.warn(
        'PARAMETER_SPEC_MAPPED',
        where,
        `optional parameter "${name}" without a default: left out`,
      );
    } else {
      out[name] = `\${input.${name}}`;
      ctx.warn(
        'PARAMETER_SPEC_MAPPED',
        where,
        `parameters.${name} reads \${input.${name}} (the run pauses for it when the input lacks it)`,
      );
    }
    ctx.dropRest(
      spec,
      new Set(['name', 'value', 'default_value', 'is_optional']),
      where,
      'a form hint (type, label, show_when, …); the engine does not read it',
    );
  });
  return out;
}

function stepOf(step: Loose, path: string, ctx: ImportContext): StepDef {
  const out: Record<string, unknown> = { id: step.id ?? step.step_id };
  if (present(step.id) && present(step.step_id) && step.id !== step.step_id) {
    ctx.warn('FIELD_DROPPED', joinPath(path, 'step_id'), 'id is given too');
  }
  for (const key of ['name', 'sequence_order', 'type'] as const) {
    if (present(step[key])) out[key] = step[key];
  }
  if (present(step.service)) {
    out.service = step.service;
    if (present(step.step_type)) {
      ctx.warn('FIELD_DROPPED', joinPath(path, 'step_type'), 'service is given too');
    }
  } else if (present(step.step_type)) {
    out.service = step.step_type;
    ctx.warn(
      'SERVICE_FROM_STEP_TYPE',
      joinPath(path, 'step_type'),
      `no service: the executor registered as "${String(step.step_type)}" runs this step`,
    );
  }
  if (present(step.action)) out.action = step.action;
  const parameters = step.parameters;
  if (Array.isArray(parameters)) {
    out.parameters = parametersFromSpecs(parameters, joinPath(path, 'parameters'), ctx);
  } else if (present(parameters)) out.parameters = copy(parameters);
  if (present(step.condition)) out.condition = step.condition;
  if (Array.isArray(step.depends_on)) {
    out.depends_on = step.depends_on.map((entry: unknown, k) => {
      if (!isObject(entry)) return entry;
      const where = joinPath(joinPath(path, 'depends_on'), k);
      ctx.dropRest(entry, new Set(['id', 'step_id', 'condition']), where);
      const dep: Record<string, unknown> = { id: entry.id ?? entry.step_id };
      if (present(entry.condition)) dep.condition = entry.condition;
      return dep;
    });
  } else if (present(step.depends_on)) out.depends_on = step.depends_on;
  if (present(step.continue_on_error)) out.continue_on_error = step.continue_on_error;
  const timeout = timeoutOf(step, path, ctx);
  if (timeout !== undefined) out.timeout = timeout;
  const fallback = fallbackOf(step, path, ctx);
  if (fallback !== undefined) out.fallback_service = fallback;
  for (const key of ['connection_id', 'input_schema', 'output_schema', 'join'] as const) {
    if (present(step[key])) out[key] = copy(step[key]);
  }
  const retry = retryOf(step, path, ctx);
  if (retry !== undefined) out.retry = retry;
  ctx.dropRest(step, STEP_KEYS, path);
  return out as unknown as StepDef;
}

/** Imports a linear-dialect definition (`src` at `base` in the input). */
export function importLinear(
  src: Loose,
  base: string,
  ctx: ImportContext,
): Imported<StepsDefinition> {
  const stepsPath = joinPath(base, 'steps');
  const steps = (src.steps as unknown[]).map((item, i) =>
    isObject(item) ? stepOf(item, joinPath(stepsPath, i), ctx) : (item as StepDef),
  );
  const def: Record<string, unknown> = { id: src.id ?? src.workflow_id };
  if (present(src.id) && present(src.workflow_id) && src.id !== src.workflow_id) {
    ctx.warn('FIELD_DROPPED', joinPath(base, 'workflow_id'), 'id is given too');
  }
  if (present(src.name)) def.name = src.name;
  def.steps = steps;
  for (const key of ['inputs', 'input_schema']) {
    if (!present(src[key])) continue;
    ctx.warn(
      'FIELD_DROPPED',
      joinPath(base, key),
      'workflow inputs are not declared to the engine: pass them as the execution input, engine.start(def, { input })',
    );
  }
  ctx.dropRest(src, new Set([...TOP_KEYS, 'inputs', 'input_schema']), base);
  return {
    def: def as unknown as StepsDefinition,
    nodeOrigins: steps.map((_, i) => joinPath(stepsPath, i)),
    edgeOrigins: [],
  };
}
