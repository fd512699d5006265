// `pnpm bench`: the store benchmark (durable vs in-memory per step, round trips per transition)
// the worker benchmark (1, 2, 4 worker processes) and takeover time after a SIGKILL.
import { run as runStore } from './store.bench.js';
import { run as runTakeover } from './takeover.bench.js';
import { run as runWorker } from './worker.bench.js';

console.log(
  'Machine note: shared 2-core machine, loaded by other jobs; compare ratios, not absolutes.\n',
);
await runStore();
console.log('');
await runWorker();
console.log('');
await runTakeover();
