import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/atomic-write.js';

describe('writeFileAtomic', () => {
  it('creates parent folders and replaces the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atom-aw-'));
    const file = join(dir, 'a/b/c.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, new TextEncoder().encode('two'));
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'a/b'))).toEqual(['c.json']);
  });
  it('leaves no temp file behind when the rename fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atom-aw-'));
    mkdirSync(join(dir, 'taken/inner'), { recursive: true });
    await expect(writeFileAtomic(join(dir, 'taken'), 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});
