/**
 * Condition evaluation: parse once, evaluate many. Prints µs per evaluation for a few typical
 * Atom conditions, and the one-off compile cost.
 */
import { defaultConditionEvaluator } from '../src/conditions.js';
import type { ConditionScope } from '../src/conditions.js';

const CASES: ReadonlyArray<[string, string]> = [
  ['comparison', '${fetch.count} > 5'],
  ['Atom words', '${fetch.ok} and not ${input.dry_run}'],
  ['arithmetic + string', '${fetch.count} + 1 >= 8 && ${input.user.role} == "admin"'],
  ['membership', '"vip" in ${input.user.tags} or ${fetch.total} > 1000.5'],
  ['plain CEL', 'steps.fetch.count > 5 && input.user.role != "guest"'],
];

const scope: ConditionScope = {
  input: { dry_run: false, user: { role: 'admin', tags: ['new', 'vip'] } },
  steps: { fetch: { count: 7, ok: true, total: 1200 } },
};

/** Runs the benchmark and prints one line per condition. */
export async function run(): Promise<void> {
  const iterations = 200_000;
  console.log(`\nConditions: parse once, evaluate ${iterations.toLocaleString('en-US')} times`);
  for (const [name, source] of CASES) {
    const compileStart = performance.now();
    const compiled = defaultConditionEvaluator.compile(source);
    const compileUs = (performance.now() - compileStart) * 1000;
    if (!compiled.ok) throw new Error(`${name}: ${compiled.message}`);
    const { condition } = compiled;
    for (let i = 0; i < 10_000; i++) condition.evaluate(scope);
    let truthy = 0;
    const start = performance.now();
    for (let i = 0; i < iterations; i++) {
      const result = condition.evaluate(scope);
      if (result.ok && result.value) truthy++;
    }
    const us = ((performance.now() - start) * 1000) / iterations;
    console.log(
      `  ${name.padEnd(22)} ${us.toFixed(3).padStart(7)} µs/evaluation   compile ${compileUs.toFixed(0).padStart(5)} µs   (${truthy === iterations ? 'true' : 'false'})`,
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await run();
