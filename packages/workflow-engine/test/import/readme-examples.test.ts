/**
 * Runs the code blocks of the README section "Bringing Atom workflows" against the package source
 * (each block asserts its own results with node:assert).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('## Bringing Atom workflows');
const end = readme.indexOf('\n## ', start + 1);
const section = readme.slice(start, end);
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'atom-readme-'));

describe('README: Bringing Atom workflows', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has one example per dialect', () => {
    expect(start).toBeGreaterThan(0);
    expect(blocks).toHaveLength(4);
  });

  blocks.forEach((code, i) => {
    it(`example ${i + 1} runs and its assertions hold`, async () => {
      const file = join(dir, `example-${i + 1}.ts`);
      writeFileSync(file, code.replaceAll("'@atom/workflow-engine'", JSON.stringify(entry)));
      await expect(import(pathToFileURL(file).href)).resolves.toBeDefined();
    });
  });
});
