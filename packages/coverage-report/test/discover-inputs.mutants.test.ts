import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  discoverInputs,
  expandGlobs,
  isWorkspaceRoot,
  parsePnpmWorkspacePackages,
  readWorkspace,
} from '../src/discover-inputs.js';
import { InvalidShapeError } from '../src/errors.js';
import { put, tempDir } from './temp-folders.js';

describe('parsePnpmWorkspacePackages edge cases', () => {
  it('strips only a leading BOM, also right before the packages key', () => {
    expect(parsePnpmWorkspacePackages('\uFEFFpackages: [a]\n')).toEqual(['a']);
    expect(parsePnpmWorkspacePackages('packages:\n  - a\uFEFFb\n')).toEqual(['a\uFEFFb']);
  });

  it('unquotes only fully quoted items', () => {
    expect(parsePnpmWorkspacePackages(`packages: [x'a', 'a'b, "c"]`)).toEqual([
      "x'a'",
      "'a'b",
      'c',
    ]);
  });

  it('matches the packages key only at the start of a whole line', () => {
    expect(parsePnpmWorkspacePackages('xpackages: [a]\n')).toEqual([]);
    expect(parsePnpmWorkspacePackages('packages: [a]\rb\n')).toEqual([]);
    expect(parsePnpmWorkspacePackages('packages : [a]\n')).toEqual(['a']);
    expect(parsePnpmWorkspacePackages('packages:[a, b]\n')).toEqual(['a', 'b']);
  });

  it('reads flow sequences with trailing blanks, empty entries and brackets inside items', () => {
    expect(parsePnpmWorkspacePackages('packages: [a]   \n')).toEqual(['a']);
    expect(parsePnpmWorkspacePackages('packages: [a, , b, ]\n')).toEqual(['a', 'b']);
    expect(parsePnpmWorkspacePackages('packages: []\n')).toEqual([]);
    expect(parsePnpmWorkspacePackages('packages: [a[b]]\n')).toEqual(['a[b]']);
  });

  it('ends a block sequence at the first line that is no item', () => {
    expect(parsePnpmWorkspacePackages('packages:\n  - a\nfoo  - b\n  - c\n')).toEqual(['a']);
    expect(parsePnpmWorkspacePackages('packages:\n- a\nx - b\n- c\n')).toEqual(['a']);
  });

  it('keeps reading past an empty item', () => {
    expect(parsePnpmWorkspacePackages('packages:\n  -\n  - b\n')).toContain('b');
    expect(parsePnpmWorkspacePackages('packages:\n-\n- b\n')).toContain('b');
  });

  it('drops comments after unindented items', () => {
    expect(parsePnpmWorkspacePackages('packages:\n- a # the apps\n- "b" #x\n')).toEqual(['a', 'b']);
  });
});

describe('workspace roots from package.json', () => {
  it('is no workspace root when package.json is not an object with workspaces', () => {
    for (const text of ['{"name":"x"}', 'null', '5', '"str"', '[]']) {
      const root = tempDir();
      put(root, 'package.json', text);
      expect(isWorkspaceRoot(root)).toBe(false);
      expect(readWorkspace(root).packages).toEqual([
        { name: text === '{"name":"x"}' ? 'x' : '.', dir: '.' },
      ]);
    }
  });

  it('rejects workspaces that are neither an array nor an object with packages', () => {
    for (const workspaces of [null, 'packages/*', 5, { nope: 1 }, ['packages/*', 1]]) {
      const root = tempDir();
      put(root, 'package.json', JSON.stringify({ workspaces }));
      let caught: unknown;
      try {
        readWorkspace(root);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidShapeError);
      expect(caught).toMatchObject({
        code: 'COVERAGE_INVALID_SHAPE',
        pointer: '/workspaces',
        message: `${join(root, 'package.json')} at /workspaces: expected an array of package globs`,
      });
    }
  });

  it('names packages whose name is empty or not a string by their folder', () => {
    const root = tempDir();
    put(root, 'pnpm-workspace.yaml', 'packages:\n  - p/*\n');
    put(root, 'package.json', '{"name": ""}');
    put(root, 'p/empty/package.json', '{"name": ""}');
    put(root, 'p/null/package.json', 'null');
    put(root, 'p/num/package.json', '5');
    put(root, 'p/ok/package.json', '{"name": "@x/ok"}');
    expect(readWorkspace(root).packages).toEqual([
      { name: 'p/empty', dir: 'p/empty' },
      { name: 'p/null', dir: 'p/null' },
      { name: 'p/num', dir: 'p/num' },
      { name: '@x/ok', dir: 'p/ok' },
      { name: '.', dir: '.' },
    ]);
  });
});

describe('expandGlobs edge cases', () => {
  it('treats negations only as exclusions', () => {
    const root = tempDir();
    for (const f of ['x/a.json', 'x/b.json', 'y/c.json']) put(root, f);
    expect(expandGlobs(root, ['x/*.json', '!x/b.json'])).toEqual(['x/a.json']);
    expect(expandGlobs(root, ['x/*.json', '!**/b.json'])).toEqual(['x/a.json']);
    expect(expandGlobs(root, ['**/*.json'])).toEqual(['x/a.json', 'x/b.json', 'y/c.json']);
    expect(expandGlobs(root, ['*x/a.json'])).toEqual(['x/a.json']);
  });

  it('matches and excludes dot files and folders', () => {
    const root = tempDir();
    for (const f of ['.cfg/x.json', '.top.json', 'a/x.json', 'a/keep.json']) put(root, f);
    expect(expandGlobs(root, ['**/*.json'])).toEqual([
      '.cfg/x.json',
      '.top.json',
      'a/keep.json',
      'a/x.json',
    ]);
    expect(expandGlobs(root, ['**/*.json', '!**/x.json'])).toEqual(['.top.json', 'a/keep.json']);
    expect(expandGlobs(root, ['*.json'])).toEqual(['.top.json']);
  });

  it('strips only a leading ./ from globs', () => {
    const root = tempDir();
    put(root, 'a./f.json');
    put(root, 'af.json');
    expect(expandGlobs(root, ['a./f.json'])).toEqual(['a./f.json']);
    expect(expandGlobs(root, ['a./*.json'])).toEqual(['a./f.json']);
    expect(expandGlobs(root, ['./a./*.json'])).toEqual(['a./f.json']);
  });

  it('keeps literal paths only when they are of the asked kind', () => {
    const root = tempDir();
    put(root, 'x/a.json');
    expect(expandGlobs(root, ['x'])).toEqual([]);
    expect(expandGlobs(root, ['x/a.json'], 'dir')).toEqual([]);
    expect(expandGlobs(root, ['x'], 'dir')).toEqual(['x']);
  });

  it('tells symlinked files from symlinked folders; a broken link is no folder', () => {
    const root = tempDir();
    put(root, 'real.json');
    fs.mkdirSync(join(root, 'realdir'));
    fs.mkdirSync(join(root, 'x'));
    fs.symlinkSync(join(root, 'real.json'), join(root, 'x/file.json'));
    fs.symlinkSync(join(root, 'realdir'), join(root, 'x/dir'));
    fs.symlinkSync(join(root, 'missing'), join(root, 'x/broken'));
    expect(expandGlobs(root, ['x/*.json'])).toEqual(['x/file.json']);
    expect(expandGlobs(root, ['x/*'], 'dir')).toEqual(['x/dir']);
  });
});

describe('discoverInputs edge cases', () => {
  it('takes absolute files outside the root as they are', () => {
    const root = tempDir();
    const outside = tempDir();
    put(outside, 'cov.json');
    expect(discoverInputs(root, [join(outside, 'cov.json')])).toEqual([join(outside, 'cov.json')]);
    expect(discoverInputs(root, [join(outside, 'nope.json')])).toEqual([]);
  });

  it('sorts absolute and relative inputs together', () => {
    const root = tempDir();
    put(root, 'a.json');
    put(root, 'b.json');
    expect(discoverInputs(root, [join(root, 'b.json'), 'a.json'])).toEqual([
      join(root, 'a.json'),
      join(root, 'b.json'),
    ]);
  });
});

describe('expandGlobs and symlinked folders', () => {
  it('lists but does not enter a symlink back to the folder or a parent (no endless walk)', () => {
    const root = tempDir();
    put(root, 'x/a.json');
    put(root, 'x/y/b.json');
    fs.symlinkSync(join(root, 'x'), join(root, 'x/y/up'));
    fs.symlinkSync(join(root, 'x/y'), join(root, 'x/y/self'));
    fs.symlinkSync(root, join(root, 'x/top'));
    expect(expandGlobs(root, ['**/*.json'])).toEqual(['x/a.json', 'x/y/b.json']);
    expect(expandGlobs(root, ['x/**'], 'dir')).toEqual(['x/top', 'x/y', 'x/y/self', 'x/y/up']);
  });

  it('still enters a symlink to a folder elsewhere', () => {
    const root = tempDir();
    const elsewhere = tempDir();
    put(elsewhere, 'deep/c.json');
    put(root, 'x/a.json');
    fs.symlinkSync(elsewhere, join(root, 'x/linked'));
    expect(expandGlobs(root, ['**/*.json'])).toEqual(['x/a.json', 'x/linked/deep/c.json']);
  });
});
