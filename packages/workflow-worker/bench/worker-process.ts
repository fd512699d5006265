// One benchmark worker process:
// `node --import tsx bench/worker-process.ts <url> <concurrency> [leaseMs]`. Executors: `noop`, and
// `hold` (runs until its signal aborts). Prints `ready` once it takes jobs, then one
// `event <json>` line per takeover it makes.
import { createWorker } from '../src/index.js';

const [url, concurrency, leaseMs] = process.argv.slice(2) as [string, string, string | undefined];
const worker = createWorker({
  database: url,
  setup: false,
  concurrency: Number(concurrency),
  ...(leaseMs === undefined ? {} : { leaseMs: Number(leaseMs) }),
  executors: {
    noop: () => null,
    hold: ({ signal }) =>
      new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason as Error)),
      ),
  },
  onEvent: (event) => {
    if (event.type === 'takeover') console.log(`event ${JSON.stringify(event)}`);
  },
});
await worker.start();
console.log('ready');
process.on('SIGTERM', () => void worker.stop().then(() => process.exit(0)));
