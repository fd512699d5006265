import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyEntryOf } from '../../src/history.js';
import { historyWithRun, writeReports } from '../../src/report/write-reports.js';
import type { ReportContext } from '../../src/types.js';
import { makeCoverage, makeHistory, sampleCoverageMap } from '../helpers.js';

const PATHS = ['packages/a/src/one.ts', 'packages/b/src/two.ts'];

async function context(): Promise<ReportContext> {
  const root = await mkdtemp(join(tmpdir(), 'write-reports-'));
  const map = sampleCoverageMap(root, PATHS);
  const coverage = makeCoverage(
    PATHS.map((path) => ({
      path,
      package: path.split('/')[1]!,
      lines: [2, 4] as const,
      statements: [2, 4] as const,
    })),
    { generatedAt: '2026-12-01T10:00:00.000Z', commit: 'deadbeef' },
  );
  return { coverage, map, history: makeHistory(3), outDir: join(root, 'coverage'), root };
}

const ALL = ['summary', 'badge', 'dashboard', 'json', 'lcov', 'cobertura', 'html'] as const;

describe('writeReports', () => {
  it('writes only the dashboard, summary and badge by default', async () => {
    const ctx = await context();
    const o = ctx.outDir;
    expect(await writeReports(ctx, { env: {} })).toEqual(
      [join(o, 'badge.svg'), join(o, 'dashboard', 'index.html'), join(o, 'summary.md')].sort(),
    );
    for (const f of ['lcov.info', 'cobertura.xml', 'coverage-merged.json', 'dashboard/html']) {
      expect(existsSync(join(o, f)), f).toBe(false);
    }
  });

  it('refuses the istanbul reporters without a map, before writing anything', async () => {
    const { map: _map, ...ctx } = await context();
    await expect(writeReports(ctx, { env: {}, reporters: ['summary', 'lcov'] })).rejects.toThrow(
      'the json, lcov, cobertura and html reporters need the merged istanbul map',
    );
    expect(existsSync(ctx.outDir)).toBe(false);
  });

  it('writes the merged map with repo-relative paths when asked', async () => {
    const ctx = await context();
    const [file] = await writeReports(ctx, { env: {}, reporters: ['json'] });
    expect(file).toBe(join(ctx.outDir, 'coverage-merged.json'));
    const merged = JSON.parse(await readFile(file!, 'utf8'));
    expect(Object.keys(merged)).toEqual(PATHS);
    expect(merged[PATHS[0]!].path).toBe(PATHS[0]);
  });

  it('writes dashboard, istanbul views, summary, badge, lcov and cobertura when asked', async () => {
    const ctx = await context();
    const written = await writeReports(ctx, { env: {}, reporters: ALL });
    const o = ctx.outDir;
    expect(written).toEqual(
      [
        join(o, 'badge.svg'),
        join(o, 'cobertura.xml'),
        join(o, 'coverage-merged.json'),
        join(o, 'dashboard', 'html', 'index.html'),
        join(o, 'dashboard', 'index.html'),
        join(o, 'lcov.info'),
        join(o, 'summary.md'),
      ].sort(),
    );
    for (const file of written) expect(existsSync(file)).toBe(true);
    expect(await readFile(join(o, 'badge.svg'), 'utf8')).toContain('fill="#fe7d37"'); // 50%: orange
    expect(await readFile(join(o, 'summary.md'), 'utf8')).toContain('| Lines | 4 | 8 | 50.0% |');
    expect(await readFile(join(o, 'lcov.info'), 'utf8')).toContain('SF:packages/a/src/one.ts');
  });

  it('links every file of the dashboard to an istanbul page that exists', async () => {
    const ctx = await context();
    await writeReports(ctx, { env: {}, reporters: ['dashboard', 'html'] });
    const html = await readFile(join(ctx.outDir, 'dashboard', 'index.html'), 'utf8');
    const hrefs = [...html.matchAll(/<a href="(html\/[^"]+)"><code>([^<]+)<\/code>/g)];
    expect(new Set(hrefs.map((m) => m[2]))).toEqual(new Set(PATHS));
    for (const [, href] of hrefs) {
      expect(existsSync(join(ctx.outDir, 'dashboard', decodeURIComponent(href!)))).toBe(true);
    }
  });

  it('plots the history with this run appended', async () => {
    const ctx = await context();
    await writeReports(ctx, { env: {} });
    const html = await readFile(join(ctx.outDir, 'dashboard', 'index.html'), 'utf8');
    expect(html.match(/data-series="lines"/g)).toHaveLength(4);
    expect(html).toContain('Trend (4 runs)');
  });

  it('appends summary.md to $GITHUB_STEP_SUMMARY when set', async () => {
    const ctx = await context();
    const stepSummary = join(ctx.root, 'step-summary.md');
    await writeFile(stepSummary, 'before\n');
    const written = await writeReports(ctx, { env: { GITHUB_STEP_SUMMARY: stepSummary } });
    expect(written).not.toContain(stepSummary);
    const md = await readFile(join(ctx.outDir, 'summary.md'), 'utf8');
    expect(await readFile(stepSummary, 'utf8')).toBe(`before\n${md}`);
  });

  it('reads GITHUB_STEP_SUMMARY from process.env by default', async () => {
    const ctx = await context();
    const stepSummary = join(ctx.root, 'from-env.md');
    const saved = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = stepSummary;
    try {
      await writeReports(ctx);
    } finally {
      if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = saved;
    }
    expect(await readFile(stepSummary, 'utf8')).toContain('## Coverage: ✅ all targets met');
  });
});

describe('historyWithRun', () => {
  it('adds the run once, even when it was already appended', async () => {
    const ctx = await context();
    const once = historyWithRun(ctx);
    expect(once.entries).toHaveLength(4);
    expect(once.entries.at(-1)).toEqual(historyEntryOf(ctx.coverage));
    expect(historyWithRun({ coverage: ctx.coverage, history: once }).entries).toHaveLength(4);
  });

  it('caps like appendHistory: 100 entries, or more when the history is already longer', async () => {
    const { coverage } = await context();
    const full = historyWithRun({ coverage, history: makeHistory(100) });
    expect(full.entries).toHaveLength(100);
    expect(full.entries[0]).toEqual(makeHistory(100).entries[1]);
    expect(full.entries.at(-1)).toEqual(historyEntryOf(coverage));
    expect(historyWithRun({ coverage, history: makeHistory(150) }).entries).toHaveLength(150);
  });
});
