// Windows paths in normalize-paths.ts beyond the plain drive path (survivors of mutation run 14):
// the documented normalisation — separators become `/`, `.` and `..` are resolved, a checkout from
// another machine is re-rooted onto the longest existing suffix — for UNC paths, mixed separators,
// dot segments and the `/C:/` form of file URLs.
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPathNormalizer, isAbsoluteAnywhere } from '../src/normalize-paths.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'atom-win2-')));
mkdirSync(join(root, 'packages/a/src'), { recursive: true });
writeFileSync(join(root, 'packages/a/src/x.ts'), '');
writeFileSync(join(root, 'top.ts'), '');
const n = createPathNormalizer(root);

describe('Windows paths, normalised', () => {
  it('UNC and backslashed drive paths are absolute; UNC paths are re-rooted like drive paths', () => {
    expect(isAbsoluteAnywhere('\\\\server\\share\\x.ts')).toBe(true);
    expect(isAbsoluteAnywhere('C:\\x.ts')).toBe(true);
    expect(n.normalize('\\\\server\\share\\repo\\top.ts')).toBe('top.ts');
    expect(n.normalize('\\\\server\\share\\repo\\packages\\a\\src\\x.ts')).toBe(
      'packages/a/src/x.ts',
    );
  });

  it('mixed separators in one path are all made POSIX', () => {
    expect(n.normalize('C:/ci\\repo/packages\\a/src\\x.ts')).toBe('packages/a/src/x.ts');
  });

  it('resolves `.` and `..` segments of Windows absolute paths', () => {
    expect(n.normalize('C:\\ci\\tmp\\..\\repo\\.\\packages\\a\\src\\x.ts')).toBe(
      'packages/a/src/x.ts',
    );
    expect(n.normalize('D:\\ci\\repo\\packages\\a\\src\\..\\..\\..\\top.ts')).toBe('top.ts');
    // A file that does not exist (yet) cannot be resolved by the file system: only lexically.
    const winRoot = root.replace(/\//g, '\\');
    expect(n.normalize(`${winRoot}\\packages\\.\\b\\..\\new.ts`)).toBe('packages/new.ts');
  });

  it('the `/C:/` form (a file URL path) is re-rooted too, the drive never being a directory', () => {
    expect(n.normalize('/C:/ci/repo/top.ts')).toBe('top.ts');
    expect(n.normalize('/C:/top.ts')).toBeUndefined();
  });

  it('the root itself written with backslashes is inside the root', () => {
    expect(n.normalize(`${root.replace(/\//g, '\\')}\\packages\\a\\src\\x.ts`)).toBe(
      'packages/a/src/x.ts',
    );
  });

  it('a Windows relative path with `..` inside the root stays inside; above it, outside', () => {
    expect(n.normalize('packages\\a\\..\\a\\src\\x.ts')).toBe('packages/a/src/x.ts');
    expect(n.normalize('packages\\..\\..\\top.ts')).toBeUndefined();
  });
});
