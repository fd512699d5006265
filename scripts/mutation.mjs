#!/usr/bin/env node
// `pnpm mutation <package> [files...] [--force] [--ignore-static]`: StrykerJS (vitest runner) on one
// package, or on some of its source files, incremental, reports in reports/mutation/<package>/.
//
//   pnpm mutation workflow-engine                       every src file of the engine
//   pnpm mutation @atom/workflow-engine src/retry.ts    one file (also `retry.ts`, `src/retry.ts:10-40`)
//   pnpm --filter @atom/coverage-report mutation src/targets.ts
//   pnpm mutation workflow-engine references.ts --tests 'test/references*.test.ts'
//                                                       only these test files (quicker, a lower bound)
//   pnpm mutation --scores [package]                    print the recorded per-file scores only
//
// fast-check runs with a fixed seed (FC_SEED, default 424242; FC_NUM_RUNS default 20): with a random seed
// @fast-check/vitest names each property differently per run and Stryker would silently skip every
// property. DATABASE_URL is dropped (PGlite only). Each run's report is merged into
// reports/mutation/<package>/mutation.json, which is also the incremental file of the next run, so
// per-file runs accumulate into the package score. Not part of CI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The packages with a `mutation` script (their slow suites are listed in vitest.stryker.config.ts).
const packages = readdirSync(join(root, 'packages')).filter((p) => {
  const manifest = join(root, 'packages', p, 'package.json');
  return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).scripts?.mutation;
});

function usage(message) {
  console.error(
    `${message}\nusage: pnpm mutation <package> [files...] [--tests <globs>] [--force] [--ignore-static]`,
  );
  console.error(`       pnpm mutation --scores [package]`);
  console.error(`packages: ${packages.join(', ')}`);
  process.exit(2);
}

function packageName(arg) {
  const name = arg.replace(/^@atom\//, '').replace(/^packages\//, '');
  if (!packages.includes(name)) usage(`unknown package ${JSON.stringify(arg)}`);
  return name;
}

/** `src/x.ts`, `x.ts`, `packages/p/src/x.ts` or an absolute path, with an optional `:from-to`. */
function mutatePattern(pkg, arg) {
  const match = /^(.*?)((?::\d+(?::\d+)?-\d+(?::\d+)?)?)$/.exec(arg);
  const [file, range] = [match[1], match[2]];
  const base = join(root, 'packages', pkg);
  const candidates = [resolve(process.cwd(), file), join(base, file), join(base, 'src', file)];
  const found = candidates.find((c) => existsSync(c) && c.startsWith(join(base, 'src')));
  if (found === undefined) usage(`no file ${JSON.stringify(file)} under packages/${pkg}/src`);
  return `${relative(root, found)}${range}`;
}

function score(counts) {
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  return valid === 0 ? null : (100 * detected) / valid;
}

function tally(files) {
  const rows = [];
  const total = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
  for (const [file, { mutants }] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
    for (const m of mutants) counts[m.status in counts ? m.status : 'other'] += 1;
    for (const k of Object.keys(total)) total[k] += counts[k];
    rows.push({ file, ...counts, score: score(counts) });
  }
  return { rows, total: { ...total, score: score(total) } };
}

function printScores(pkg) {
  const path = join(root, 'reports/mutation', pkg, 'mutation.json');
  if (!existsSync(path)) {
    console.log(`${pkg}: no mutation run recorded yet`);
    return;
  }
  const { rows, total } = tally(JSON.parse(readFileSync(path, 'utf8')).files);
  const fmt = (s) => (s === null ? '   n/a' : `${s.toFixed(1).padStart(5)}%`);
  console.log(`\n@atom/${pkg}  (killed+timeout / killed+timeout+survived+no-coverage)`);
  for (const r of rows) {
    const name = relative(join('packages', pkg), r.file);
    console.log(
      `  ${fmt(r.score)}  ${name.padEnd(40)} killed ${r.Killed + r.Timeout}, survived ${r.Survived}, no coverage ${r.NoCoverage}`,
    );
  }
  console.log(`  ${fmt(total.score)}  ${'(package, files run so far)'.padEnd(40)}`);
}

const args = process.argv.slice(2);
if (args[0] === '--scores') {
  for (const p of args[1] === undefined ? packages : [packageName(args[1])]) printScores(p);
  process.exit(0);
}
const testsAt = args.indexOf('--tests');
const tests = testsAt === -1 ? '' : (args.splice(testsAt, 2)[1] ?? usage('--tests needs globs'));
const flags = new Set(args.filter((a) => a.startsWith('--')));
for (const f of flags) if (f !== '--force' && f !== '--ignore-static') usage(`unknown flag ${f}`);
const positional = args.filter((a) => !a.startsWith('--'));
// `pnpm --filter <pkg> mutation` runs in the package directory.
const fromPackage = packages.find((p) => resolve(process.cwd()) === join(root, 'packages', p));
const pkg = fromPackage ?? (positional.length > 0 ? packageName(positional.shift()) : undefined);
if (pkg === undefined) usage('which package?');

const out = join(root, 'reports/mutation', pkg);
mkdirSync(out, { recursive: true });
const accumulated = join(out, 'mutation.json');
const incremental = join(out, 'stryker-incremental.json');
if (existsSync(accumulated)) writeFileSync(incremental, readFileSync(accumulated));

const run = join(out, 'run.json');
rmSync(run, { force: true });
const stryker = [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run'];
stryker.push('stryker.config.mjs');
if (positional.length > 0) {
  stryker.push('--mutate', positional.map((f) => mutatePattern(pkg, f)).join(','));
}
if (flags.has('--force')) stryker.push('--force');
if (flags.has('--ignore-static')) stryker.push('--ignoreStatic');

const env = {
  ...process.env,
  ATOM_MUTATION_PACKAGE: pkg,
  FC_SEED: process.env.FC_SEED || '424242',
  FC_NUM_RUNS: process.env.FC_NUM_RUNS || '20',
};
delete env.DATABASE_URL;
if (tests !== '') env.ATOM_MUTATION_TESTS = tests;
console.log(
  `mutation: @atom/${pkg}, FC_SEED=${env.FC_SEED} FC_NUM_RUNS=${env.FC_NUM_RUNS}: node ${stryker.join(' ')}`,
);
const result = spawnSync(process.execPath, stryker, { cwd: root, env, stdio: 'inherit' });

if (existsSync(run)) {
  const report = JSON.parse(readFileSync(run, 'utf8'));
  const merged = existsSync(accumulated) ? JSON.parse(readFileSync(accumulated, 'utf8')) : report;
  merged.files = { ...merged.files, ...report.files };
  merged.testFiles = { ...(merged.testFiles ?? {}), ...(report.testFiles ?? {}) };
  writeFileSync(accumulated, JSON.stringify(merged));
  printScores(pkg);
}
process.exit(result.status ?? 1);
