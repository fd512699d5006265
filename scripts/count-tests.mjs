// Counts every test case once from each package's vitest JSON report (test-results.json) and
// checks that the suites CI expects (server database, browser) really ran.
// Usage: node scripts/count-tests.mjs [--expect <package>:<file-regex>]...
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const expectations = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--expect' && args[i + 1]) {
    const [pkg, pattern] = args[++i].split(':');
    expectations.push({ pkg, re: new RegExp(pattern) });
  }
}

let passed = 0;
let failed = 0;
let problems = [];
const perPackage = {};
for (const name of readdirSync(join(root, 'packages'))) {
  const file = join(root, 'packages', name, 'test-results.json');
  if (!existsSync(join(root, 'packages', name, 'package.json'))) continue;
  if (!existsSync(file)) {
    problems.push(`packages/${name}: no test-results.json (its tests did not run)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const p = report.numPassedTests ?? 0;
  const f =
    (report.numFailedTests ?? 0) + (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that failed to load has no test cases: count it as one failure.
  const brokenFiles = (report.testResults ?? []).filter(
    (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
  ).length;
  passed += p;
  failed += f + brokenFiles;
  perPackage[name] = {
    passed: p,
    failed: f + brokenFiles,
    files: (report.testResults ?? []).length,
  };
  for (const e of expectations.filter((x) => x.pkg === name)) {
    const ran = (report.testResults ?? []).filter(
      (r) => e.re.test(r.name) && (r.assertionResults ?? []).some((a) => a.status === 'passed'),
    );
    if (ran.length === 0) {
      problems.push(`packages/${name}: expected suite /${e.re.source}/ did not run`);
      failed += 1;
    }
  }
}
for (const [name, c] of Object.entries(perPackage)) {
  console.log(`  ${name}: ${c.passed} passed, ${c.failed} failed in ${c.files} files`);
}
for (const p of problems) console.log(`  problem: ${p}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
