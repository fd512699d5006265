/**
 * Random executions that look like what users write, described as plain data (a {@link Scenario})
 * so that the reference model and the engine runner read the same thing, and so that a
 * counterexample can be printed and replayed from its seed alone.
 */
import type {
  GraphDefinition,
  GraphNodeDef,
  JoinRule,
  StepDef,
  StepsDefinition,
} from '../../src/types.js';
import { prng } from '../../../../test-setup/prng.ts';

/**
 * A condition, kept structured so the model evaluates it without the engine's CEL code.
 * `gt`/`le` read `${src.value}`; `error` reads a key no output has (a runtime error: false).
 */
export interface ConditionSpec {
  kind: 'go' | 'notGo' | 'gt' | 'le' | 'error' | 'true' | 'false';
  src?: string;
}

/** A parameter: `${input.<key>}`, `${<step>.value}` exact, or `${<step>.value}` embedded in text. */
export interface ParamSpec {
  name: string;
  kind: 'input' | 'stepExact' | 'stepEmbedded';
  /** Input key (`input`) or step id (`step…`). */
  ref: string;
}

/** What one executor call does. `ms` is its duration on the manual clock. */
export interface CallScript {
  kind:
    | 'ok'
    | 'sync'
    | 'undefined'
    | 'fail'
    | 'syncThrow'
    | 'string'
    | 'nonretryable'
    | 'bigint'
    | 'hang';
  ms: number;
}

/** One step as the model sees it (both definition forms map onto this). */
export interface StepSpec {
  id: string;
  /** A service-less trigger node: completes at once with the execution input. */
  trigger: boolean;
  /** `svc` (has an executor) or `ghost` (none); undefined for a trigger. */
  service?: 'svc' | 'ghost';
  fallback?: 'backup' | 'ghost';
  continueOnError: boolean;
  join: JoinRule;
  /** Step-level `retry.max_attempts` override (engine default below). */
  maxAttempts?: number;
  /** Per-attempt timeout in ms. */
  timeoutMs?: number;
  /** The step's own condition (linear form only). */
  condition?: ConditionSpec;
  params: ParamSpec[];
  /** `script[stage][attempt - 1]`, stage 0 = primary, 1 = fallback (the last entry repeats). */
  script: [CallScript[], CallScript[]];
}

/** An edge: `ordering` edges (linear form, no `depends_on`) are active once their source ends. */
export interface EdgeSpec {
  source: string;
  target: string;
  kind: 'dependency' | 'ordering';
  condition?: ConditionSpec;
}

/** What to do when the execution settles PAUSED. */
export type PausedAction = { kind: 'resume'; input: Record<string, unknown> } | { kind: 'cancel' };

/** One random execution. */
export interface Scenario {
  seed: number;
  form: 'graph' | 'steps';
  steps: StepSpec[];
  edges: EdgeSpec[];
  input: Record<string, unknown>;
  /** Engine-wide retry default: `maxAttempts` (delays are 100 ms, full jitter). */
  defaultMaxAttempts: number;
  deadlineMs?: number;
  /** `engine.cancel` when the first engine's clock reaches this time. */
  cancelAt?: number;
  /** The process "dies" during this save (1-based, counted over the whole scenario). */
  crashAtSave?: number;
  /** Taken in order each time the execution settles PAUSED. */
  onPause: PausedAction[];
  /** A listener that throws (must never change a status). */
  throwingListener: boolean;
}

/** The `maxConcurrency` values every scenario runs with (`undefined` = the default, 5). */
export const CONCURRENCIES: ReadonlyArray<number | undefined> = [1, 2, undefined, Infinity];

/** Deterministic executor output value in [0, 100) for a call. */
export function callValue(seed: number, stepId: string, stage: number, attempt: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  const text = `${stepId}/${stage}/${attempt}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h % 100;
}

/** The script entry of a call (the last entry repeats). */
export function callScript(step: StepSpec, stage: number, attempt: number): CallScript {
  const list = step.script[stage === 0 ? 0 : 1];
  return list[Math.min(attempt, list.length) - 1] as CallScript;
}

const JOINS: JoinRule[] = ['all_success', 'none_failed_min_one_success', 'one_success', 'all_done'];
const KINDS: Array<CallScript['kind']> = [
  'ok',
  'ok',
  'ok',
  'ok',
  'sync',
  'undefined',
  'fail',
  'fail',
  'syncThrow',
  'string',
  'nonretryable',
  'bigint',
  'hang',
];
const DURATIONS = [0, 0, 10, 50, 300, 2000];

/** Builds a random scenario from `seed`. */
export function generateScenario(seed: number): Scenario {
  const r = prng(seed);
  const chance = (p: number): boolean => r() < p;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const form: Scenario['form'] = chance(0.6) ? 'graph' : 'steps';
  const shape = r();
  const steps: StepSpec[] = [];
  const edges: EdgeSpec[] = [];
  // Shapes users write: a trigger fanning out to many children, a chain, or a random DAG.
  const n = shape < 0.3 ? int(3, 9) : int(1, 7);
  const ancestors: Array<Set<number>> = [];
  for (let i = 0; i < n; i++) {
    const parents: number[] = [];
    if (shape < 0.3) {
      if (i > 0) parents.push(0);
      if (i > 1 && chance(0.15)) parents.push(int(1, i - 1));
    } else if (shape < 0.45) {
      if (i > 0) parents.push(i - 1);
    } else {
      for (let j = 0; j < i; j++) if (chance(0.35)) parents.push(j);
    }
    const anc = new Set<number>();
    for (const p of parents) {
      anc.add(p);
      for (const a of ancestors[p] as Set<number>) anc.add(a);
    }
    ancestors.push(anc);
    const id = `n${i}`;
    const trigger = (i === 0 && shape < 0.3) || (parents.length === 0 && chance(0.2));
    const ancestorIds = [...anc].sort((a, b) => a - b).map((a) => `n${a}`);
    const timeoutMs = chance(0.35) ? 1000 : undefined;
    const kind = (): CallScript => {
      const k = pick(KINDS);
      return {
        kind: k === 'hang' && timeoutMs === undefined ? 'ok' : k,
        ms: pick(DURATIONS),
      };
    };
    const params: ParamSpec[] = [];
    if (!trigger) {
      if (chance(0.25)) params.push({ name: 'k', kind: 'input', ref: 'k' });
      if (chance(0.15)) params.push({ name: 'need', kind: 'input', ref: 'need' });
      if (ancestorIds.length > 0 && chance(0.25))
        params.push({ name: 'up', kind: 'stepExact', ref: pick(ancestorIds) });
      if (ancestorIds.length > 0 && chance(0.15))
        params.push({ name: 'text', kind: 'stepEmbedded', ref: pick(ancestorIds) });
    }
    const condition = (src: string | undefined): ConditionSpec => {
      const kinds: Array<ConditionSpec['kind']> =
        src === undefined
          ? ['go', 'notGo', 'true', 'false']
          : ['go', 'notGo', 'gt', 'le', 'error', 'true', 'false'];
      const k = pick(kinds);
      return src !== undefined && (k === 'gt' || k === 'le' || k === 'error')
        ? { kind: k, src }
        : { kind: k };
    };
    const step: StepSpec = {
      id,
      trigger,
      continueOnError: chance(0.55),
      join: chance(0.5) ? 'all_success' : pick(JOINS),
      params,
      script: [
        [kind(), kind(), kind()],
        [kind(), kind(), kind()],
      ],
    };
    if (!trigger) step.service = chance(0.12) ? 'ghost' : 'svc';
    if (!trigger && chance(0.2)) step.fallback = chance(0.8) ? 'backup' : 'ghost';
    if (!trigger && chance(0.3)) step.maxAttempts = int(1, 3);
    if (!trigger && timeoutMs !== undefined) step.timeoutMs = timeoutMs;
    if (form === 'steps' && chance(0.2)) {
      step.condition = condition(
        ancestorIds.length > 0 && chance(0.6) ? pick(ancestorIds) : undefined,
      );
    }
    steps.push(step);
    // Linear form: a step without `depends_on` follows the previous step (an ordering edge).
    if (form === 'steps' && i > 0 && parents.length === 1 && parents[0] === i - 1 && chance(0.4)) {
      edges.push({ source: `n${i - 1}`, target: id, kind: 'ordering' });
    } else {
      for (const p of parents) {
        const edge: EdgeSpec = { source: `n${p}`, target: id, kind: 'dependency' };
        if (chance(0.3)) edge.condition = condition(`n${p}`);
        edges.push(edge);
      }
    }
  }
  const scenario: Scenario = {
    seed,
    form,
    steps,
    edges,
    input: { go: chance(0.5), k: int(0, 9) },
    defaultMaxAttempts: int(1, 3),
    onPause: [],
    throwingListener: chance(0.1),
  };
  if (chance(0.1)) scenario.deadlineMs = pick([1500, 4000]);
  if (chance(0.12)) scenario.cancelAt = pick([0, 5, 10, 50, 120, 300, 1000, 2500]);
  if (chance(0.2)) scenario.crashAtSave = int(1, 12);
  for (let k = 0; k < 2; k++) {
    const x = r();
    scenario.onPause.push(
      x < 0.55
        ? { kind: 'resume', input: { need: int(0, 9) } }
        : x < 0.8
          ? { kind: 'resume', input: { other: 1 } }
          : { kind: 'cancel' },
    );
  }
  return scenario;
}

/** The text of a condition for the engine. */
export function conditionText(c: ConditionSpec): string {
  switch (c.kind) {
    case 'go':
      return '${input.go}';
    case 'notGo':
      return 'not ${input.go}';
    case 'gt':
      return `\${${c.src as string}.value} > 50`;
    case 'le':
      return `\${${c.src as string}.value} <= 50`;
    case 'error':
      return `\${${c.src as string}.nope.x} == 1`;
    case 'true':
      return 'True';
    default:
      return 'False';
  }
}

function paramsOf(step: StepSpec): Record<string, unknown> | undefined {
  if (step.params.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const p of step.params) {
    out[p.name] =
      p.kind === 'input'
        ? `\${input.${p.ref}}`
        : p.kind === 'stepExact'
          ? `\${${p.ref}.value}`
          : `v=\${${p.ref}.value}!`;
  }
  return out;
}

/** The definition the engine runs, in the scenario's form. */
export function toDefinition(s: Scenario): GraphDefinition | StepsDefinition {
  const retry = (step: StepSpec) =>
    step.maxAttempts === undefined
      ? {}
      : {
          retry: {
            max_attempts: step.maxAttempts,
            initial_delay_seconds: 0.1,
            jitter: 'full' as const,
          },
        };
  if (s.form === 'graph') {
    const nodes: GraphNodeDef[] = s.steps.map((step) => {
      const params = paramsOf(step);
      return {
        id: step.id,
        type: step.trigger ? 'trigger' : 'action',
        config: {
          ...(step.service === undefined ? {} : { service: step.service }),
          ...(step.fallback === undefined ? {} : { fallback_service: step.fallback }),
          ...(params === undefined ? {} : { parameters: params }),
          continue_on_error: step.continueOnError,
          join: step.join,
          ...(step.timeoutMs === undefined ? {} : { timeout: step.timeoutMs / 1000 }),
          ...retry(step),
        },
      };
    });
    return {
      id: `model-${s.seed}`,
      nodes,
      connections: s.edges.map((e, k) => ({
        id: `c${k}`,
        source: e.source,
        target: e.target,
        ...(e.condition === undefined ? {} : { condition: conditionText(e.condition) }),
      })),
    };
  }
  const steps: StepDef[] = s.steps.map((step, i) => {
    const params = paramsOf(step);
    const inbound = s.edges.filter((e) => e.target === step.id);
    const ordering = inbound.some((e) => e.kind === 'ordering');
    const def: StepDef = {
      id: step.id,
      sequence_order: i + 1,
      ...(step.trigger ? { type: 'trigger' } : {}),
      ...(step.service === undefined ? {} : { service: step.service }),
      ...(step.fallback === undefined ? {} : { fallback_service: step.fallback }),
      ...(params === undefined ? {} : { parameters: params }),
      ...(step.condition === undefined ? {} : { condition: conditionText(step.condition) }),
      continue_on_error: step.continueOnError,
      join: step.join,
      ...(step.timeoutMs === undefined ? {} : { timeout: step.timeoutMs / 1000 }),
      ...retry(step),
    };
    // The first step and ordering-edge steps omit `depends_on`; step 0 is a root either way.
    if (!ordering && i > 0) {
      def.depends_on = inbound.map((e) =>
        e.condition === undefined
          ? e.source
          : { id: e.source, condition: conditionText(e.condition) },
      );
    }
    return def;
  });
  return { id: `model-${s.seed}`, steps };
}
