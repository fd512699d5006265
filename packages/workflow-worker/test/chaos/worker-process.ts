/**
 * One chaos worker process: `tsx worker-process.ts <databaseUrl> <logDir> <workerId>`. Appends its
 * executor calls and lease events to `<logDir>/<workerId>.jsonl` (synchronously, so a SIGKILL loses
 * nothing written before it) and prints `ready` once it takes jobs.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorker } from '../../src/index.js';
import { chaosExecutor } from './script.js';

const [url, logDir, workerId] = process.argv.slice(2) as [string, string, string];
const file = join(logDir, `${workerId}.jsonl`);
const log = (record: Record<string, unknown>): void =>
  appendFileSync(file, `${JSON.stringify(record)}\n`);

const worker = createWorker({
  database: url,
  workerId,
  setup: false,
  concurrency: 8,
  leaseMs: Number(process.env.CHAOS_LEASE_MS ?? 2000),
  pollIntervalMs: 250,
  executors: {
    chaos: chaosExecutor(true, (start) => {
      log({ kind: 'call', ...start });
      return (t1) => log({ kind: 'end', e: start.e, s: start.s, a: start.a, t0: start.t0, t1 });
    }),
  },
  onEvent: (event) => {
    if (event.type !== 'error') log({ kind: 'event', ...event });
    else log({ kind: 'error', message: String((event.error as Error)?.message ?? event.error) });
  },
});
await worker.start();
console.log('ready');
process.on('SIGTERM', () => void worker.stop().then(() => process.exit(0)));
