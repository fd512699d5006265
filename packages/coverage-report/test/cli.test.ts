import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { captureIo, makeWorkspace } from './fixture-workspace.js';
import type { InputSpec } from './fixture-workspace.js';

const MATH = 'packages/a/src/math.js';
const INPUTS: Record<string, InputSpec> = {
  'packages/a/coverage/coverage-final.json': [{ from: 'math.unit', at: MATH }],
  'packages/b/coverage/coverage-final.json': [
    { from: 'strings.full', at: 'packages/b/src/strings.js' },
  ],
};

function many(n: number): Record<string, InputSpec> {
  const inputs: Record<string, InputSpec> = {};
  for (let i = 0; i < n; i += 1)
    inputs[`cov/${String(i).padStart(2, '0')}.json`] = [{ from: 'math.unit', at: MATH }];
  return inputs;
}

describe('main', () => {
  it('prints the version and the help', async () => {
    const c = captureIo('/');
    expect(await main(['--version'], c.io)).toBe(0);
    expect(c.stdout()).toBe(
      `${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`,
    );
    const h = captureIo('/');
    expect(await main(['merge', '--help'], h.io)).toBe(0);
    expect(h.stdout()).toMatch(/^Usage: atom-coverage \[run\|merge\|check\|report\]/);
    expect(h.stdout()).toContain('--update-baseline');
  });

  it('exits 2 on unknown arguments, with a JSON error under --json', async () => {
    const c = captureIo('/');
    expect(await main(['--nope', '--json'], c.io)).toBe(2);
    expect(c.stderr()).toBe('atom-coverage: unknown option --nope (see --help)\n');
    expect(JSON.parse(c.stdout())).toEqual({
      exitCode: 2,
      error: { code: 'COVERAGE_USAGE', message: 'unknown option --nope (see --help)' },
    });
  });

  it('rethrows errors that are not bad input', async () => {
    const io = {
      stdout: () => {
        throw new Error('broken pipe');
      },
      stderr: () => {},
      cwd: '/',
    };
    await expect(main(['--help'], io)).rejects.toThrow('broken pipe');
  });

  it('merge, then check, then report, with --root from elsewhere', async () => {
    const root = makeWorkspace({
      inputs: INPUTS,
      files: { 'coverage.targets.json': { files: { 'packages/**': { lines: 90 } } } },
    });
    const c = captureIo('/', { GITHUB_STEP_SUMMARY: undefined });
    expect(await main(['merge', '--root', root], c.io)).toBe(0);
    expect(c.stdout()).toContain('1 coverage target(s) missed:');
    const check = captureIo('/');
    expect(await main(['check', '--root', root, '--json'], check.io)).toBe(1);
    expect(JSON.parse(check.stdout())).toMatchObject({
      command: 'check',
      exitCode: 1,
      targets: { met: false, failures: [{ name: MATH, metric: 'lines' }] },
      written: [],
    });
    const report = captureIo('/');
    expect(await main(['report', '--root', root, '--history', 'hist.json'], report.io)).toBe(0);
    expect(report.stdout()).toContain(
      'atom-coverage report: writes reports only and never fails on targets; `atom-coverage check` gates',
    );
    expect(report.stdout()).toContain('wrote coverage/dashboard/index.html');
    expect(report.stdout()).toContain('wrote hist.json');
    expect(existsSync(join(root, 'coverage/lcov.info'))).toBe(false);
    const history = JSON.parse(readFileSync(join(root, 'hist.json'), 'utf8'));
    expect(history.entries).toHaveLength(1);
  });

  it('report fails with exit 2 when merge has not run', async () => {
    const root = makeWorkspace({ inputs: INPUTS });
    const c = captureIo(root);
    expect(await main(['report'], c.io)).toBe(2);
    expect(c.stderr()).toBe(
      'atom-coverage: coverage/coverage.json not found: run `atom-coverage merge` first (report reads what merge writes)\n',
    );
  });

  it('writes the istanbul reports only when asked, in merge then report', async () => {
    const root = makeWorkspace({ inputs: INPUTS });
    expect(await main(['merge', '--reporter', 'json'], captureIo(root).io)).toBe(0);
    expect(existsSync(join(root, 'coverage/coverage-merged.json'))).toBe(true);
    const c = captureIo(root, { GITHUB_STEP_SUMMARY: undefined });
    const args = ['report', '--reporter', 'lcov', '--reporter', 'cobertura', '--reporter', 'html'];
    expect(await main(args, c.io)).toBe(0);
    expect(existsSync(join(root, 'coverage/lcov.info'))).toBe(true);
    expect(existsSync(join(root, 'coverage/cobertura.xml'))).toBe(true);
    expect(existsSync(join(root, 'coverage/dashboard/html/index.html'))).toBe(true);
    expect(existsSync(join(root, 'coverage/dashboard/index.html'))).toBe(false);
    expect(existsSync(join(root, 'coverage/summary.md'))).toBe(false);
  });

  it('takes the reporters of the targets file unless --reporter is given', async () => {
    const root = makeWorkspace({
      inputs: INPUTS,
      files: { 'coverage.targets.json': { reporters: ['badge', 'lcov'] } },
    });
    expect(await main(['run'], captureIo(root).io)).toBe(0);
    expect(existsSync(join(root, 'coverage/badge.svg'))).toBe(true);
    expect(existsSync(join(root, 'coverage/lcov.info'))).toBe(true);
    expect(existsSync(join(root, 'coverage/summary.md'))).toBe(false);
    expect(await main(['run', '--reporter', 'summary'], captureIo(root).io)).toBe(0);
    expect(existsSync(join(root, 'coverage/summary.md'))).toBe(true);
  });

  it('warns when the configured baseline is missing, and not once it exists', async () => {
    const root = makeWorkspace({
      inputs: INPUTS,
      files: { 'coverage.targets.json': { baseline: 'base.json' } },
    });
    const first = captureIo(root);
    expect(await main(['run'], first.io)).toBe(0);
    expect(first.stderr()).toBe(
      'atom-coverage: warning: baseline base.json does not exist: the "no file may drop" gate is off (create it with --update-baseline)\n',
    );
    const update = captureIo(root);
    expect(await main(['merge', '--update-baseline'], update.io)).toBe(0);
    expect(update.stderr()).toBe('');
    const baseline = JSON.parse(readFileSync(join(root, 'base.json'), 'utf8'));
    expect(Object.keys(baseline).sort()).toEqual(['files', 'totals']);
    expect(Object.keys(baseline.files[MATH])).toEqual(['summary']);
    const second = captureIo(root);
    expect(await main(['check'], second.io)).toBe(0);
    expect(second.stderr()).toBe('');
  });

  it('says which root it chose outside any workspace', async () => {
    const root = makeWorkspace({ inputs: INPUTS, style: 'none' });
    const c = captureIo(join(root, 'packages'));
    expect(await main(['merge', '--input', '*/coverage/coverage-final.json'], c.io)).toBe(0);
    expect(c.stderr()).toContain(
      `atom-coverage: warning: no pnpm-workspace.yaml or package.json "workspaces" in ${join(root, 'packages')} or above: using it as the root (pass --root to choose another)`,
    );
  });

  it('check rejects a coverage.json of the wrong shape', async () => {
    const root = makeWorkspace({
      files: {
        'coverage/coverage.json': {
          files: {
            a: {
              summary: {
                percent_statements_covered: 1,
                percent_lines_covered: 1,
                percent_branches_covered: 1,
                percent_functions_covered: 1,
                percent_covered: 1,
              },
            },
          },
          totals: {
            percent_statements_covered: 1,
            percent_lines_covered: 1,
            percent_branches_covered: 1,
            percent_functions_covered: 1,
            percent_covered: 1,
          },
        },
      },
    });
    const c = captureIo(root);
    expect(await main(['check'], c.io)).toBe(2);
    expect(c.stderr()).toBe(
      'atom-coverage: coverage/coverage.json at /packages: expected an object of package summaries\n',
    );
    const root2 = makeWorkspace({
      files: {
        'coverage/coverage.json': {
          packages: {},
          files: {
            'x/y': {
              summary: {
                percent_statements_covered: 1,
                percent_lines_covered: 1,
                percent_branches_covered: 1,
                percent_functions_covered: 1,
                percent_covered: 1,
              },
            },
          },
          totals: {
            percent_statements_covered: 1,
            percent_lines_covered: 1,
            percent_branches_covered: 1,
            percent_functions_covered: 1,
            percent_covered: 1,
          },
        },
      },
    });
    const c2 = captureIo(root2);
    expect(await main(['check'], c2.io)).toBe(2);
    expect(c2.stderr()).toContain('at /files/x~1y/package: expected a package name');
  });

  it('check without a targets file passes', async () => {
    const root = makeWorkspace({ inputs: INPUTS });
    expect(await main(['merge'], captureIo(root).io)).toBe(0);
    const c = captureIo(root);
    expect(await main(['check'], c.io)).toBe(0);
    expect(c.stdout()).toContain('all coverage targets met');
  });

  it('shows progress on many inputs: live on a TTY, in quarters otherwise', async () => {
    const root = makeWorkspace({ inputs: many(12) });
    const plain = captureIo(root);
    expect(await main(['merge', '--input', 'cov/*.json'], plain.io)).toBe(0);
    expect(plain.stderr().match(/^reading inputs \d+\/12$/gm)).toEqual([
      'reading inputs 3/12',
      'reading inputs 6/12',
      'reading inputs 9/12',
      'reading inputs 12/12',
    ]);
    const tty = captureIo(root);
    tty.io.isTTY = true;
    expect(await main(['merge', '--input', 'cov/*.json'], tty.io)).toBe(0);
    expect(tty.stderr()).toContain('\rreading inputs 12/12\n');
    expect(tty.stdout()).toContain('\u001b[');
    const noColor = captureIo(root, { NO_COLOR: '1' });
    noColor.io.isTTY = true;
    expect(await main(['merge', '--input', 'cov/*.json', '--json'], noColor.io)).toBe(0);
    expect(noColor.stderr()).toBe(
      'atom-coverage: warning: no coverage.targets.json: every target passes\n',
    );
    expect(JSON.parse(noColor.stdout())).toMatchObject({
      inputs: 12,
      files: 1,
      written: ['coverage/coverage.json'],
    });
  });

  it('records the git commit when GITHUB_SHA is not set, and honours the clock', async () => {
    const root = makeWorkspace({ inputs: INPUTS });
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: root, stdio: 'pipe', encoding: 'utf8' });
    git('init', '-q');
    git('-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'x');
    const head = git('rev-parse', 'HEAD').trim();
    const c = captureIo(root, { GITHUB_SHA: undefined, SOURCE_DATE_EPOCH: undefined });
    c.io.now = () => new Date(Date.UTC(2030, 4, 6));
    expect(await main(['merge'], c.io)).toBe(0);
    const coverage = JSON.parse(readFileSync(join(root, 'coverage/coverage.json'), 'utf8'));
    expect(coverage.meta.commit).toBe(head);
    expect(coverage.meta.generated_at).toBe('2030-05-06T00:00:00.000Z');
  });

  it('--update-baseline writes the baseline without its own comparison; merged map is repo-relative', async () => {
    const root = makeWorkspace({
      inputs: INPUTS,
      files: {
        'coverage-baseline.json': {
          files: {},
          totals: {
            percent_statements_covered: 1,
            percent_lines_covered: 1,
            percent_branches_covered: 1,
            percent_functions_covered: 1,
            percent_covered: 1,
          },
        },
      },
    });
    expect(
      await main(['merge', '--update-baseline', '--reporter', 'json'], captureIo(root).io),
    ).toBe(0);
    const baseline = JSON.parse(readFileSync(join(root, 'coverage-baseline.json'), 'utf8'));
    expect(baseline.baseline).toBeUndefined();
    expect(Object.keys(baseline.files)).toEqual([MATH, 'packages/b/src/strings.js']);
    const merged = JSON.parse(readFileSync(join(root, 'coverage/coverage-merged.json'), 'utf8'));
    expect(Object.keys(merged)).toEqual([MATH, 'packages/b/src/strings.js']);
    expect(merged[MATH].path).toBe(MATH);
  });

  it('names the input count when --exclude empties several inputs', async () => {
    const root = makeWorkspace({ inputs: INPUTS });
    const c = captureIo(root);
    expect(await main(['merge', '--exclude', '**/*.js'], c.io)).toBe(2);
    expect(c.stderr()).toBe(
      'atom-coverage: 2 inputs: no source file left after --include/--exclude\n',
    );
  });
});

describe('runCli', () => {
  it('sets process.exitCode from main and reports internal errors', async () => {
    const { runCli } = await import('../src/cli.js');
    const { vi } = await import('vitest');
    const saved = process.exitCode;
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const errWrite = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await runCli(['--version']);
      expect(process.exitCode).toBe(0);
      expect(String(write.mock.calls[0]?.[0])).toMatch(/^\d+\.\d+\.\d+\n$/);
      write.mockImplementation(() => {
        throw new Error('EPIPE');
      });
      await runCli(['--help']);
      expect(process.exitCode).toBe(2);
      expect(String(errWrite.mock.calls.at(-1)?.[0])).toBe(
        'atom-coverage: internal error: Error: EPIPE\n',
      );
    } finally {
      write.mockRestore();
      errWrite.mockRestore();
      process.exitCode = saved;
    }
  });

  it('uses the process cwd when io has none, and names a single emptied input', async () => {
    const root = makeWorkspace({
      inputs: {
        'packages/a/coverage/coverage-final.json': INPUTS[
          'packages/a/coverage/coverage-final.json'
        ] as InputSpec,
      },
    });
    const out: string[] = [];
    const code = await main(['merge', '--root', root, '--exclude', '**'], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
    });
    expect(code).toBe(2);
    expect(out.join('')).toBe(
      'atom-coverage: packages/a/coverage/coverage-final.json: no source file left after --include/--exclude\n',
    );
  });
});
