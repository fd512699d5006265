// The built CLI through its committed bin shim, in temp workspaces (needs `pnpm build` first;
// turbo's `test` depends on `build`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, snapshotTree } from './fixture-workspace.js';
import type { InputSpec } from './fixture-workspace.js';

const BIN = fileURLToPath(new URL('../bin/atom-coverage.js', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const INPUTS: Record<string, InputSpec> = {
  'packages/a/coverage/coverage-final.json': [{ from: 'math.full', at: 'packages/a/src/math.js' }],
  'packages/b/coverage/coverage-final.json': [
    { from: 'strings.half', at: 'packages/b/src/strings.js' },
  ],
};

function run(cwd: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SOURCE_DATE_EPOCH: '0',
    GITHUB_SHA: 'a'.repeat(40),
  };
  delete env.GITHUB_STEP_SUMMARY;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('atom-coverage binary', () => {
  beforeAll(() => {
    expect(existsSync(DIST), 'dist/cli.js missing: run `pnpm build` first').toBe(true);
  });

  it('--version and --help exit 0', () => {
    const v = run('/', '--version');
    expect([v.code, v.stdout.trim()]).toEqual([
      0,
      JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version,
    ]);
    expect(run('/', '--help').stdout).toContain('Exit codes: 0 targets met');
  });

  it('run with no flags exits 0 when every target is met and writes the default reports only', () => {
    const root = makeWorkspace({
      inputs: INPUTS,
      files: {
        'coverage.targets.json': { files: { 'packages/a/**': { lines: 95, branches: 90 } } },
      },
    });
    const r = run(join(root, 'packages/a'), 'run');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/atom-coverage run: 2 input\(s\), 2 package\(s\), 2 file\(s\)/);
    expect(r.stdout).toContain('all coverage targets met');
    for (const f of [
      'coverage.json',
      'dashboard/index.html',
      'summary.md',
      'badge.svg',
      'history.json',
    ]) {
      expect(existsSync(join(root, 'coverage', f)), f).toBe(true);
    }
    for (const f of ['coverage-merged.json', 'lcov.info', 'cobertura.xml', 'dashboard/html']) {
      expect(existsSync(join(root, 'coverage', f)), f).toBe(false);
    }
  });

  it('exits 1 listing each failure: file, metric, actual, required', () => {
    const root = makeWorkspace({
      inputs: INPUTS,
      files: {
        'coverage.targets.json': { files: { 'packages/**': { lines: 95, statements: -1 } } },
      },
    });
    const r = run(root, 'run', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.targets.failures).toEqual([
      {
        scope: 'file',
        name: 'packages/b/src/strings.js',
        rule: 'packages/**',
        metric: 'lines',
        actual: 25,
        required: 95,
        kind: 'threshold',
      },
      {
        scope: 'file',
        name: 'packages/b/src/strings.js',
        rule: 'packages/**',
        metric: 'statements',
        actual: 3,
        required: -1,
        kind: 'threshold',
      },
    ]);
    const check = run(root, 'check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      'file packages/b/src/strings.js: lines 25.0%, required 95% (rule packages/**)',
    );
    expect(check.stdout).toContain(
      'file packages/b/src/strings.js: statements 3 uncovered, at most 1 allowed (rule packages/**)',
    );
  });

  it('exits 2 on bad input with one line naming file and place, and writes nothing', () => {
    const root = makeWorkspace({
      inputs: { ...INPUTS, 'packages/b/coverage/coverage-final.json': { raw: '{\n  "x": [1,\n' } },
    });
    const before = snapshotTree(root);
    const r = run(root, 'run');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^atom-coverage: packages\/b\/coverage\/coverage-final\.json:3:1: invalid JSON: [^\n]*\n$/,
    );
    expect(snapshotTree(root)).toEqual(before);
  });

  it('exits 2 on bad usage', () => {
    const r = run('/', 'frobnicate');
    expect([r.code, r.stderr]).toEqual([
      2,
      'atom-coverage: unexpected argument "frobnicate" (expected a command: run, merge, check, report)\n',
    ]);
  });
});
