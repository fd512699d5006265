// Data-driven fixtures: every test/fixtures/specs/*.json is one case, named after the rule or the
// bug it covers, run through the CLI's in-process `main` in a fresh temp workspace.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import {
  FIXTURES,
  captureIo,
  makeWorkspace,
  snapshotTree,
  writeInputs,
} from './fixture-workspace.js';
import type { InputSpec, WorkspaceSpec } from './fixture-workspace.js';

interface Step {
  inputs?: Record<string, InputSpec>;
  args: string[];
  env?: Record<string, string>;
  expect: {
    exit: 0 | 1 | 2;
    /** Regex the whole stderr must match. */
    stderr?: string;
    /** Regex stdout must match. */
    stdout?: string;
    /** Partial coverage/coverage.json. */
    coverage?: Record<string, unknown>;
    /** Partial parsed stdout (with --json). */
    json?: Record<string, unknown>;
    /** Paths that must (true) or must not (false) exist afterwards. */
    exists?: Record<string, boolean>;
  };
}

interface Spec extends WorkspaceSpec {
  description: string;
  steps: Step[];
}

const dir = join(FIXTURES, 'specs');
const specs = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map(
    (f) =>
      [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as Spec] as const,
  );

describe('fixtures', () => {
  it('has at least 20 malformed-input cases', () => {
    expect(specs.filter(([name]) => name.startsWith('malformed-')).length).toBeGreaterThanOrEqual(
      20,
    );
  });

  for (const [name, spec] of specs) {
    it(`${name}: ${spec.description}`, async () => {
      const root = makeWorkspace(spec);
      for (const [i, step] of spec.steps.entries()) {
        writeInputs(root, step.inputs);
        const before = snapshotTree(root);
        const c = captureIo(root, step.env);
        const code = await main(step.args, c.io);
        const where = `step ${i}: stdout=${c.stdout()} stderr=${c.stderr()}`;
        expect(code, where).toBe(step.expect.exit);
        if (step.expect.exit === 2) {
          const lines = c.stderr().trimEnd().split('\n');
          expect(lines, 'exactly one error line').toHaveLength(1);
          expect(lines[0]).toMatch(/^atom-coverage: /);
          expect(snapshotTree(root), 'nothing written on bad input').toEqual(before);
        }
        if (step.expect.stderr !== undefined)
          expect(c.stderr()).toMatch(new RegExp(step.expect.stderr));
        if (step.expect.stdout !== undefined)
          expect(c.stdout()).toMatch(new RegExp(step.expect.stdout));
        if (step.expect.coverage !== undefined) {
          const coverage = JSON.parse(readFileSync(join(root, 'coverage/coverage.json'), 'utf8'));
          expect(coverage).toMatchObject(step.expect.coverage);
        }
        if (step.expect.json !== undefined)
          expect(JSON.parse(c.stdout())).toMatchObject(step.expect.json);
        for (const [rel, should] of Object.entries(step.expect.exists ?? {})) {
          expect(existsSync(join(root, rel)), rel).toBe(should);
        }
      }
    });
  }
});
