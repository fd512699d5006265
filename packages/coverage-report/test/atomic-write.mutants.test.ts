import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/atomic-write.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'atom-awm-'));
  made.push(dir);
  return dir;
}

describe('writeFileAtomic failures', () => {
  it('rethrows the write error itself when the temporary file was never created', async () => {
    const dir = tempDir();
    // Data of the wrong type (a JavaScript caller's mistake) fails before any file is opened.
    const bad = { not: 'bytes' } as unknown as string;
    await expect(writeFileAtomic(join(dir, 'out.json'), bad)).rejects.toMatchObject({
      name: 'TypeError',
      code: 'ERR_INVALID_ARG_TYPE',
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});
