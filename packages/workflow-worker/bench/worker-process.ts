// One benchmark worker process: `node --import tsx bench/worker-process.ts <url> <concurrency>`.
import { createWorker } from '../src/index.js';

const [url, concurrency] = process.argv.slice(2) as [string, string];
const worker = createWorker({
  database: url,
  setup: false,
  concurrency: Number(concurrency),
  executors: { noop: () => null },
});
await worker.start();
console.log('ready');
process.on('SIGTERM', () => void worker.stop().then(() => process.exit(0)));
