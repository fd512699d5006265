/**
 * `pnpm fuzz`: runs random executions against the reference model (test/model) for as long as
 * asked, on several processes, and prints every counterexample with the command that replays it.
 * Exits 1 when any execution disagrees with the model (or leaks a rejection, or never settles).
 *
 *   pnpm fuzz                       one million executions (scenario × maxConcurrency) from a random seed
 *   pnpm fuzz --count 200000        that many executions
 *   pnpm fuzz --time 600            for ten minutes (whichever of --count/--time ends first)
 *   pnpm fuzz --start 123           seeds 123, 124, … (default: a random start, printed)
 *   pnpm fuzz --workers 2           processes (default: the number of CPUs, at most 4)
 *   pnpm fuzz --seed 42             replay one scenario: print it and run it with every concurrency
 *   pnpm fuzz --seed 42 --concurrency 1
 */
import { fork } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runScenarioOnEngine } from '../test/model/run-engine.ts';
import { CONCURRENCIES, generateScenario, toDefinition } from '../test/model/scenario.ts';

interface Args {
  count: number;
  time: number;
  start: number;
  workers: number;
  seed?: number;
  concurrency?: number | undefined;
  worker: boolean;
  maxFailures: number;
}

const USAGE =
  'usage: fuzz [--count N] [--time SECONDS] [--start SEED] [--workers N] [--max-failures N] | --seed SEED [--concurrency 1|2|default|Infinity]';

function parseArgs(argv: string[]): Args {
  const args: Args = {
    count: 1_000_000,
    time: Infinity,
    start: randomInt(0, 2 ** 32 - 2 ** 24),
    workers: Math.max(1, Math.min(4, availableParallelism())),
    worker: false,
    maxFailures: 50,
  };
  const num = (name: string, text: string | undefined): number => {
    const value = Number(text);
    if (text === undefined || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`${name} expects a number ≥ 0, received ${JSON.stringify(text)}\n${USAGE}`);
    }
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = argv[i + 1];
    switch (flag) {
      case '--count':
        args.count = num(flag, next);
        i++;
        break;
      case '--time':
        args.time = num(flag, next);
        i++;
        break;
      case '--start':
        args.start = Math.floor(num(flag, next));
        i++;
        break;
      case '--workers':
        args.workers = Math.max(1, Math.floor(num(flag, next)));
        i++;
        break;
      case '--max-failures':
        args.maxFailures = Math.max(1, Math.floor(num(flag, next)));
        i++;
        break;
      case '--seed':
        args.seed = Math.floor(num(flag, next));
        i++;
        break;
      case '--concurrency':
        args.concurrency =
          next === 'default' ? undefined : next === 'Infinity' ? Infinity : num(flag, next);
        i++;
        break;
      case '--worker':
        args.worker = true;
        break;
      case '--':
        break;
      default:
        throw new TypeError(`unknown argument ${JSON.stringify(flag)}\n${USAGE}`);
    }
  }
  return args;
}

const label = (c: number | undefined): string => (c === undefined ? 'default' : String(c));
const replay = (seed: number, c: number | undefined): string =>
  `pnpm --filter @atom/workflow-engine fuzz --seed ${seed} --concurrency ${label(c)}`;

/** Messages a worker sends. */
type WorkerMessage =
  | { type: 'progress'; runs: number }
  | { type: 'failure'; seed: number; concurrency: string; problems: string[] }
  | { type: 'done'; runs: number };

async function replayOne(seed: number, only: Array<number | undefined>): Promise<number> {
  const scenario = generateScenario(seed);
  console.log(`scenario ${seed}:`);
  console.log(JSON.stringify(scenario, null, 1));
  console.log('definition:');
  console.log(JSON.stringify(toDefinition(scenario), null, 1));
  let failed = 0;
  for (const c of only) {
    const problems = await runScenarioOnEngine(scenario, c);
    console.log(`maxConcurrency ${label(c)}: ${problems.length === 0 ? 'agrees with the model' : 'DIFFERS'}`);
    for (const p of problems) console.log(`  ${p}`);
    if (problems.length > 0) failed++;
  }
  return failed > 0 ? 1 : 0;
}

/** A worker: scenarios start + offset, start + offset + stride, … until told to stop or out of budget. */
async function work(args: Args, offset: number, stride: number, budget: number): Promise<void> {
  let runs = 0;
  let stop = false;
  process.on('message', (m) => {
    if (m === 'stop') stop = true;
  });
  let reported = 0;
  for (let k = offset; runs < budget && !stop; k += stride) {
    const seed = (args.start + k) % 2 ** 32;
    const scenario = generateScenario(seed);
    for (const c of CONCURRENCIES) {
      const problems = await runScenarioOnEngine(scenario, c);
      runs++;
      if (problems.length > 0) {
        const message: WorkerMessage = { type: 'failure', seed, concurrency: label(c), problems };
        process.send?.(message);
      }
    }
    if (runs - reported >= 400) {
      process.send?.({ type: 'progress', runs: runs - reported } satisfies WorkerMessage);
      reported = runs;
    }
  }
  process.send?.({ type: 'done', runs: runs - reported } satisfies WorkerMessage);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv);
  if (args.seed !== undefined) {
    const only = argv.includes('--concurrency') ? [args.concurrency] : [...CONCURRENCIES];
    return replayOne(args.seed, only);
  }
  if (args.worker) {
    const offset = Number(process.env.FUZZ_OFFSET);
    const stride = Number(process.env.FUZZ_STRIDE);
    const budget = Number(process.env.FUZZ_BUDGET);
    await work(args, offset, stride, budget);
    return 0;
  }
  const t0 = Date.now();
  console.log(
    `fuzz: ${args.count} executions${Number.isFinite(args.time) ? ` or ${args.time} s` : ''}, ` +
      `${args.workers} worker(s), seeds from ${args.start} (every scenario runs with maxConcurrency ` +
      `${CONCURRENCIES.map(label).join(', ')})`,
  );
  const file = fileURLToPath(import.meta.url);
  let runs = 0;
  let failures = 0;
  let lastPrint = Date.now();
  const perWorker = Math.ceil(args.count / args.workers);
  const children = Array.from({ length: args.workers }, (_, w) =>
    fork(file, ['--worker', '--start', String(args.start)], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        FUZZ_OFFSET: String(w),
        FUZZ_STRIDE: String(args.workers),
        FUZZ_BUDGET: String(perWorker),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const stopAll = (): void => {
    for (const child of children) if (child.connected) child.send('stop');
  };
  const timer = Number.isFinite(args.time) ? setTimeout(stopAll, args.time * 1000) : undefined;
  process.on('SIGINT', stopAll);
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.on('message', (m: WorkerMessage) => {
            if (m.type === 'failure') {
              failures++;
              if (failures <= args.maxFailures) {
                console.log(`\nCOUNTEREXAMPLE seed ${m.seed}, maxConcurrency ${m.concurrency}:`);
                for (const p of m.problems) console.log(`  ${p}`);
                console.log(`  replay: ${replay(m.seed, m.concurrency === 'default' ? undefined : Number(m.concurrency))}`);
              }
              if (failures === args.maxFailures) {
                console.log(`(more than ${args.maxFailures} counterexamples: stopping)`);
                stopAll();
              }
              return;
            }
            runs += m.runs;
            if (Date.now() - lastPrint > 15_000) {
              lastPrint = Date.now();
              const s = (Date.now() - t0) / 1000;
              console.log(`  ${runs} executions, ${failures} counterexamples, ${Math.round(runs / s)}/s`);
            }
          });
          child.on('exit', () => resolve());
        }),
    ),
  );
  if (timer !== undefined) clearTimeout(timer);
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `fuzz: ${runs} executions (${Math.ceil(runs / CONCURRENCIES.length)} scenarios) in ${seconds.toFixed(0)} s ` +
      `(${Math.round(runs / seconds)}/s), ${failures} counterexample(s), seeds from ${args.start}`,
  );
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
