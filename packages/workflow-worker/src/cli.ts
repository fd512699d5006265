import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Executor } from '@atom/workflow-engine';
import { InvalidWorkerOptionError } from './errors.js';
import type { Worker } from './worker.js';
import { createWorker } from './worker.js';

const USAGE = `Usage: atom-worker --module <file> [--database <url>] [--concurrency <n>]
                   [--lease-ms <ms>] [--poll-interval-ms <ms>] [--stop-timeout-ms <ms>]

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
      concurrency: { type: 'string' },
      'lease-ms': { type: 'string' },
      'poll-interval-ms': { type: 'string' },
      'stop-timeout-ms': { type: 'string' },
    },
  });
  if (values.module === undefined)
    throw new InvalidWorkerOptionError('--module', 'a file', undefined);
  const mod = (await import(pathToFileURL(resolve(values.module)).href)) as {
    executors?: Record<string, Executor>;
    default?: Record<string, Executor>;
  };
  const worker = createWorker({
    database: values.database ?? process.env.DATABASE_URL ?? '',
    executors: mod.executors ?? mod.default ?? (undefined as never),
    ...defined('concurrency', int('--concurrency', values.concurrency)),
    ...defined('leaseMs', int('--lease-ms', values['lease-ms'])),
    ...defined('pollIntervalMs', int('--poll-interval-ms', values['poll-interval-ms'])),
    ...defined('stopTimeoutMs', int('--stop-timeout-ms', values['stop-timeout-ms'])),
  });
  await worker.start();
  const stop = (): void => {
    void worker.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return worker;
}

function defined<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
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
