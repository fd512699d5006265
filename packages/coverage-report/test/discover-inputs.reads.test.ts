// Which folders a glob walk reads is part of expandGlobs' contract ("walking only the folders the
// globs can reach"): a pass-through spy on readdirSync records them. A file of its own because
// mocking node:fs needs a fresh module graph, which `pnpm mutation` does not give (it reuses
// workers between test files; see vitest.stryker.config.ts).
import * as fs from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { expandGlobs } from '../src/discover-inputs.js';
import { put, tempDir } from './temp-folders.js';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  return { ...real, readdirSync: vi.fn(real.readdirSync) };
});

/** Folders under `root` that readdirSync read, repo-relative ('' for the root itself). */
function foldersRead(root: string): string[] {
  return vi
    .mocked(fs.readdirSync)
    .mock.calls.map(([p]) => String(p))
    .filter((p) => p === root || p.startsWith(`${root}/`))
    .map((p) => p.slice(root.length + 1))
    .sort();
}

describe('expandGlobs reads', () => {
  beforeEach(() => {
    vi.mocked(fs.readdirSync).mockClear();
  });

  it('reads only the folders a file glob can reach', () => {
    const root = tempDir();
    put(root, 'x/a.json');
    put(root, 'x/deep/b.json');
    put(root, 'x/deep/more/c.json');
    put(root, 'x/deep/more/evenmore/d.json');
    expect(expandGlobs(root, ['x/*.json'])).toEqual(['x/a.json']);
    expect(foldersRead(root)).toEqual(['x']);
    vi.mocked(fs.readdirSync).mockClear();
    expect(expandGlobs(root, ['x/*/*.json'])).toEqual(['x/deep/b.json']);
    expect(foldersRead(root)).toEqual(['x', 'x/deep']);
  });

  it('reads only the folders a folder glob can reach', () => {
    const root = tempDir();
    put(root, 'x/deep/more/evenmore/d.json');
    expect(expandGlobs(root, ['x/*'], 'dir')).toEqual(['x/deep']);
    expect(foldersRead(root)).toEqual(['x']);
    vi.mocked(fs.readdirSync).mockClear();
    expect(expandGlobs(root, ['x/{deep,deep/more}'], 'dir')).toEqual(['x/deep', 'x/deep/more']);
    expect(foldersRead(root)).toEqual(['x', 'x/deep']);
  });
});
