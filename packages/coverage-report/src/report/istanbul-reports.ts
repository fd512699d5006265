import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import libCoverage from 'istanbul-lib-coverage';
import type { CoverageMap, FileCoverage, FileCoverageData } from 'istanbul-lib-coverage';
import libReport from 'istanbul-lib-report';
import type { Node } from 'istanbul-lib-report';
import reports from 'istanbul-reports';

/** Options of {@link writeIstanbulReports}. */
export interface IstanbulReportsOptions {
  /** Absolute workspace root: relative map keys are resolved against it, and lcov/cobertura paths are relative to it. */
  root: string;
  /** Absolute directory receiving `lcov.info` and `cobertura.xml`. */
  outDir: string;
  /** Absolute directory receiving istanbul's `html` report (per-file line views). */
  htmlDir: string;
  /** Which of istanbul's reports to write. Default all three. */
  reports?: { lcov?: boolean; cobertura?: boolean; html?: boolean };
}

/** What {@link writeIstanbulReports} wrote. */
export interface IstanbulReportsResult {
  /** Absolute paths of the `lcov.info`, `cobertura.xml` and html `index.html` written. */
  written: string[];
  /** Repo-relative source path → its html page, relative to `htmlDir` (POSIX). */
  fileLinks: Record<string, string>;
}

/** The parts of istanbul-lib-report's tree node that its typings leave out. */
interface ReportNode extends Node {
  getQualifiedName(): string;
  getFileCoverage(): FileCoverage;
}

/** Repo-relative POSIX form of an absolute path. */
function toRepoPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** A copy of `map` keyed (and `path`-ed) by absolute paths, as istanbul's reporters expect. */
export function absoluteCoverageMap(map: CoverageMap, root: string): CoverageMap {
  const out = libCoverage.createCoverageMap({});
  for (const key of map.files()) {
    const data = map.fileCoverageFor(key).toJSON() as FileCoverageData;
    const path = isAbsolute(data.path) ? data.path : resolve(root, data.path);
    out.addFileCoverage(libCoverage.createFileCoverage({ ...data, path }));
  }
  return out;
}

/** Reads a source for the html view; a missing source shows a one-line note instead of failing. */
function findSource(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return `// source not available on this machine: ${path}\n`;
  }
}

/**
 * Writes `lcov.info`, `cobertura.xml` and istanbul's `html` per-file views for `map` through
 * `istanbul-reports`. Everything is written into a temporary folder inside `outDir` first and then
 * renamed into place, so a failure never leaves half a report.
 */
export async function writeIstanbulReports(
  map: CoverageMap,
  options: IstanbulReportsOptions,
): Promise<IstanbulReportsResult> {
  const { root, outDir, htmlDir } = options;
  const want = { lcov: true, cobertura: true, html: true, ...options.reports };
  const absolute = absoluteCoverageMap(map, root);
  await mkdir(outDir, { recursive: true });
  const staging = await mkdtemp(join(outDir, '.istanbul-'));
  try {
    const context = libReport.createContext({
      dir: staging,
      coverageMap: absolute,
      sourceFinder: findSource,
    });
    const written: string[] = [];
    const fileLinks: Record<string, string> = {};
    const moves: [string, string][] = [];
    if (want.lcov) {
      reports.create('lcovonly', { file: 'lcov.info', projectRoot: root }).execute(context);
      moves.push([join(staging, 'lcov.info'), join(outDir, 'lcov.info')]);
    }
    if (want.cobertura) {
      reports.create('cobertura', { file: 'cobertura.xml', projectRoot: root }).execute(context);
      moves.push([join(staging, 'cobertura.xml'), join(outDir, 'cobertura.xml')]);
    }
    if (want.html) {
      const htmlContext = libReport.createContext({
        dir: join(staging, 'html'),
        coverageMap: absolute,
        sourceFinder: findSource,
      });
      reports.create('html', { skipEmpty: false }).execute(htmlContext);
      htmlContext.getTree().visit(
        {
          onDetail(node: ReportNode) {
            const path = toRepoPath(root, node.getFileCoverage().path);
            fileLinks[path] = `${node.getQualifiedName()}.html`;
          },
        },
        undefined,
      );
    }
    for (const [from, to] of moves) {
      await rename(from, to);
      written.push(to);
    }
    if (want.html) {
      await rm(htmlDir, { recursive: true, force: true });
      await mkdir(resolve(htmlDir, '..'), { recursive: true });
      await rename(join(staging, 'html'), htmlDir);
      written.push(join(htmlDir, 'index.html'));
    }
    return { written, fileLinks };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
