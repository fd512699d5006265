// Windows drive paths in normalize-paths.ts (survivors of a mutation run).
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPathNormalizer, isAbsoluteAnywhere, toPosix } from '../src/normalize-paths.js';

function tree(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'atom-win-')));
  mkdirSync(join(root, 'packages/a/src'), { recursive: true });
  writeFileSync(join(root, 'packages/a/src/x.ts'), '');
  writeFileSync(join(root, 'top.ts'), '');
  return root;
}

describe('Windows drive paths', () => {
  it('a drive letter followed by a separator is absolute, in either case and either separator', () => {
    expect(['C:\\x', 'c:\\x', 'C:/x', 'z:/'].map(isAbsoluteAnywhere)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it('a drive without a separator, a longer prefix or a digit is not absolute', () => {
    expect(['C:x', 'CC:/x', '1:/x', 'xC:/y', ':/x', 'C'].map(isAbsoluteAnywhere)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('toPosix turns every backslash into a slash and keeps the drive', () => {
    expect(toPosix('C:\\a\\\\b\\c.ts')).toBe('C:/a//b/c.ts');
  });

  const root = tree();
  const n = createPathNormalizer(root);

  it('re-roots a checkout on another drive onto the existing suffix', () => {
    expect(n.normalize('C:\\work\\repo\\packages\\a\\src\\x.ts')).toBe('packages/a/src/x.ts');
    expect(n.normalize('c:/repo/top.ts')).toBe('top.ts');
  });

  it('never treats the drive itself as the repository directory', () => {
    // `/top.ts` has no directory to drop either: the drive plays the part of `/`.
    expect(n.normalize('C:\\top.ts')).toBeUndefined();
    expect(n.normalize('/top.ts')).toBeUndefined();
  });

  it('a Windows path whose suffix does not exist is outside the root', () => {
    expect(n.normalize('C:\\repo\\packages\\b\\nope.ts')).toBeUndefined();
  });

  it('a Windows-style relative path is taken relative to the root', () => {
    expect(n.normalize('packages\\a\\src\\x.ts')).toBe('packages/a/src/x.ts');
    expect(n.normalize('.\\packages\\a\\src\\new.ts')).toBe('packages/a/src/new.ts');
    expect(n.normalize('..\\x.ts')).toBeUndefined();
  });

  it('answers a repeated question the same way (cached hits and misses)', () => {
    const first = [n.normalize('C:\\top.ts'), n.normalize('c:/repo/top.ts')];
    expect([n.normalize('C:\\top.ts'), n.normalize('c:/repo/top.ts')]).toEqual(first);
  });
});
