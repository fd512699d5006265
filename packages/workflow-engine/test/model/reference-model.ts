/**
 * The reference model: the engine's documented semantics (spec §3–§8, package README) as a pure,
 * sequential function with no timers and no scheduler. Steps are decided in topological order
 * (the generator only makes edges `n<i> → n<j>` with i < j); each decision depends only on the
 * step's own script and the decisions of its ancestors, which is why the answer does not depend on
 * the order the engine runs things in, nor on `maxConcurrency`.
 *
 * The model answers what each step ends as *when nothing interrupts the run* (its "natural" fate).
 * An interrupt — a non-tolerated failure, a cancel, a deadline — ends the execution early; which
 * steps had finished by then depends on timing, so the checker then accepts, for each step, either
 * its natural fate or the status the interrupt gives it (see `check.ts`).
 */
import type { SkipReason } from '../../src/events.js';
import type { ExecutionStatus, StepStatus } from '../../src/statuses.js';
import type { ConditionSpec, Scenario, StepSpec } from './scenario.js';
import { callScript, callValue } from './scenario.js';

/** A step's state in a stored snapshot, as far as the model reads it. */
export interface ModelStepState {
  status: StepStatus;
  /** Attempt number of the current service (0 before any). */
  attempt: number;
  /** Attempts finished so far (primary and fallback). */
  attempts: number;
  /** On the fallback service. */
  fallback: boolean;
  output?: unknown;
  skipReason?: SkipReason;
  missing?: string[];
}

/** What the model predicts for one step at the end of a phase. */
export interface ModelStep {
  status: StepStatus;
  output?: unknown;
  skipReason?: SkipReason;
  /** Sorted missing paths of a PAUSED step. */
  missing?: string[];
  /** Executor calls made in this phase: [primary, fallback]. */
  calls: [number, number];
}

/** The model's prediction for one phase (start, resume or recover, up to the next settle). */
export interface ModelResult {
  steps: Record<string, ModelStep>;
  /** The natural execution status: COMPLETED, PARTIAL, PAUSED, or FAILED (non-tolerated failure). */
  status: ExecutionStatus;
  missingInputs: string[];
  /** Steps whose natural fate is a non-tolerated failure (each may be the one that fails the run). */
  fatalSteps: string[];
}

/**
 * What recovery does with a step found RUNNING: the interrupted attempt counts as a failed,
 * retryable attempt (`attempts` + 1); the next attempt runs only if the policy allows one, after
 * which the fallback service takes over as after any last failed attempt, else the step FAILS.
 */
export const INTERRUPTED_GOES_TO_FALLBACK = true;

type Outcome = { ok: true; output: unknown } | { ok: false; retryable: boolean };

const TERMINAL = new Set<StepStatus>(['COMPLETED', 'FAILED', 'SKIPPED', 'CANCELLED']);

/** Evaluates a condition: `undefined` for a runtime error (counted as false by the engine). */
function evaluate(
  c: ConditionSpec,
  input: Record<string, unknown>,
  outputs: Map<string, unknown>,
): boolean | undefined {
  switch (c.kind) {
    case 'go':
      return input.go === true;
    case 'notGo':
      return input.go !== true;
    case 'true':
      return true;
    case 'false':
      return false;
    default: {
      const out = outputs.get(c.src as string);
      if (c.kind === 'error') return undefined;
      if (out === undefined || out === null || typeof out !== 'object') return undefined;
      const value = (out as { value?: unknown }).value;
      if (typeof value !== 'number') return undefined;
      return c.kind === 'gt' ? value > 50 : value <= 50;
    }
  }
}

/** The resolved parameters, or the sorted missing paths. */
function resolve(
  step: StepSpec,
  input: Record<string, unknown>,
  outputs: Map<string, unknown>,
): { params: Record<string, unknown>; missing: string[] } {
  const params: Record<string, unknown> = {};
  const missing = new Set<string>();
  for (const p of step.params) {
    if (p.kind === 'input') {
      if (Object.hasOwn(input, p.ref)) params[p.name] = input[p.ref];
      else missing.add(`input.${p.ref}`);
      continue;
    }
    const out = outputs.get(p.ref);
    const has =
      out !== undefined &&
      out !== null &&
      typeof out === 'object' &&
      Object.hasOwn(out as object, 'value');
    if (!has) {
      missing.add(`${p.ref}.value`);
      continue;
    }
    const value = (out as { value: unknown }).value;
    params[p.name] = p.kind === 'stepExact' ? value : `v=${String(value)}!`;
  }
  return { params, missing: [...missing].sort() };
}

/** One executor call's outcome, from the script. */
function callOutcome(
  s: Scenario,
  step: StepSpec,
  stage: number,
  attempt: number,
  params: Record<string, unknown>,
): Outcome {
  const script = callScript(step, stage, attempt);
  const timedOut =
    script.kind === 'hang' ||
    (step.timeoutMs !== undefined &&
      script.kind !== 'sync' &&
      script.kind !== 'syncThrow' &&
      script.ms > step.timeoutMs);
  if (timedOut) return { ok: false, retryable: true };
  switch (script.kind) {
    case 'ok':
    case 'sync':
      return { ok: true, output: executorOutput(s, step.id, stage, attempt, params) };
    case 'undefined':
      return { ok: true, output: null };
    case 'nonretryable':
      return { ok: false, retryable: false };
    default:
      // fail, syncThrow, string (ExecutorThrewError), bigint (NonJsonOutputError): retryable.
      return { ok: false, retryable: true };
  }
}

/** What the scripted executor returns for an `ok` call (also used by the engine runner). */
export function executorOutput(
  s: Scenario,
  stepId: string,
  stage: number,
  attempt: number,
  params: Record<string, unknown>,
): { value: number; stage: number; attempt: number; params: Record<string, unknown> } {
  return { value: callValue(s.seed, stepId, stage, attempt), stage, attempt, params };
}

/**
 * Runs the attempts of a step from (stage, next attempt) until it completes or fails for good.
 */
function runAttempts(
  s: Scenario,
  step: StepSpec,
  params: Record<string, unknown>,
  startStage: number,
  startAttempt: number,
  calls: [number, number],
): ModelStep {
  const max = step.maxAttempts ?? s.defaultMaxAttempts;
  let stage = startStage;
  let attempt = startAttempt;
  for (;;) {
    const service = stage === 0 ? step.service : step.fallback;
    let outcome: Outcome;
    if (service !== 'svc' && service !== 'backup') {
      // No executor: UnknownServiceError, never retried.
      outcome = { ok: false, retryable: false };
    } else {
      calls[stage]++;
      outcome = callOutcome(s, step, stage, attempt, params);
    }
    if (outcome.ok) return { status: 'COMPLETED', output: outcome.output, calls };
    if (outcome.retryable && attempt < max) {
      attempt++;
      continue;
    }
    if (stage === 0 && step.fallback !== undefined) {
      stage = 1;
      attempt = 1;
      continue;
    }
    return { status: 'FAILED', calls };
  }
}

/**
 * Predicts one phase. `from` is the stored state the phase starts from (all PENDING for a start),
 * `input` the execution input of the phase, `recovering` true for `engine.recover`.
 */
export function runModel(
  s: Scenario,
  from: Record<string, ModelStepState>,
  input: Record<string, unknown>,
  recovering: boolean,
): ModelResult {
  const byId = new Map(s.steps.map((step) => [step.id, step]));
  const result: Record<string, ModelStep> = {};
  const outputs = new Map<string, unknown>();
  for (const step of s.steps) {
    const state = from[step.id] as ModelStepState;
    if (state.status === 'COMPLETED') outputs.set(step.id, state.output);
  }
  for (const step of s.steps) {
    const state = from[step.id] as ModelStepState;
    const calls: [number, number] = [0, 0];
    const decided = decide(s, step, state, input, outputs, result, byId, recovering, calls);
    result[step.id] = decided;
    if (decided.status === 'COMPLETED') outputs.set(step.id, decided.output);
  }
  const fatalSteps: string[] = [];
  const missing = new Set<string>();
  let open = false;
  let failed = false;
  for (const step of s.steps) {
    const r = result[step.id] as ModelStep;
    if (r.status === 'FAILED') {
      failed = true;
      const wasFailed = (from[step.id] as ModelStepState).status === 'FAILED';
      if (!step.continueOnError && !wasFailed) fatalSteps.push(step.id);
    }
    if (r.status === 'PAUSED') for (const m of r.missing ?? []) missing.add(m);
    if (!TERMINAL.has(r.status)) open = true;
  }
  const status: ExecutionStatus =
    fatalSteps.length > 0
      ? 'FAILED'
      : open
        ? 'PAUSED'
        : failed
          ? 'PARTIAL'
          : 'COMPLETED';
  return {
    steps: result,
    status,
    missingInputs: status === 'PAUSED' ? [...missing].sort() : [],
    fatalSteps,
  };
}

function decide(
  s: Scenario,
  step: StepSpec,
  state: ModelStepState,
  input: Record<string, unknown>,
  outputs: Map<string, unknown>,
  decided: Record<string, ModelStep>,
  byId: Map<string, StepSpec>,
  recovering: boolean,
  calls: [number, number],
): ModelStep {
  if (TERMINAL.has(state.status)) {
    if (state.status === 'COMPLETED') return { status: 'COMPLETED', output: state.output, calls };
    return state.skipReason === undefined
      ? { status: state.status, calls }
      : { status: state.status, skipReason: state.skipReason, calls };
  }
  if (state.status === 'RUNNING' || state.status === 'RETRYING') {
    // Only after a crash: the attempt in flight was interrupted, or a back-off was.
    const params = resolve(step, input, outputs).params;
    const stage = state.fallback ? 1 : 0;
    if (state.status === 'RETRYING') {
      if (state.fallback && state.attempt === 0) return runAttempts(s, step, params, 1, 1, calls);
      return runAttempts(s, step, params, stage, state.attempt + 1, calls);
    }
    const max = step.maxAttempts ?? s.defaultMaxAttempts;
    if (state.attempt < max) return runAttempts(s, step, params, stage, state.attempt + 1, calls);
    if (INTERRUPTED_GOES_TO_FALLBACK && stage === 0 && step.fallback !== undefined)
      return runAttempts(s, step, params, 1, 1, calls);
    return { status: 'FAILED', calls };
  }
  void recovering;
  if (state.status === 'PENDING') {
    // Inbound edges: all sources must have ended.
    let activeIn = 0;
    let activeCompletedIn = 0;
    let failedIn = 0;
    let conditionFalseIn = 0;
    let inbound = 0;
    for (const edge of s.edges) {
      if (edge.target !== step.id) continue;
      inbound++;
      const src = decided[edge.source] as ModelStep;
      if (!TERMINAL.has(src.status)) return { status: 'PENDING', calls };
      const source = byId.get(edge.source) as StepSpec;
      const done =
        src.status === 'COMPLETED' || (src.status === 'FAILED' && source.continueOnError);
      let active = edge.kind === 'ordering' || done;
      if (active && edge.condition !== undefined) {
        if (evaluate(edge.condition, input, outputs) !== true) {
          active = false;
          conditionFalseIn++;
        }
      }
      if (active) {
        activeIn++;
        if (src.status === 'COMPLETED') activeCompletedIn++;
      }
      if (src.status === 'FAILED') failedIn++;
    }
    let holds = true;
    if (inbound > 0) {
      switch (step.join) {
        case 'all_done':
          holds = true;
          break;
        case 'one_success':
          holds = activeCompletedIn > 0;
          break;
        case 'none_failed_min_one_success':
          holds = failedIn === 0 && activeCompletedIn > 0;
          break;
        default:
          holds = activeIn > 0;
      }
    }
    if (!holds) {
      const skipReason: SkipReason =
        failedIn > 0 ? 'upstream_failed' : conditionFalseIn > 0 ? 'condition_false' : 'upstream_skipped';
      return { status: 'SKIPPED', skipReason, calls };
    }
    if (step.condition !== undefined && evaluate(step.condition, input, outputs) !== true) {
      return { status: 'SKIPPED', skipReason: 'condition_false', calls };
    }
    if (step.trigger) return { status: 'COMPLETED', output: { ...input }, calls };
  }
  // PENDING that runs, or PAUSED being resumed.
  const { params, missing } = resolve(step, input, outputs);
  if (missing.length > 0) return { status: 'PAUSED', missing, calls };
  return runAttempts(s, step, params, 0, 1, calls);
}
