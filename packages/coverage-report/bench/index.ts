// `pnpm bench`: the merge benchmark against nyc, then the reports agent's dashboard benchmark.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run as runMerge } from './merge.bench.js';

await runMerge();
const dashboard = fileURLToPath(new URL('./dashboard.bench.ts', import.meta.url));
if (existsSync(dashboard)) {
  const mod = (await import('./dashboard.bench.js')) as { run?: () => Promise<void> };
  if (typeof mod.run === 'function') await mod.run();
}
