// The `run` benchmark against nyc, as users run both: child processes, wall time and peak RSS
// (`/usr/bin/time -v`), on generated real-looking istanbul output (bench/istanbul-workspace.ts).
// Ours: `atom-coverage run` with the default reporters (coverage.json, summary.md, badge,
// dashboard). nyc: `nyc merge` + `nyc report --reporter=json-summary`. Also: a process that only
// reads and parses the inputs (the floor), the cost of the duplicate-key check, and the size of
// the dashboard folder.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countJsonMembers, countValueMembers } from '../src/json-scan.js';
import { createBenchWorkspace } from './istanbul-workspace.js';
import type { BenchWorkspace } from './istanbul-workspace.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PKG = join(HERE, '..');
const BIN = join(PKG, 'bin/atom-coverage.js');
const NYC = join(PKG, 'node_modules/.bin/nyc');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Measure {
  ms: number;
  rssMb: number;
}

/** Runs a command as a child process: wall time, and peak RSS from `/usr/bin/time -v`. */
function timed(cmd: string, args: string[], cwd: string): Measure {
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  }
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  return { ms, rssMb: Number(rss ?? 0) / 1024 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

const PARSE_ONLY = `
const { readFileSync } = require('node:fs');
for (const file of process.argv.slice(1)) JSON.parse(readFileSync(file).toString('utf8'));
`;

/** In-process: JSON.parse time vs the duplicate-key check (member count of text and value). */
function duplicateCheckCost(w: BenchWorkspace): { parseMs: number; checkMs: number } {
  let parseMs = 0;
  let checkMs = 0;
  for (const file of w.inputs) {
    const text = readFileSync(file).toString('utf8');
    let t = performance.now();
    const value = JSON.parse(text) as unknown;
    parseMs += performance.now() - t;
    t = performance.now();
    if (countJsonMembers(text) !== countValueMembers(value)) throw new Error('duplicate?');
    checkMs += performance.now() - t;
  }
  return { parseMs, checkMs };
}

function scenario(name: string, w: BenchWorkspace): void {
  const nycIn = join(w.root, '.nyc-in');
  mkdirSync(nycIn);
  w.inputs.forEach((file, i) => writeFileSync(join(nycIn, `${i}.json`), readFileSync(file)));
  const ours: Measure[] = [];
  const nyc: Measure[] = [];
  const parse: Measure[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    rmSync(join(w.root, 'coverage'), { recursive: true, force: true });
    ours.push(timed(process.execPath, [BIN, 'run', '--json'], w.root));
    const out = join(w.root, '.nyc-out');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out);
    const m = timed(NYC, ['merge', nycIn, join(out, 'merged.json')], w.root);
    const r = timed(
      NYC,
      [
        'report',
        '--reporter=json-summary',
        '--temp-dir',
        out,
        '--report-dir',
        join(out, 'report'),
        '--cwd',
        w.root,
        '--exclude-after-remap=false',
      ],
      w.root,
    );
    nyc.push({ ms: m.ms + r.ms, rssMb: Math.max(m.rssMb, r.rssMb) });
    parse.push(timed(process.execPath, ['-e', PARSE_ONLY, ...w.inputs], w.root));
  }
  const dup = duplicateCheckCost(w);
  const oursMs = median(ours.map((m) => m.ms));
  const nycMs = median(nyc.map((m) => m.ms));
  const oursRss = Math.max(...ours.map((m) => m.rssMb));
  const nycRss = Math.max(...nyc.map((m) => m.rssMb));
  const dashboard = folderBytes(join(w.root, 'coverage/dashboard'));
  const mib = (w.bytes / 2 ** 20).toFixed(1);
  console.log(
    `${name}: ${w.inputs.length} input(s), ${w.files} files, ${mib} MiB\n` +
      `  atom-coverage run ${oursMs.toFixed(0)} ms, peak RSS ${oursRss.toFixed(0)} MiB\n` +
      `  nyc merge + report json-summary ${nycMs.toFixed(0)} ms, peak RSS ${nycRss.toFixed(0)} MiB\n` +
      `  ratio ${(oursMs / nycMs).toFixed(2)} (goal ≤ 0.50); read + JSON.parse only ${median(parse.map((m) => m.ms)).toFixed(0)} ms\n` +
      `  duplicate-key check ${dup.checkMs.toFixed(0)} ms = ${((100 * dup.checkMs) / dup.parseMs).toFixed(0)}% of JSON.parse (${dup.parseMs.toFixed(0)} ms)\n` +
      `  dashboard folder ${(dashboard / 2 ** 20).toFixed(1)} MiB`,
  );
}

/** Runs the benchmark: the 20 × 200 workspace and one 7 MiB input. */
export async function run(): Promise<void> {
  if (!existsSync(NYC)) throw new Error(`nyc not found at ${NYC}`);
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is needed for peak RSS');
  console.log(
    `run vs nyc (median of ${RUNS} child-process runs; wall time includes node start-up; peak RSS is the max)`,
  );
  for (const [name, packages, files] of [
    ['20x200', 20, 200],
    ['7mib', 1, 395],
  ] as const) {
    const w = createBenchWorkspace(name, packages, files);
    try {
      scenario(name, w);
    } finally {
      rmSync(w.root, { recursive: true, force: true });
    }
  }
  await Promise.resolve();
}
