/** Helpers for the importer tests: JSON paths into the input, recording executors, fixture runs. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { createEngine } from '../../src/engine.js';
import type { ExecutionResult } from '../../src/engine.js';
import { AtomImportError, NonRetryableError } from '../../src/errors.js';
import { importAtomWorkflow } from '../../src/import-atom-workflow.js';
import type { AtomImportIssue } from '../../src/import/import-context.js';
import { normalizeDefinition } from '../../src/normalize.js';
import type { Executor } from '../../src/options.js';
import type { WorkflowDefinition } from '../../src/types.js';
import { drive } from '../helpers/engine-harness.js';

/** The value at a JSON path written as the importer writes them (`a.b[2]["c d"]`), or `undefined`. */
export function valueAtPath(root: unknown, path: string): { found: boolean; value?: unknown } {
  if (path === '') return { found: true, value: root };
  const tokens = /([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let value: unknown = root;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < path.length) {
    if (path[at] === '.') at++;
    tokens.lastIndex = at;
    m = tokens.exec(path);
    if (m === null) return { found: false };
    at = tokens.lastIndex;
    const key =
      m[1] ?? (m[2] === undefined ? (JSON.parse(m[3] as string) as string) : Number(m[2]));
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) {
      return { found: false };
    }
    value = (value as Record<string | number, unknown>)[key];
  }
  return { found: true, value };
}

/** One scripted run of a fixture. */
export interface FixtureRun {
  note?: string;
  input?: Record<string, unknown>;
  /** Output of each step's executor, by step id (default `{}`). */
  outputs?: Record<string, unknown>;
  /** Steps whose every attempt throws a NonRetryableError. */
  fail?: string[];
  /** Attempts that throw a retryable error first, by step id (`id@service` for a fallback). */
  failTimes?: Record<string, number>;
  status: string;
  steps: Record<string, string>;
  /** Executor calls in order: the step id, or `id@service` for a fallback call. */
  calls: string[];
  /** Resolved parameters a step's (last) call received. */
  params?: Record<string, unknown>;
}

/** A fixture file of test/fixtures/atom/<dialect>/. */
export interface Fixture {
  follows: string;
  definition: Record<string, unknown>;
  dialect: string;
  warnings: string[];
  runs: FixtureRun[];
}

const FIXTURES = new URL('../fixtures/atom/', import.meta.url);

/** Every fixture of one dialect directory, with its file name. */
export function loadFixtures(dialect: string): Array<[string, Fixture]> {
  const dir = join(FIXTURES.pathname, dialect);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture]);
}

/** Reads a JSON fixture of test/fixtures/atom/. */
export function loadJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(FIXTURES.pathname, file), 'utf8')) as T;
}

/** Runs `workflow` with recording executors for every service it names, on a manual clock. */
export async function runRecorded(
  workflow: WorkflowDefinition,
  run: FixtureRun,
): Promise<{ result: ExecutionResult; calls: string[]; params: Record<string, unknown> }> {
  const calls: string[] = [];
  const params: Record<string, unknown> = {};
  const failures = new Map<string, number>();
  const executor: Executor = (ctx) => {
    const key = ctx.fallback ? `${ctx.step.id}@${ctx.service}` : ctx.step.id;
    calls.push(key);
    params[ctx.step.id] = ctx.params;
    if (run.fail?.includes(key) === true) throw new NonRetryableError(`${key} refuses`);
    const seen = failures.get(key) ?? 0;
    if (seen < (run.failTimes?.[key] ?? 0)) {
      failures.set(key, seen + 1);
      throw new Error(`${key} failed attempt ${seen + 1}`);
    }
    return run.outputs?.[ctx.step.id] ?? {};
  };
  const executors: Record<string, Executor> = {};
  for (const node of normalizeDefinition(workflow).nodes) {
    if (node.service !== undefined) executors[node.service] = executor;
    if (node.fallbackService !== undefined) executors[node.fallbackService] = executor;
  }
  const clock = createManualClock();
  const engine = createEngine({ executors, clock, random: () => 0.5 });
  const handle = engine.start(workflow, { input: run.input ?? {} });
  const result = await drive(handle, clock);
  return { result, calls, params };
}

/** The issues `importAtomWorkflow(value)` throws with (fails the test when it does not throw). */
export function issuesOf(value: unknown): AtomImportIssue[] {
  try {
    importAtomWorkflow(value);
  } catch (error) {
    expect(error).toBeInstanceOf(AtomImportError);
    return [...(error as AtomImportError).issues];
  }
  throw new Error('expected the import to be refused');
}

/** Warnings or issues as `[code, path, message without its "<path>: " prefix]` (the prefix is checked). */
export function withoutPrefix(
  list: ReadonlyArray<{ code: string; path: string; message: string }>,
): string[][] {
  return list.map((w) => {
    expect(w.message.startsWith(`${w.path}: `)).toBe(true);
    return [w.code, w.path, w.message.slice(w.path.length + 2)];
  });
}
