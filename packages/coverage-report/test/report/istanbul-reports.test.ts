import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import libCoverage from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import { absoluteCoverageMap, writeIstanbulReports } from '../../src/report/istanbul-reports.js';
import { sampleCoverageMap, sampleFileCoverage } from '../helpers.js';

const PATHS = ['packages/a/src/one.ts', 'packages/b/src/deep/two.ts'];

async function setup(absolute: boolean) {
  const root = await mkdtemp(join(tmpdir(), 'istanbul-reports-'));
  const map = sampleCoverageMap(root, PATHS, absolute);
  const outDir = join(root, 'coverage');
  const htmlDir = join(outDir, 'dashboard', 'html');
  return { root, map, outDir, htmlDir };
}

describe('writeIstanbulReports', () => {
  it('writes lcov.info with repo-relative SF lines and real counts', async () => {
    const { root, map, outDir, htmlDir } = await setup(true);
    const result = await writeIstanbulReports(map, { root, outDir, htmlDir });
    expect(result.written).toEqual([
      join(outDir, 'lcov.info'),
      join(outDir, 'cobertura.xml'),
      join(htmlDir, 'index.html'),
    ]);
    const lcov = await readFile(join(outDir, 'lcov.info'), 'utf8');
    expect(lcov.match(/^SF:.*$/gm)).toEqual(PATHS.map((p) => `SF:${p}`));
    expect(lcov).toContain('FN:1,covered');
    expect(lcov).toContain('FNDA:0,uncovered');
    expect(lcov).toContain('DA:3,3');
    expect(lcov).toContain('DA:8,0');
    expect(lcov).toContain('BRDA:2,0,1,0');
    expect(lcov).toContain('LF:4\nLH:2');
    expect(lcov.match(/end_of_record/g)).toHaveLength(2);
  });

  it('writes cobertura.xml with one class per file and line rates', async () => {
    const { root, map, outDir, htmlDir } = await setup(true);
    await writeIstanbulReports(map, { root, outDir, htmlDir });
    const xml = await readFile(join(outDir, 'cobertura.xml'), 'utf8');
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(xml).toContain('<coverage lines-valid="8" lines-covered="4" line-rate="0.5"');
    expect(xml).toContain(`<source>${root}</source>`);
    for (const p of PATHS) expect(xml).toContain(`filename="${p}"`);
    expect(xml.match(/<class /g)).toHaveLength(2);
  });

  it('writes the html per-file views and returns their links', async () => {
    const { root, map, outDir, htmlDir } = await setup(true);
    const { fileLinks } = await writeIstanbulReports(map, { root, outDir, htmlDir });
    expect(Object.keys(fileLinks).sort()).toEqual(PATHS);
    for (const [path, href] of Object.entries(fileLinks)) {
      expect(href.endsWith('.html')).toBe(true);
      const page = await readFile(join(htmlDir, href), 'utf8');
      expect(page).toContain('export function covered');
      expect(page).toContain(path.split('/').at(-1));
    }
    // no staging folder is left behind
    expect((await readdir(outDir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('accepts a map keyed by repo-relative paths and replaces an older html report', async () => {
    const { root, map, outDir, htmlDir } = await setup(false);
    await writeIstanbulReports(map, { root, outDir, htmlDir });
    const single = libCoverage.createCoverageMap({});
    single.addFileCoverage(sampleFileCoverage(PATHS[0]!));
    const { fileLinks } = await writeIstanbulReports(single, { root, outDir, htmlDir });
    expect(Object.keys(fileLinks)).toEqual([PATHS[0]]);
    const lcov = await readFile(join(outDir, 'lcov.info'), 'utf8');
    expect(lcov.match(/^SF:.*$/gm)).toEqual([`SF:${PATHS[0]}`]);
    expect(existsSync(join(htmlDir, fileLinks[PATHS[0]!]!))).toBe(true);
    expect((await readdir(htmlDir, { recursive: true })).some((f) => f.includes('two.ts'))).toBe(
      false,
    );
  });

  it('renders a note instead of failing when a source is missing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'istanbul-missing-'));
    const map = libCoverage.createCoverageMap({});
    map.addFileCoverage(sampleFileCoverage('gone/src/x.ts'));
    const outDir = join(root, 'coverage');
    const htmlDir = join(outDir, 'html');
    const { fileLinks } = await writeIstanbulReports(map, { root, outDir, htmlDir });
    const page = await readFile(join(htmlDir, fileLinks['gone/src/x.ts']!), 'utf8');
    expect(page).toContain('source not available on this machine');
  });
});

describe('absoluteCoverageMap', () => {
  it('resolves relative keys and path fields against the root, keeping the data', () => {
    const map = libCoverage.createCoverageMap({});
    map.addFileCoverage(sampleFileCoverage('packages/a/x.ts'));
    const abs = absoluteCoverageMap(map, '/repo');
    expect(abs.files()).toEqual(['/repo/packages/a/x.ts']);
    const fc = abs.fileCoverageFor('/repo/packages/a/x.ts');
    expect(fc.path).toBe('/repo/packages/a/x.ts');
    expect(fc.toSummary().lines.pct).toBe(50);
    expect(absoluteCoverageMap(abs, '/elsewhere').files()).toEqual(['/repo/packages/a/x.ts']);
  });
});
