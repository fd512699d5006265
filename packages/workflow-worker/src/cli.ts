import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Executor } from '@atom/workflow-engine';
import { InvalidWorkerOptionError } from './errors.js';
import type { Worker } from './worker.js';
import type { WorkerOptions } from './worker-options.js';
import { createWorker } from './worker.js';

/** The numeric flags and the `createWorker` option each sets. */
const NUMBER_FLAGS = {
  concurrency: 'concurrency',
  'lease-ms': 'leaseMs',
  'heartbeat-ms': 'heartbeatMs',
  'takeover-check-ms': 'takeoverCheckMs',
  'poll-interval-ms': 'pollIntervalMs',
  'stop-timeout-ms': 'stopTimeoutMs',
} as const satisfies Record<string, keyof WorkerOptions>;
type NumberFlag = keyof typeof NUMBER_FLAGS;

const USAGE = `Usage: atom-worker --module <file> [--database <url>] [--concurrency <n>]
                   [--lease-ms <ms>] [--heartbeat-ms <ms>] [--takeover-check-ms <ms>]
                   [--poll-interval-ms <ms>] [--stop-timeout-ms <ms>]

Starts a worker that runs Atom workflow executions from the shared PostgreSQL queue.
  --module       an ES module exporting \`executors\` (or a default export): { [service]: executor }
  --database     postgres:// URL (default: $DATABASE_URL)
SIGTERM / SIGINT stop it gracefully.`;

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidWorkerOptionError(name, 'an integer', value);
  return n;
}

/**
 * Loads the executors of `--module`, starts a worker, and stops it gracefully on SIGTERM/SIGINT.
 *
 * @returns the started worker (its `stop()` is also bound to the signals).
 */
export async function startFromCli(argv: readonly string[]): Promise<Worker> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      module: { type: 'string' },
      database: { type: 'string' },
      ...(Object.fromEntries(
        Object.keys(NUMBER_FLAGS).map((flag) => [flag, { type: 'string' }]),
      ) as Record<NumberFlag, { type: 'string' }>),
    },
  });
  if (values.module === undefined)
    throw new InvalidWorkerOptionError('--module', 'a file', undefined);
  const file = resolve(values.module);
  const mod = (await import(pathToFileURL(file).href)) as {
    executors?: Record<string, Executor>;
    default?: Record<string, Executor>;
  };
  const executors = mod.executors ?? mod.default;
  if (executors === undefined) {
    throw new InvalidWorkerOptionError(
      '--module',
      'a module exporting `executors` (or a default export)',
      `${file}, which exports neither`,
    );
  }
  const numbers: Partial<Record<(typeof NUMBER_FLAGS)[NumberFlag], number>> = {};
  for (const [flag, option] of Object.entries(NUMBER_FLAGS) as [
    NumberFlag,
    (typeof NUMBER_FLAGS)[NumberFlag],
  ][]) {
    const n = int(`--${flag}`, values[flag]);
    if (n !== undefined) numbers[option] = n;
  }
  const worker = createWorker({
    database: values.database ?? process.env.DATABASE_URL ?? '',
    executors,
    ...numbers,
  });
  await worker.start();
  const stop = (): void => {
    void worker.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return worker;
}

/** The `atom-worker` command: prints usage and exits 2 on bad arguments. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    const worker = await startFromCli(argv);
    console.log(`atom-worker ${worker.id} started`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(USAGE);
    process.exitCode = 2;
  }
}
