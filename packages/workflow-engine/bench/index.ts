/** `pnpm bench`: every benchmark of the package in one run (peers measured in the same process). */
import { run as scheduler } from './scheduler.bench.js';

const suites: Array<[string, () => Promise<void>]> = [['scheduler', scheduler]];
for (const file of ['./topological-order.bench.js', './conditions.bench.js']) {
  try {
    const mod = (await import(file)) as { run?: () => Promise<void> };
    if (typeof mod.run === 'function') suites.push([file, mod.run]);
  } catch (error) {
    console.log(`(skipped ${file}: ${(error as Error).message})`);
  }
}
for (const [name, run] of suites) {
  const t0 = performance.now();
  await run();
  console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
