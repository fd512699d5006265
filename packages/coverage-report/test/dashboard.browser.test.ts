import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../src/report/write-reports.js';
import type { CoverageJson, FileTarget, TargetFailure } from '../src/types.js';
import type { FileSpec } from './helpers.js';
import { makeCoverage, makeHistory, sampleCoverageMap } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const HOSTILE = 'packages/web/src/<img src=x onerror="window.__pwned=1">.ts';
const HISTORY_RUNS = 12;
const RULE = 'packages/*/src/**/*.ts';
const DRILLED = 'packages/engine/src/graph.ts';

/** A realistic repo: three packages, a hostile file name, failing file and total targets. */
function demoCoverage(): CoverageJson {
  const rows: [string, string, number, number, number, number][] = [
    ['packages/engine/src/scheduler.ts', '@atom/engine', 612, 640, 180, 200],
    ['packages/engine/src/graph.ts', '@atom/engine', 301, 340, 70, 96],
    ['packages/engine/src/errors.ts', '@atom/engine', 40, 40, 4, 4],
    ['packages/engine/src/retry.ts', '@atom/engine', 118, 120, 30, 32],
    ['packages/models/src/schema.ts', '@atom/models', 210, 260, 40, 60],
    ['packages/models/src/migrate.ts', '@atom/models', 0, 85, 0, 12],
    ['packages/models/src/query.ts', '@atom/models', 150, 152, 22, 24],
    ['packages/coverage-report/src/merge-coverage.ts', '@atom/coverage-report', 188, 190, 41, 44],
    ['packages/coverage-report/src/targets.ts', '@atom/coverage-report', 95, 110, 20, 30],
    [HOSTILE, '@atom/web', 8, 10, 1, 2],
  ];
  const failures: TargetFailure[] = [];
  const specs: FileSpec[] = rows.map(([path, pkg, lc, lt, bc, bt]) => {
    const lines = (100 * lc) / lt;
    const branches = (100 * bc) / bt;
    const met = lines >= 95 && branches >= 90;
    if (lines < 95) {
      failures.push({
        scope: 'file',
        name: path,
        rule: RULE,
        metric: 'lines',
        actual: lines,
        required: 95,
        kind: 'threshold',
      });
    }
    if (branches < 90) {
      failures.push({
        scope: 'file',
        name: path,
        rule: RULE,
        metric: 'branches',
        actual: branches,
        required: 90,
        kind: 'threshold',
      });
    }
    const target: FileTarget = { rule: RULE, thresholds: { lines: 95, branches: 90 }, met };
    return {
      path,
      package: pkg,
      lines: [lc, lt],
      statements: [lc, lt],
      branches: [bc, bt],
      functions: [Math.round(lc / 20), Math.round(lt / 20)],
      target,
      missingFunctions: lc < lt ? [{ name: 'uncoveredPath', line: 12 }] : [],
    };
  });
  const totalLines = makeCoverage(specs).totals.percent_lines_covered;
  failures.push({
    scope: 'total',
    name: 'total',
    rule: 'total',
    metric: 'lines',
    actual: totalLines,
    required: 95,
    kind: 'threshold',
  });
  return makeCoverage(specs, {
    failures,
    commit: '3f9c2d41a7b0e5c6',
    generatedAt: '2026-12-01T21:00:00.000Z',
    baseline: {
      file: 'coverage-baseline.json',
      totals_delta: {
        lines: 1.4,
        branches: -0.6,
        statements: 1.4,
        functions: 0,
        percent_covered: 0.9,
      },
      files: {
        'packages/engine/src/scheduler.ts': { lines: 3.2 },
        'packages/engine/src/graph.ts': { lines: -4.1 },
        'packages/engine/src/errors.ts': { lines: 0 },
        'packages/models/src/schema.ts': { lines: 0.8 },
        'packages/models/src/query.ts': { lines: -0.3 },
      },
      new_files: [
        'packages/coverage-report/src/merge-coverage.ts',
        'packages/coverage-report/src/targets.ts',
      ],
      removed_files: [],
    },
  });
}

let context: BrowserContext;
let page: Page;
let coverage: CoverageJson;
let dashboardUrl: string;
let userDataDir: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  console.log(`dashboard.browser.test: Chromium at ${CHROMIUM}`);
  const root = await mkdtemp(join(tmpdir(), 'dashboard-browser-'));
  coverage = demoCoverage();
  const map = sampleCoverageMap(root, Object.keys(coverage.files));
  // a real source for the drill-down: line n reads `const line<n> = <n>;`
  const lines = Array.from({ length: 60 }, (_, i) => `const line${i + 1} = ${i + 1};`);
  await writeFile(join(root, DRILLED), `${lines.join('\n')}\n`);
  const outDir = join(root, 'coverage');
  await writeReports(
    { coverage, map, history: makeHistory(HISTORY_RUNS - 1), outDir, root },
    {
      env: {},
      reporters: ['summary', 'badge', 'dashboard', 'html'],
      drillDown: { maxLinesPerFile: 60 },
    },
  );
  dashboardUrl = pathToFileURL(join(outDir, 'dashboard', 'index.html')).href;
  userDataDir = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.goto(dashboardUrl);
});

afterAll(async () => {
  await context?.close();
  if (userDataDir !== undefined) await rm(userDataDir, { recursive: true, force: true });
});

async function visiblePaths(): Promise<string[]> {
  const paths = await page.evaluate(
    "Array.from(document.querySelectorAll('#file-table tbody tr:not([hidden])'), (r) => r.getAttribute('data-path'))",
  );
  return paths as string[];
}

describe('dashboard in Chromium', () => {
  it('renders one row per file, the hostile name as text and never as markup', async () => {
    expect((await visiblePaths()).sort()).toEqual(Object.keys(coverage.files).sort());
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    await expect(page.locator('#file-table code', { hasText: '<img src=x' }).count()).resolves.toBe(
      1,
    );
  });

  it('marks the failing total target visibly in red', async () => {
    const status = page.locator('#target-status');
    expect(await status.textContent()).toMatch(/✗ \d+ targets missed/);
    const color = String(
      await page.evaluate("getComputedStyle(document.getElementById('target-status')).color"),
    );
    const [r, g, b] = (color.match(/\d+/g) ?? []).map(Number);
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(100);
    expect(b).toBeLessThan(100);
    const card = page.locator('.card[data-metric="lines"]');
    expect(await card.getAttribute('class')).toContain('failed');
    expect(await card.locator('.miss').textContent()).toMatch(/^✗ below 95% lines/);
    expect(await page.locator('#file-table tr.failed').count()).toBe(
      new Set(coverage.targets.failures.filter((f) => f.scope === 'file').map((f) => f.name)).size,
    );
  });

  it('sorts by a clicked column, ascending then descending', async () => {
    const byLines = Object.entries(coverage.files)
      .map(([path, f]) => [path, f.summary.percent_lines_covered] as const)
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
      .map(([path]) => path);
    await page.click('#file-table th[data-key="lines"] button');
    expect(await visiblePaths()).toEqual(byLines);
    expect(await page.getAttribute('#file-table th[data-key="lines"]', 'aria-sort')).toBe(
      'ascending',
    );
    await page.click('#file-table th[data-key="lines"] button');
    expect(await visiblePaths()).toEqual([...byLines].reverse());
    expect(await page.getAttribute('#file-table th[data-key="lines"]', 'aria-sort')).toBe(
      'descending',
    );
    await page.click('#file-table th[data-key="path"] button');
    expect(await visiblePaths()).toEqual(Object.keys(coverage.files).sort());
  });

  it('filters by text and by failing targets', async () => {
    await page.fill('#file-filter', 'models');
    const models = await visiblePaths();
    expect(models.length).toBe(3);
    expect(models.every((p) => p.includes('models'))).toBe(true);
    expect(await page.textContent('#file-count')).toBe(
      `Showing 3 of ${Object.keys(coverage.files).length} files`,
    );
    await page.check('#only-failing');
    const failing = await visiblePaths();
    expect(failing.length).toBeLessThan(models.length);
    expect(failing.every((p) => coverage.files[p]?.target?.met === false)).toBe(true);
    await page.uncheck('#only-failing');
    await page.fill('#file-filter', '');
    expect(await visiblePaths()).toHaveLength(Object.keys(coverage.files).length);
  });

  it('draws one trend point per history entry', async () => {
    expect(await page.locator('#trend circle[data-series="lines"]').count()).toBe(HISTORY_RUNS);
    expect(await page.locator('#trend circle[data-series="branches"]').count()).toBe(HISTORY_RUNS);
  });

  it('links files to istanbul pages that open from file://', async () => {
    const href = await page.getAttribute('#file-table a', 'href');
    expect(href).toMatch(/^html\/.+\.html$/);
    const target = new URL(href!, dashboardUrl);
    expect(existsSync(fileURLToPath(target))).toBe(true);
  });

  it('drills down into a file that misses its target: source with uncovered lines marked', async () => {
    const missing = coverage.files[DRILLED]!.missing_lines;
    expect(await page.isHidden('#drill-down')).toBe(true);
    await page.click(`#file-table button.drill[data-path="${DRILLED}"]`);
    expect(await page.isVisible('#drill-down')).toBe(true);
    expect(await page.textContent('#drill-title')).toBe(`${DRILLED} misses its target`);
    expect(await page.textContent('#drill-note')).toBe(
      `Uncovered lines: ${missing[0]}–${missing.at(-1)}`,
    );
    const uncovered = await page.evaluate<[number, string][]>(
      "Array.from(document.querySelectorAll('#drill-source tr.uncovered'), (r) => [Number(r.getAttribute('data-line')), r.textContent])",
    );
    expect(uncovered.map(([line]) => line)).toEqual(missing);
    expect(uncovered[0]).toEqual([
      missing[0],
      `${missing[0]}const line${missing[0]} = ${missing[0]};`,
    ]);
    const after = missing.at(-1)! + 1;
    expect(await page.getAttribute(`#drill-source tr[data-line="${after}"]`, 'class')).toBe(
      'covered',
    );
    const background = await page.evaluate(
      "getComputedStyle(document.querySelector('#drill-source tr.uncovered td.code')).backgroundColor",
    );
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    // a file that is fully covered and met its target has nothing to drill into
    expect(
      await page
        .locator('#file-table button.drill[data-path="packages/engine/src/errors.ts"]')
        .count(),
    ).toBe(0);
  });

  it('logs no console error and saves light and dark screenshots', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    const bg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(bg).toBe('rgb(13, 17, 23)');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-dark.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'dashboard.png'))).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
