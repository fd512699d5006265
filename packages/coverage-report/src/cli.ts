import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { gitCommit } from './git-commit.js';
import { istanbulLibCoverage } from './istanbul-lib.js';
import type { CoverageMap } from 'istanbul-lib-coverage';
import { writeFileAtomic } from './atomic-write.js';
import { compareBaseline, readBaseline, regressionFailures, validateBaseline } from './baseline.js';
import type { BaselineData } from './baseline.js';
import { HELP, parseArgs } from './cli-args.js';
import type { CliOptions } from './cli-args.js';
import { buildCoverageJson, generatedAt, serializeDeterministic } from './coverage-json.js';
import {
  createPackageResolver,
  defaultInputGlobs,
  discoverInputs,
  findWorkspaceRoot,
  isWorkspaceRoot,
  readWorkspace,
} from './discover-inputs.js';
import type { Workspace } from './discover-inputs.js';
import {
  EmptyCoverageError,
  escapePointer,
  InvalidShapeError,
  NoInputsError,
  NotMergedError,
  UsageError,
  isCoverageReportError,
} from './errors.js';
import { appendHistory, emptyHistory, readHistory } from './history.js';
import { ShapeMismatch, createCompactMerger, createCoverageMerger } from './merge-coverage.js';
import type { CompactFile } from './compact-coverage.js';
import { createPathNormalizer } from './normalize-paths.js';
import { readJsonFile } from './json-text.js';
import { readCompactRecords, readCoverageFile } from './read-coverage.js';
import { writeReports } from './report/write-reports.js';
import { DEFAULT_BASELINE_FILE, evaluateTargets, parseTargets } from './targets.js';
import type { TargetsConfig } from './targets.js';
import { renderFailures, renderTable } from './terminal-table.js';
import { DEFAULT_REPORTERS, needsIstanbulMap } from './reporters.js';
import type { Reporter } from './reporters.js';
import type { CoverageJson, InputInfo, TargetFailure } from './types.js';

/** Where the CLI writes and what it reads from its surroundings; injected so tests run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Working directory (default `process.cwd()`). */
  cwd?: string;
  /** Environment (default `process.env`): `SOURCE_DATE_EPOCH`, `GITHUB_SHA`, `GITHUB_STEP_SUMMARY`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal: colours and live progress only then (default false). */
  isTTY?: boolean;
  /** Clock for `generated_at` when `SOURCE_DATE_EPOCH` is not set (default `new Date()`). */
  now?: () => Date;
}

/** Inputs from this many on get progress output. */
const PROGRESS_FROM = 10;

/** The version of this package, read from its package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function repoPath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

function currentCommit(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const fromEnv = env.GITHUB_SHA ?? env.CI_COMMIT_SHA;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return gitCommit(root, env);
}

interface Context {
  options: CliOptions;
  io: CliIo;
  env: Readonly<Record<string, string | undefined>>;
  root: string;
  workspace: Workspace;
  outDir: string;
  targets: TargetsConfig | undefined;
  warnings: string[];
  reporters: Set<Reporter>;
}

async function loadTargets(
  root: string,
  flag: string | undefined,
  warnings: string[],
): Promise<TargetsConfig | undefined> {
  const abs = resolve(root, flag ?? 'coverage.targets.json');
  const display = repoPath(root, abs);
  if (flag === undefined && !existsSync(abs)) {
    warnings.push('no coverage.targets.json: every target passes');
    return undefined;
  }
  return parseTargets(display, await readJsonFile(abs, display));
}

async function loadBaseline(
  ctx: Context,
): Promise<{ file: string; data: BaselineData } | undefined> {
  const configured = ctx.options.baseline ?? ctx.targets?.baseline?.file;
  const abs = resolve(ctx.root, configured ?? DEFAULT_BASELINE_FILE);
  const display = repoPath(ctx.root, abs);
  const data = await readBaseline(abs, display);
  if (data === undefined && configured !== undefined && !ctx.options.updateBaseline) {
    const warning = `baseline ${display} does not exist: the "no file may drop" gate is off (create it with --update-baseline)`;
    if (!ctx.warnings.includes(warning)) ctx.warnings.push(warning);
  }
  return data === undefined ? undefined : { file: display, data };
}

interface MergeOutcome {
  coverage: CoverageJson;
  map: CoverageMap | undefined;
}

/** Reads, validates and hands over one input at a time: each text is garbage before the next. */
async function readEach(
  ctx: Context,
  files: readonly string[],
  add: (abs: string, display: string) => void | Promise<void>,
): Promise<void> {
  const progress = files.length >= PROGRESS_FROM && !ctx.options.json;
  let lastQuarter = 0;
  for (const [i, abs] of files.entries()) {
    const display = repoPath(ctx.root, abs);
    await add(abs, display);
    if (!progress) continue;
    if (ctx.io.isTTY === true) ctx.io.stderr(`\rreading inputs ${i + 1}/${files.length}`);
    else {
      const quarter = Math.floor(((i + 1) * 4) / files.length);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        ctx.io.stderr(`reading inputs ${i + 1}/${files.length}\n`);
      }
    }
  }
  if (progress && ctx.io.isTTY === true) ctx.io.stderr('\n');
}

async function doMerge(ctx: Context): Promise<MergeOutcome> {
  const globs =
    ctx.options.input.length > 0
      ? ctx.options.input
      : (ctx.targets?.inputs ?? defaultInputGlobs(ctx.workspace));
  const files = discoverInputs(ctx.root, globs);
  if (files.length === 0) throw new NoInputsError(globs, ctx.root);
  if (ctx.options.input.length === 0 && ctx.targets?.inputs === undefined) {
    const found = new Set(files);
    for (const pkg of ctx.workspace.packages) {
      const expected = join(ctx.root, pkg.dir, 'coverage/coverage-final.json');
      if (pkg.dir !== '.' && !found.has(expected)) {
        ctx.warnings.push(`no coverage input for ${pkg.name} (${repoPath(ctx.root, expected)})`);
      }
    }
  }
  const normalizer = createPathNormalizer(ctx.root);
  const inputFiles = files.map((abs) => repoPath(ctx.root, abs));
  let compact: ReadonlyMap<string, CompactFile> | undefined;
  let map: CoverageMap | undefined;
  let filesPerInput: number[] = [];
  if (!needsIstanbulMap(ctx.reporters)) {
    // coverage.json alone needs only compact records: a fraction of the memory of istanbul's map.
    try {
      const merger = createCompactMerger(normalizer);
      await readEach(ctx, files, (abs, display) => {
        merger.add(display, readCompactRecords(abs, display));
      });
      ({ files: compact, filesPerInput } = merger.result());
    } catch (error) {
      if (!(error instanceof ShapeMismatch)) throw error;
    }
  }
  if (compact === undefined) {
    const merger = createCoverageMerger(normalizer, { allowMismatch: ctx.options.allowMismatch });
    await readEach(ctx, files, async (abs, display) => {
      merger.add({ file: display, data: await readCoverageFile(abs, display) });
    });
    const merged = merger.result();
    ctx.warnings.push(...merged.warnings);
    map = merged.map;
    filesPerInput = merged.filesPerInput;
  }
  const packageOf = createPackageResolver(ctx.workspace);
  const inputInfo: InputInfo[] = inputFiles.map((file, i) => ({
    package: packageOf(file),
    file,
    files: filesPerInput[i] as number,
  }));
  const include =
    ctx.options.include.length > 0 ? ctx.options.include : (ctx.targets?.include ?? []);
  const exclude =
    ctx.options.exclude.length > 0 ? ctx.options.exclude : (ctx.targets?.exclude ?? []);
  const baseline = await loadBaseline(ctx);
  const commit = currentCommit(ctx.root, ctx.env);
  const coverage = buildCoverageJson({
    map: compact ?? (map as CoverageMap),
    root: normalizer.root,
    packageOf,
    inputs: inputInfo,
    version: packageVersion(),
    generatedAt: generatedAt(ctx.env, ctx.io.now ?? (() => new Date())),
    ...(commit !== undefined ? { commit } : {}),
    include,
    exclude,
    ...(ctx.targets !== undefined ? { targets: ctx.targets } : {}),
    knownPackages: ctx.workspace.packages.map((p) => p.name),
    ...(baseline !== undefined ? { baseline } : {}),
  });
  const paths = Object.keys(coverage.files);
  if (paths.length === 0) {
    throw new EmptyCoverageError(
      files.length === 1 ? repoPath(ctx.root, files[0] as string) : `${files.length} inputs`,
      'no source file left after --include/--exclude',
    );
  }
  return { coverage, map };
}

function readCoverageJsonShape(file: string, data: unknown): CoverageJson {
  validateBaseline(file, data);
  const record = data as { packages?: unknown; files: Record<string, { package?: unknown }> };
  const packages = record.packages;
  if (typeof packages !== 'object' || packages === null || Array.isArray(packages)) {
    throw new InvalidShapeError(file, '/packages', 'expected an object of package summaries');
  }
  for (const [path, entry] of Object.entries(record.files)) {
    if (typeof entry.package !== 'string') {
      throw new InvalidShapeError(
        file,
        `/files/${escapePointer(path)}/package`,
        'expected a package name',
      );
    }
  }
  return data as CoverageJson;
}

async function loadCoverageJson(ctx: Context): Promise<CoverageJson> {
  const abs = join(ctx.outDir, 'coverage.json');
  const display = repoPath(ctx.root, abs);
  if (!existsSync(abs)) throw new NotMergedError(display, ctx.options.command);
  return readCoverageJsonShape(display, await readJsonFile(abs, display));
}

async function doCheck(ctx: Context, coverage: CoverageJson): Promise<TargetFailure[]> {
  if (ctx.targets === undefined) return [];
  const evaluation = evaluateTargets(
    coverage,
    ctx.targets,
    ctx.workspace.packages.map((p) => p.name),
  );
  const failures = [...evaluation.failures];
  const baseline = await loadBaseline(ctx);
  if (baseline !== undefined && ctx.targets.baseline !== undefined) {
    const comparison = compareBaseline(coverage, baseline.data, baseline.file);
    failures.push(
      ...regressionFailures(
        comparison,
        ctx.targets.baseline.maxDrop,
        ctx.targets,
        evaluation.fileTargets,
      ),
    );
  }
  return failures;
}

async function doReport(
  ctx: Context,
  coverage: CoverageJson,
  map: CoverageMap | undefined,
): Promise<string[]> {
  const historyFile = resolve(ctx.root, ctx.options.history ?? join(ctx.outDir, 'history.json'));
  const history = await readHistory(historyFile);
  const written = await writeReports(
    {
      coverage,
      ...(map !== undefined ? { map } : {}),
      history,
      outDir: ctx.outDir,
      root: ctx.root,
    },
    { env: ctx.env, reporters: ctx.reporters },
  );
  await appendHistory(historyFile, coverage);
  return [...written, historyFile];
}

async function loadMergedMap(ctx: Context): Promise<CoverageMap> {
  const abs = join(ctx.outDir, 'coverage-merged.json');
  if (!existsSync(abs)) {
    throw new NotMergedError(repoPath(ctx.root, abs), 'report', [...ctx.reporters]);
  }
  const data = await readCoverageFile(abs, repoPath(ctx.root, abs));
  const map = istanbulLibCoverage().createCoverageMap({});
  for (const record of Object.values(data)) {
    const path = resolve(ctx.root, record.path);
    map.addFileCoverage({ ...record, path });
  }
  return map;
}

async function execute(ctx: Context): Promise<number> {
  const { options, io } = ctx;
  const color = io.isTTY === true && ctx.env.NO_COLOR === undefined;
  let coverage: CoverageJson;
  let failures: TargetFailure[];
  const written: string[] = [];
  if (options.command === 'merge' || options.command === 'run') {
    const outcome = await doMerge(ctx);
    coverage = outcome.coverage;
    const { map } = outcome;
    failures = coverage.targets.failures;
    const coverageFile = join(ctx.outDir, 'coverage.json');
    await writeFileAtomic(coverageFile, serializeDeterministic(coverage));
    written.push(coverageFile);
    if (options.updateBaseline) {
      const baselineFile = resolve(
        ctx.root,
        options.baseline ?? ctx.targets?.baseline?.file ?? DEFAULT_BASELINE_FILE,
      );
      await writeFileAtomic(baselineFile, serializeDeterministic(baselineOf(coverage)));
      written.push(baselineFile);
    }
    if (options.command === 'run') written.push(...(await doReport(ctx, coverage, map)));
    else if (ctx.reporters.has('json')) {
      written.push(
        ...(await writeReports(
          { coverage, map, history: emptyHistory(), outDir: ctx.outDir, root: ctx.root },
          { env: ctx.env, reporters: ['json'] },
        )),
      );
    }
  } else {
    coverage = await loadCoverageJson(ctx);
    if (options.command === 'check') failures = await doCheck(ctx, coverage);
    else {
      const map = needsIstanbulMap(ctx.reporters) ? await loadMergedMap(ctx) : undefined;
      failures = coverage.targets.failures;
      written.push(...(await doReport(ctx, coverage, map)));
    }
  }
  const gated = options.command === 'check' || options.command === 'run';
  const exitCode = gated && failures.length > 0 ? 1 : 0;
  for (const warning of ctx.warnings) io.stderr(`atom-coverage: warning: ${warning}\n`);
  if (options.json) {
    io.stdout(
      `${JSON.stringify({
        command: options.command,
        exitCode,
        inputs: coverage.meta.inputs.length,
        packages: Object.keys(coverage.packages).length,
        files: Object.keys(coverage.files).length,
        totals: coverage.totals,
        targets: { met: failures.length === 0, failures },
        written: written.map((w) => repoPath(ctx.root, w)).sort(),
        warnings: ctx.warnings,
      })}\n`,
    );
    return exitCode;
  }
  if (options.command === 'report') {
    io.stdout(
      'atom-coverage report: writes reports only and never fails on targets; `atom-coverage check` gates\n',
    );
  }
  if (options.command !== 'check') {
    io.stdout(
      `atom-coverage ${options.command}: ${coverage.meta.inputs.length} input(s), ${Object.keys(coverage.packages).length} package(s), ${Object.keys(coverage.files).length} file(s)\n`,
    );
  }
  io.stdout(renderTable(coverage, { color }));
  if (gated || failures.length > 0) io.stdout(renderFailures(failures, { color }));
  for (const w of written) io.stdout(`wrote ${repoPath(ctx.root, w)}\n`);
  return exitCode;
}

/**
 * The root: `--root` (which must be an existing directory), else the nearest workspace above
 * `cwd`, else `cwd` itself, with a warning that says so.
 */
function chooseRoot(cwd: string, flag: string | undefined, warnings: string[]): string {
  if (flag !== undefined) {
    const root = resolve(cwd, flag);
    if (!existsSync(root)) throw new UsageError(`--root ${flag}: no such directory (${root})`);
    if (!statSync(root).isDirectory()) throw new UsageError(`--root ${flag}: not a directory`);
    return root;
  }
  const found = findWorkspaceRoot(cwd);
  if (!isWorkspaceRoot(found)) {
    warnings.push(
      `no pnpm-workspace.yaml or package.json "workspaces" in ${found} or above: using it as the root (pass --root to choose another)`,
    );
  }
  return found;
}

/** The part of a run's `coverage.json` a baseline keeps: per-file summaries and the totals. */
function baselineOf(coverage: CoverageJson): BaselineData {
  const files: BaselineData['files'] = {};
  for (const path of Object.keys(coverage.files).sort()) {
    files[path] = { summary: (coverage.files[path] as CoverageJson['files'][string]).summary };
  }
  return { files, totals: coverage.totals };
}

/** Runs the `atom-coverage` CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  let options: CliOptions;
  try {
    options = parseArgs(argv);
    if (options.help) {
      io.stdout(HELP);
      return 0;
    }
    if (options.version) {
      io.stdout(`${packageVersion()}\n`);
      return 0;
    }
    const cwd = io.cwd ?? process.cwd();
    const warnings: string[] = [];
    const root = chooseRoot(cwd, options.root, warnings);
    const ctx: Context = {
      options,
      io,
      env,
      root,
      workspace: readWorkspace(root),
      outDir: resolve(root, options.out ?? 'coverage'),
      targets: await loadTargets(root, options.targets, warnings),
      warnings,
      reporters: new Set(),
    };
    ctx.reporters = new Set(
      options.reporter.length > 0
        ? options.reporter
        : (ctx.targets?.reporters ?? DEFAULT_REPORTERS),
    );
    return await execute(ctx);
  } catch (error) {
    if (!isCoverageReportError(error)) throw error;
    io.stderr(`atom-coverage: ${error.message}\n`);
    if (argv.includes('--json')) {
      io.stdout(
        `${JSON.stringify({ exitCode: 2, error: { code: error.code, message: error.message } })}\n`,
      );
    }
    return 2;
  }
}

/**
 * Entry point used by the `bin` shim: runs {@link main} on `argv` (default: the process's arguments)
 * with the process's streams and sets `process.exitCode`.
 */
export function runCli(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY,
  };
  return main(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`atom-coverage: internal error: ${String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
