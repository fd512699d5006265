// Merge benchmark: `atom-coverage merge` vs `nyc merge` + `nyc report --reporter=json-summary`, both
// as child processes on the same generated inputs, in the same run. Also measures the share of our
// in-process merge spent in JSON.parse (the floor) and peak memory (`/usr/bin/time -v` when present,
// else process.memoryUsage of an in-process run).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PKG = join(HERE, '..');
const BIN = join(PKG, 'bin/atom-coverage.js');
const NYC = join(PKG, 'node_modules/.bin/nyc');
const TEMPLATE = Object.values(
  JSON.parse(readFileSync(join(PKG, 'test/fixtures/istanbul/math.full.json'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >,
)[0] as Record<string, Record<string, unknown>>;
const RUNS = 3;

/** A record of the real template with deterministic pseudo-random hits at `path`. */
function record(path: string, seed: number): Record<string, unknown> {
  let x = seed + 1;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648), x % 4);
  const s = Object.fromEntries(Object.keys(TEMPLATE.s as object).map((k) => [k, next()]));
  const f = Object.fromEntries(Object.keys(TEMPLATE.f as object).map((k) => [k, next()]));
  const b = Object.fromEntries(
    Object.entries(TEMPLATE.b as Record<string, number[]>).map(([k, arms]) => [k, arms.map(next)]),
  );
  return { ...TEMPLATE, path, s, f, b };
}

interface Scenario {
  name: string;
  root: string;
  /** Flat folder of the same inputs for nyc. */
  nycDir: string;
  bytes: number;
  inputs: number;
  files: number;
}

function workspace(
  name: string,
  packages: number,
  filesPerInput: number,
  inputsPerPackage = 1,
): Scenario {
  const root = mkdtempSync(join(tmpdir(), `atom-bench-${name}-`));
  const nycDir = join(root, '.nyc-in');
  mkdirSync(nycDir);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-root', private: true }));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  let bytes = 0;
  let n = 0;
  for (let p = 0; p < packages; p += 1) {
    const dir = join(root, `packages/p${p}`);
    mkdirSync(join(dir, 'coverage'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@bench/p${p}` }));
    for (let i = 0; i < inputsPerPackage; i += 1) {
      const data: Record<string, unknown> = {};
      for (let f = 0; f < filesPerInput; f += 1) {
        const path = join(dir, `src/dir${f % 10}/file${f}.js`);
        data[path] = record(path, p * 100_000 + f);
      }
      const text = JSON.stringify(data);
      bytes += text.length;
      writeFileSync(join(dir, 'coverage/coverage-final.json'), text);
      writeFileSync(join(nycDir, `p${p}-${i}.json`), text);
      n += 1;
    }
  }
  return { name, root, nycDir, bytes, inputs: n, files: packages * filesPerInput };
}

const hasTime = existsSync('/usr/bin/time');

/** Runs a command; wall time in ms and peak RSS in MB (when /usr/bin/time is there). */
function timed(cmd: string, args: string[], cwd: string): { ms: number; rssMb?: number } {
  const start = performance.now();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd, encoding: 'utf8' })
    : spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  return rss === undefined ? { ms } : { ms, rssMb: Number(rss) / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function inProcess(s: Scenario): Promise<{ ms: number; parseMs: number; heapMb: number }> {
  const texts = [];
  for (let p = 0; ; p += 1) {
    const file = join(s.root, `packages/p${p}/coverage/coverage-final.json`);
    if (!existsSync(file)) break;
    texts.push(readFileSync(file, 'utf8'));
  }
  const parseStart = performance.now();
  for (const t of texts) JSON.parse(t);
  const parseMs = performance.now() - parseStart;
  const io = {
    stdout: () => {},
    stderr: () => {},
    cwd: s.root,
    env: { SOURCE_DATE_EPOCH: '0', GITHUB_SHA: 'x' },
  };
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  const code = await main(['merge', '--json'], io);
  const ms = performance.now() - start;
  if (code !== 0) throw new Error(`in-process merge exited ${code}`);
  return { ms, parseMs, heapMb: Math.max(0, process.memoryUsage().heapUsed - before) / 2 ** 20 };
}

/** Runs the merge benchmark and prints a table of ratios. */
export async function run(): Promise<void> {
  if (!existsSync(NYC)) throw new Error(`nyc not found at ${NYC}`);
  const scenarios = [workspace('20x200', 20, 200), workspace('7mb', 1, 2600)];
  console.log(
    'merge benchmark (median of %d child-process runs each; wall time includes node start-up)',
    RUNS,
  );
  for (const s of scenarios) {
    const ours: number[] = [];
    const nyc: number[] = [];
    let oursRss: number | undefined;
    let nycRss: number | undefined;
    for (let i = 0; i < RUNS; i += 1) {
      const a = timed(process.execPath, [BIN, 'merge', '--json'], s.root);
      ours.push(a.ms);
      oursRss = Math.max(oursRss ?? 0, a.rssMb ?? 0);
      const out = join(s.root, '.nyc-out');
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out);
      const m = timed(NYC, ['merge', s.nycDir, join(out, 'merged.json')], s.root);
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
          s.root,
          '--exclude-after-remap=false',
        ],
        s.root,
      );
      nyc.push(m.ms + r.ms);
      nycRss = Math.max(nycRss ?? 0, m.rssMb ?? 0, r.rssMb ?? 0);
    }
    const proc = await inProcess(s);
    const mb = (s.bytes / 2 ** 20).toFixed(1);
    const ratio = median(ours) / median(nyc);
    console.log(
      `${s.name.padEnd(7)} ${String(s.inputs).padStart(3)} inputs ${String(s.files).padStart(5)} files ${mb.padStart(5)} MB | ` +
        `atom-coverage ${median(ours).toFixed(0)} ms vs nyc merge+report ${median(nyc).toFixed(0)} ms → ratio ${ratio.toFixed(2)} (goal ≤ 0.50) | ` +
        `in-process ${proc.ms.toFixed(0)} ms, JSON.parse ${proc.parseMs.toFixed(0)} ms = ${((proc.parseMs / proc.ms) * 100).toFixed(0)}% | ` +
        (oursRss !== undefined && oursRss > 0
          ? `peak RSS ${oursRss.toFixed(0)} MB vs nyc ${(nycRss ?? 0).toFixed(0)} MB`
          : `heap growth ${proc.heapMb.toFixed(0)} MB`),
    );
    rmSync(s.root, { recursive: true, force: true });
  }
}
