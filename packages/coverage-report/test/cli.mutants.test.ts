import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main, runCli } from '../src/cli.js';
import { renderTable } from '../src/terminal-table.js';
import type { CoverageJson } from '../src/types.js';
import { captureIo, makeWorkspace } from './fixture-workspace.js';
import type { InputSpec } from './fixture-workspace.js';

const MATH = 'packages/a/src/math.js';
const STRINGS = 'packages/b/src/strings.js';
const A_INPUT = 'packages/a/coverage/coverage-final.json';
const INPUTS: Record<string, InputSpec> = {
  [A_INPUT]: [{ from: 'math.unit', at: MATH }],
  'packages/b/coverage/coverage-final.json': [{ from: 'strings.full', at: STRINGS }],
};
const NO_TARGETS = 'atom-coverage: warning: no coverage.targets.json: every target passes\n';

function many(n: number, from = 'math.unit'): Record<string, InputSpec> {
  const inputs: Record<string, InputSpec> = {};
  for (let i = 0; i < n; i += 1)
    inputs[`cov/${String(i).padStart(2, '0')}.json`] = [{ from, at: MATH }];
  return inputs;
}

function coverageOf(root: string): CoverageJson {
  return JSON.parse(readFileSync(join(root, 'coverage/coverage.json'), 'utf8')) as CoverageJson;
}

describe('main: merge inputs', () => {
  it('an empty GITHUB_SHA is no commit (outside git)', async () => {
    const root = makeWorkspace({ inputs: INPUTS });
    expect(await main(['merge'], captureIo(root, { GITHUB_SHA: '' }).io)).toBe(0);
    expect('commit' in coverageOf(root).meta).toBe(false);
  });

  it('shows quarter progress from exactly 10 inputs, without a trailing newline off a TTY', async () => {
    const root = makeWorkspace({ inputs: many(10) });
    const c = captureIo(root);
    expect(await main(['merge', '--input', 'cov/*.json'], c.io)).toBe(0);
    expect(c.stderr()).toBe(
      'reading inputs 3/10\nreading inputs 5/10\nreading inputs 8/10\nreading inputs 10/10\n' +
        NO_TARGETS,
    );
    const nine = makeWorkspace({ inputs: many(9) });
    const quiet = captureIo(nine);
    expect(await main(['merge', '--input', 'cov/*.json'], quiet.io)).toBe(0);
    expect(quiet.stderr()).toBe(NO_TARGETS);
  });

  it('reads every input a second time when the compact merge meets a mismatch', async () => {
    const root = makeWorkspace({
      inputs: { ...many(11), 'cov/99.json': [{ from: 'math-v2.unit', at: MATH }] },
    });
    const c = captureIo(root);
    expect(await main(['merge', '--input', 'cov/*.json', '--allow-mismatch'], c.io)).toBe(0);
    const progress = c.stderr().match(/^reading inputs \d+\/12$/gm);
    expect(progress).toEqual([
      'reading inputs 3/12',
      'reading inputs 6/12',
      'reading inputs 9/12',
      'reading inputs 3/12',
      'reading inputs 6/12',
      'reading inputs 9/12',
      'reading inputs 12/12',
    ]);
  });

  it('stops at the first bad input without reading the inputs again', async () => {
    const root = makeWorkspace({ inputs: { ...many(11), 'cov/99.json': { raw: '{' } } });
    const c = captureIo(root);
    expect(await main(['merge', '--input', 'cov/*.json'], c.io)).toBe(2);
    expect(c.stderr()).toBe(
      'reading inputs 3/12\nreading inputs 6/12\nreading inputs 9/12\n' +
        'atom-coverage: cov/99.json:1:2: invalid JSON: unexpected end of input, expected a string key\n',
    );
  });

  it('does not warn about packages without input when the targets file names the inputs', async () => {
    const root = makeWorkspace({
      inputs: many(1),
      files: { 'coverage.targets.json': { inputs: ['cov/*.json'] } },
    });
    const c = captureIo(root);
    expect(await main(['merge'], c.io)).toBe(0);
    expect(c.stderr()).toBe('');
  });

  it('takes include/exclude from the targets file unless the flags are given', async () => {
    const root = makeWorkspace({
      inputs: INPUTS,
      files: {
        'coverage.targets.json': { include: ['packages/b/**'], exclude: ['**/nothing.js'] },
      },
    });
    expect(await main(['merge'], captureIo(root).io)).toBe(0);
    expect(Object.keys(coverageOf(root).files)).toEqual([STRINGS]);
    expect(await main(['merge', '--include', 'packages/a/**'], captureIo(root).io)).toBe(0);
    expect(Object.keys(coverageOf(root).files)).toEqual([MATH]);
    const ex = makeWorkspace({
      inputs: INPUTS,
      files: { 'coverage.targets.json': { exclude: ['packages/b/**'] } },
    });
    expect(await main(['merge'], captureIo(ex).io)).toBe(0);
    expect(Object.keys(coverageOf(ex).files)).toEqual([MATH]);
    expect(await main(['merge', '--exclude', 'packages/a/**'], captureIo(ex).io)).toBe(0);
    expect(Object.keys(coverageOf(ex).files)).toEqual([STRINGS]);
  });

  it('knows the workspace packages that have no coverage, in merge and in check', async () => {
    const root = makeWorkspace({
      inputs: { [A_INPUT]: INPUTS[A_INPUT] as InputSpec },
      files: { 'coverage.targets.json': { packages: { '@fx/b': { lines: 90 } } } },
    });
    const merge = captureIo(root);
    expect(await main(['merge'], merge.io)).toBe(0);
    expect(merge.stderr()).toBe(
      'atom-coverage: warning: no coverage input for @fx/b (packages/b/coverage/coverage-final.json)\n',
    );
    const check = captureIo(root);
    expect(await main(['check'], check.io)).toBe(0);
    expect(check.stdout()).toBe(
      `${renderTable(coverageOf(root), { color: false })}all coverage targets met\n`,
    );
  });

  it('--update-baseline without baseline settings writes the default file; check then compares nothing', async () => {
    const root = makeWorkspace({
      inputs: INPUTS,
      files: { 'coverage.targets.json': { total: { lines: 1 } } },
    });
    const c = captureIo(root);
    expect(await main(['merge', '--update-baseline', '--json'], c.io)).toBe(0);
    const out = JSON.parse(c.stdout()) as { written: string[] };
    expect(out.written).toEqual(['coverage-baseline.json', 'coverage/coverage.json']);
    const baseline = JSON.parse(readFileSync(join(root, 'coverage-baseline.json'), 'utf8')) as {
      files: Record<string, unknown>;
    };
    expect(Object.keys(baseline.files)).toEqual([MATH, STRINGS]);
    const check = captureIo(root);
    expect(await main(['check'], check.io)).toBe(0);
    expect(check.stderr()).toBe('');
    expect(check.stdout()).toContain('all coverage targets met\n');
  });
});

describe('main: what is printed', () => {
  it('merge prints its summary line, the table and what it wrote, and no target verdict', async () => {
    const root = makeWorkspace({ inputs: INPUTS });
    const c = captureIo(root);
    expect(await main(['merge'], c.io)).toBe(0);
    expect(c.stdout()).toBe(
      'atom-coverage merge: 2 input(s), 2 package(s), 2 file(s)\n' +
        `${renderTable(coverageOf(root), { color: false })}wrote coverage/coverage.json\n`,
    );
  });

  it('check prints the table and the verdict only', async () => {
    const root = makeWorkspace({ inputs: INPUTS });
    expect(await main(['merge'], captureIo(root).io)).toBe(0);
    const c = captureIo(root);
    expect(await main(['check'], c.io)).toBe(0);
    expect(c.stdout()).toBe(
      `${renderTable(coverageOf(root), { color: false })}all coverage targets met\n`,
    );
  });

  it('honours NO_COLOR on a terminal, and colours the failures otherwise', async () => {
    const root = makeWorkspace({
      inputs: INPUTS,
      files: { 'coverage.targets.json': { files: { [MATH]: { lines: 100 } } } },
    });
    const plain = captureIo(root, { NO_COLOR: '1' });
    plain.io.isTTY = true;
    expect(await main(['merge'], plain.io)).toBe(0);
    expect(plain.stdout()).not.toContain('\u001b[');
    const tty = captureIo(root);
    tty.io.isTTY = true;
    expect(await main(['check'], tty.io)).toBe(1);
    expect(tty.stdout()).toContain('\u001b[31m1 coverage target(s) missed:\u001b[0m\n');
  });

  it('report feeds every record of the merged map to the lcov reporter', async () => {
    const root = makeWorkspace({ inputs: INPUTS });
    expect(await main(['merge', '--reporter', 'json'], captureIo(root).io)).toBe(0);
    expect(await main(['report', '--reporter', 'lcov'], captureIo(root).io)).toBe(0);
    const lcov = readFileSync(join(root, 'coverage/lcov.info'), 'utf8');
    expect(lcov.match(/^SF:.*$/gm)).toEqual([`SF:${MATH}`, `SF:${STRINGS}`]);
  });

  it('check rejects a coverage.json whose packages are null', async () => {
    const summary = {
      percent_statements_covered: 1,
      percent_lines_covered: 1,
      percent_branches_covered: 1,
      percent_functions_covered: 1,
      percent_covered: 1,
    };
    const root = makeWorkspace({
      files: { 'coverage/coverage.json': { packages: null, files: {}, totals: summary } },
    });
    const c = captureIo(root);
    expect(await main(['check'], c.io)).toBe(2);
    expect(c.stderr()).toBe(
      'atom-coverage: coverage/coverage.json at /packages: expected an object of package summaries\n',
    );
  });

  it('--root that is a file is a usage error', async () => {
    const root = makeWorkspace({ inputs: INPUTS });
    const file = join(root, 'plain.txt');
    writeFileSync(file, 'x');
    const c = captureIo(root);
    expect(await main(['merge', '--root', 'plain.txt'], c.io)).toBe(2);
    expect(c.stderr()).toBe('atom-coverage: --root plain.txt: not a directory\n');
  });
});

describe('runCli', () => {
  it('reads process.argv by default and writes errors to stderr', async () => {
    const savedArgv = process.argv;
    const savedCode = process.exitCode;
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const errWrite = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      process.argv = [savedArgv[0] as string, 'atom-coverage', '--version'];
      await runCli();
      expect(process.exitCode).toBe(0);
      expect(String(write.mock.calls.at(-1)?.[0])).toMatch(/^\d+\.\d+\.\d+\n$/);
      process.argv = savedArgv;
      await runCli(['--nope']);
      expect(process.exitCode).toBe(2);
      expect(errWrite.mock.calls.map((call) => String(call[0]))).toContain(
        'atom-coverage: unknown option --nope (see --help)\n',
      );
    } finally {
      process.argv = savedArgv;
      write.mockRestore();
      errWrite.mockRestore();
      process.exitCode = savedCode;
    }
  });
});
