/**
 * Edge and step conditions: CEL (`@marcbachmann/cel-js`) behind a small interface, accepting Atom's
 * syntax (`${step.x}` references, Python's `and`/`or`/`not`/`True`/`False`/`None`).
 *
 * @module
 */
import { Environment } from '@marcbachmann/cel-js';
import type { ASTNode } from '@marcbachmann/cel-js';
import { InvalidOptionError } from './errors.js';
import { REF_FUNCTION, translate } from './atom-condition-syntax.js';
import type { Translation } from './atom-condition-syntax.js';
import { lookupPath } from './references.js';

/** Variables a condition sees: `input` (the execution input) and `steps` (outputs by step id). */
export type ConditionScope = { input: unknown; steps: Readonly<Record<string, unknown>> };

/**
 * Result of evaluating a condition: its final value under Atom's truthiness ({@link atomTruthy}).
 * Runtime errors (missing key, type mismatch) are `ok: false`.
 */
export type ConditionResult = { ok: true; value: boolean } | { ok: false; error: string };

/** A parsed condition, ready to evaluate many times. */
export interface CompiledCondition {
  /** The condition as the user wrote it. */
  readonly source: string;
  /** Evaluates against `scope`. Never throws. */
  evaluate(scope: ConditionScope): ConditionResult;
}

/** Result of compiling: a condition, or a message with an offset into the user's original text. */
export type CompileResult =
  { ok: true; condition: CompiledCondition } | { ok: false; message: string; offset: number };

/** Compiles condition strings. Never throws. */
export interface ConditionEvaluator {
  /** Parses and type-checks `source`. A blank string compiles to a condition that is always true. */
  compile(source: string): CompileResult;
}

/** Caps for {@link createCelConditionEvaluator}. Every field is optional. */
export interface ConditionLimits {
  /** Longest accepted condition, in UTF-16 code units. Default 4096. */
  maxLength?: number;
  /** Deepest nesting of calls, selections, indexes and aggregates. Default 32. */
  maxDepth?: number;
  /** Most AST nodes of one condition. Default 1024. */
  maxAstNodes?: number;
  /** Most elements of a list literal. Default 256. */
  maxListElements?: number;
  /** Most entries of a map literal. Default 256. */
  maxMapEntries?: number;
  /** Most arguments of one call. Default 16. */
  maxCallArguments?: number;
}

const DEFAULT_LIMITS: Required<ConditionLimits> = {
  maxLength: 4096,
  maxDepth: 32,
  maxAstNodes: 1024,
  maxListElements: 256,
  maxMapEntries: 256,
  maxCallArguments: 16,
};

/** Functions refused at compile time (`matches` runs a backtracking RegExp: unbounded time). */
const FORBIDDEN_FUNCTIONS: ReadonlySet<unknown> = new Set(['matches']);

/** CEL errors carry a one-line `summary`; their `message` adds a code frame. */
function errorMessage(error: unknown): string {
  /* istanbul ignore else -- CEL and the lookup function throw Errors only */
  if (error instanceof Error) {
    const summary = (error as { summary?: unknown }).summary;
    return typeof summary === 'string' && summary !== '' ? summary : error.message;
  }
  return String(error);
}

/** Where in the translated text a CEL error is: every CEL error has a `range`. */
function errorStart(error: unknown): number {
  const start = (error as { range?: { start?: unknown } } | null)?.range?.start;
  /* istanbul ignore next -- defensive: an error without a range points at the start */
  return typeof start === 'number' ? start : 0;
}

/** Finds a call to a forbidden function in the AST (iterative walk). */
function findForbiddenCall(ast: ASTNode): { name: string; start: number } | undefined {
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...(node as unknown[]));
    else if (typeof node === 'object' && node !== null && 'op' in node) {
      const { args, start } = node as { op: unknown; args: unknown; start: number };
      // Only a call (`call`, or `rcall` with a receiver) has a function name first in its args.
      const name: unknown = Array.isArray(args) ? args[0] : undefined;
      if (FORBIDDEN_FUNCTIONS.has(name)) return { name: name as string, start };
      stack.push(args);
    }
  }
  return undefined;
}

/** A compile failure with its offset mapped back into the user's original text. */
function failure(error: unknown, translation: Translation): CompileResult {
  const { offsets } = translation;
  const offset = offsets[Math.min(errorStart(error), offsets.length - 1)] as number;
  return { ok: false, message: errorMessage(error), offset };
}

const ALWAYS_TRUE: Omit<CompiledCondition, 'source'> = {
  evaluate: () => ({ ok: true, value: true }),
};

/**
 * Atom's truthiness (Python's) of a condition's final value: `false`, `null`, `0`, `""`, an empty
 * list, an empty map (or object) and empty bytes are false; every other value is true (`NaN` too).
 */
export function atomTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value !== 0;
    case 'bigint':
      return value !== 0n;
    case 'string':
      return value !== '';
    case 'object':
      if (Array.isArray(value)) return value.length > 0;
      if (value instanceof Map || value instanceof Set) return value.size > 0;
      if (value instanceof Uint8Array) return value.length > 0;
      return Object.getPrototypeOf(value) === Object.prototype ||
        Object.getPrototypeOf(value) === null
        ? Object.keys(value).length > 0
        : true;
    default:
      return true;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'double';
  return typeof value;
}

function checkLimit(name: keyof ConditionLimits, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidOptionError(`limits.${name}`, 'a positive integer', value);
  }
  return value;
}

/**
 * Creates a {@link ConditionEvaluator} backed by CEL. `${input.a}` reads the execution input,
 * `${stepId.key}` the output of step `stepId`; plain CEL can use the `input` and `steps` variables.
 * Integer literals are doubles (JSON numbers are doubles); `int` results of CEL functions such as
 * `size()` compare and add with doubles. `matches()` is refused (unbounded RegExp backtracking).
 *
 * @throws InvalidOptionError when a limit is unknown or not a positive integer.
 */
export function createCelConditionEvaluator(limits: ConditionLimits = {}): ConditionEvaluator {
  const resolved: Required<ConditionLimits> = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(limits)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(DEFAULT_LIMITS, name)) {
      throw new InvalidOptionError(`limits.${name}`, 'a known limit (no such option)', value);
    }
    resolved[name as keyof ConditionLimits] = checkLimit(name as keyof ConditionLimits, value);
  }
  const env = new Environment({
    unlistedVariablesAreDyn: false,
    homogeneousAggregateLiterals: false,
    limits: {
      maxAstNodes: resolved.maxAstNodes,
      maxDepth: resolved.maxDepth,
      maxListElements: resolved.maxListElements,
      maxMapEntries: resolved.maxMapEntries,
      maxCallArguments: resolved.maxCallArguments,
    },
  })
    .registerVariable('input', 'dyn')
    .registerVariable('steps', 'dyn')
    .registerFunction(`${REF_FUNCTION}(dyn, list): dyn`, (root: unknown, path: unknown) => {
      const keys = (path as unknown[]).map(String); // a CEL list (the signature says so)
      const result = lookupPath(root, keys);
      if (!result.found) throw new Error(`No such path: ${keys.join('.')}`);
      return result.value;
    });
  // Also covers `double == int` and both `!=` (the library derives them).
  env.registerOperator('int == double: bool', (a: bigint, b: number) => Number(a) === b);
  const arithmetic: Record<string, (a: number, b: number) => number> = {
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b) => a / b,
  };
  for (const [op, fn] of Object.entries(arithmetic)) {
    env.registerOperator(`int ${op} double: double`, (a: bigint, b: number) => fn(Number(a), b));
    env.registerOperator(`double ${op} int: double`, (a: number, b: bigint) => fn(a, Number(b)));
  }

  return {
    compile(source: string): CompileResult {
      if (typeof source !== 'string') {
        return { ok: false, message: `Expected a string, received ${describe(source)}`, offset: 0 };
      }
      if (source.length > resolved.maxLength) {
        return {
          ok: false,
          message: `Condition is ${source.length} characters long; the limit is ${resolved.maxLength}`,
          offset: resolved.maxLength,
        };
      }
      if (source.trim() === '') return { ok: true, condition: { source, ...ALWAYS_TRUE } };
      const translated = translate(source);
      if (!translated.ok) return translated;
      const translation = translated.value;
      try {
        const parsed = env.parse(translation.text);
        const forbidden = findForbiddenCall(parsed.ast);
        if (forbidden !== undefined) {
          return {
            ok: false,
            message: `Function "${forbidden.name}" is not allowed in conditions`,
            offset: translation.offsets[forbidden.start] as number,
          };
        }
        const checked = parsed.check();
        if (!checked.valid) return failure(checked.error, translation);
        const run = parsed;
        const condition: CompiledCondition = {
          source,
          evaluate(scope: ConditionScope): ConditionResult {
            try {
              const value: unknown = run({ input: scope.input ?? null, steps: scope.steps });
              return { ok: true, value: atomTruthy(value) };
            } catch (error) {
              return { ok: false, error: errorMessage(error) };
            }
          },
        };
        return { ok: true, condition };
      } catch (error) {
        return failure(error, translation);
      }
    },
  };
}

/** The engine's default evaluator: {@link createCelConditionEvaluator} with the default limits. */
export const defaultConditionEvaluator: ConditionEvaluator = createCelConditionEvaluator();
