// Builds throw-away pnpm workspaces in a temp dir and places REAL istanbul output
// (test/fixtures/istanbul/*.json, made by test/fixtures/generate.ts) into them.
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../src/cli.js';

/** Absolute path of test/fixtures. */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

type Json = Record<string, unknown>;

/** One patch of a record: set or delete the value at a JSON pointer inside the file record. */
export interface Patch {
  op: 'set' | 'delete';
  pointer: string;
  value?: unknown;
}

/** A source record of an input: a generated istanbul file placed at `at`. */
export interface InputPart {
  from: string;
  at: string;
  /** Prefix replacing `<root>` (`<root>` = the temp root); may use Windows separators. */
  prefix?: string;
  /** Use Windows separators for the whole path. */
  windows?: boolean;
  /** Mark as an `all: true` placeholder. */
  all?: boolean;
  patch?: Patch[];
}

/** An input file: parts to merge into one JSON object, raw text, or raw JSON. */
export type InputSpec = InputPart[] | { raw: string } | { json: unknown } | { bom: InputPart[] };

/** Reads a generated istanbul fixture (one record). */
export function istanbulRecord(name: string): Json {
  const data = JSON.parse(readFileSync(join(FIXTURES, 'istanbul', `${name}.json`), 'utf8')) as Json;
  const record = Object.values(data)[0];
  return structuredClone(record) as Json;
}

/** Applies one {@link Patch} to a record in place. */
export function applyPatch(record: Json, patch: Patch): void {
  const segments = patch.pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = segments.pop() as string;
  let target: Json = record;
  for (const s of segments) target = target[s] as Json;
  if (patch.op === 'delete') delete target[last];
  else target[last] = patch.value;
}

/** The JSON text of an input in a workspace at `root`. */
export function renderInput(root: string, spec: InputSpec): string {
  if ('raw' in spec) return spec.raw;
  if ('json' in spec) return JSON.stringify(spec.json);
  if ('bom' in spec) return `\uFEFF${renderInput(root, spec.bom)}`;
  const out: Json = {};
  for (const part of spec) {
    const record = istanbulRecord(part.from);
    let path = `${part.prefix ?? root}/${part.at}`;
    if (part.windows === true) path = path.replace(/\//g, '\\');
    record.path = path;
    if (part.all === true) record.all = true;
    for (const p of part.patch ?? []) applyPatch(record, p);
    out[path] = record;
  }
  return JSON.stringify(out);
}

/** What a fixture workspace holds. */
export interface WorkspaceSpec {
  /** Package folders (each gets a package.json named `@fx/<basename>`). */
  packages?: string[];
  /** Source files to create, copied from test/fixtures/sources by basename. */
  sources?: string[];
  /** Extra files: path → text (or JSON, stringified). */
  files?: Record<string, unknown>;
  /** Symlinks: link path → target path (both root-relative). */
  symlinks?: Record<string, string>;
  /** Inputs: path → spec. */
  inputs?: Record<string, InputSpec>;
  /** Workspace declaration style. */
  style?: 'pnpm' | 'npm' | 'none';
}

function write(root: string, rel: string, text: string): void {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}

/** Writes the inputs of a spec into an existing workspace. */
export function writeInputs(root: string, inputs: Record<string, InputSpec> = {}): void {
  for (const [rel, spec] of Object.entries(inputs)) write(root, rel, renderInput(root, spec));
}

/** Creates a workspace in a fresh temp dir and returns its real root. */
export function makeWorkspace(spec: WorkspaceSpec = {}): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'atom-cov-')));
  const packages = spec.packages ?? ['packages/a', 'packages/b'];
  const style = spec.style ?? 'pnpm';
  const rootPkg: Json = { name: 'fx-root', private: true };
  if (style === 'npm') rootPkg.workspaces = packages;
  write(root, 'package.json', JSON.stringify(rootPkg));
  if (style === 'pnpm') {
    write(
      root,
      'pnpm-workspace.yaml',
      `packages:\n${packages.map((p) => `  - '${p}'`).join('\n')}\n`,
    );
  }
  for (const dir of packages) {
    write(root, `${dir}/package.json`, JSON.stringify({ name: `@fx/${dir.split('/').pop()}` }));
  }
  for (const src of spec.sources ?? []) {
    const base = src.split('/').pop() as string;
    write(root, src, readFileSync(join(FIXTURES, 'sources', `${base}.fixture`), 'utf8'));
  }
  for (const [rel, content] of Object.entries(spec.files ?? {})) {
    write(root, rel, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  for (const [link, target] of Object.entries(spec.symlinks ?? {})) {
    mkdirSync(dirname(join(root, link)), { recursive: true });
    symlinkSync(join(root, target), join(root, link));
  }
  writeInputs(root, spec.inputs);
  return root;
}

/** Every file under `root` with its content, for "nothing written" checks. */
export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) out[child] = readFileSync(join(root, child), 'utf8');
    }
  };
  walk('');
  return out;
}

/** A CliIo that records output. */
export function captureIo(cwd: string, env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd,
    env: { SOURCE_DATE_EPOCH: '1700000000', GITHUB_SHA: 'f'.repeat(40), ...env },
  };
  return {
    io,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
