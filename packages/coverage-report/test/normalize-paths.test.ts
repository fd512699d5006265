import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPathNormalizer, isAbsoluteAnywhere, toPosix } from '../src/normalize-paths.js';

function tree(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'atom-norm-')));
  mkdirSync(join(root, 'packages/a/src'), { recursive: true });
  writeFileSync(join(root, 'packages/a/src/x.ts'), '');
  mkdirSync(join(root, 'node_modules/@s'), { recursive: true });
  symlinkSync(join(root, 'packages/a'), join(root, 'node_modules/@s/a'));
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'atom-out-')));
  writeFileSync(join(outside, 'y.ts'), '');
  symlinkSync(join(outside, 'y.ts'), join(root, 'packages/a/src/link-out.ts'));
  return root;
}

describe('normalize-paths', () => {
  it('converts Windows separators and recognises absolute paths anywhere', () => {
    expect(toPosix('a\\b\\c.ts')).toBe('a/b/c.ts');
    expect(isAbsoluteAnywhere('C:\\x\\y')).toBe(true);
    expect(isAbsoluteAnywhere('/x')).toBe(true);
    expect(isAbsoluteAnywhere('x/y')).toBe(false);
  });

  describe('normalize', () => {
    const root = tree();
    const n = createPathNormalizer(root);

    it('makes absolute paths under the root repo-relative', () => {
      expect(n.normalize(`${root}/packages/a/src/x.ts`)).toBe('packages/a/src/x.ts');
      expect(n.normalize(`${root}/packages/a/src/gone.ts`)).toBe('packages/a/src/gone.ts');
    });
    it('resolves symlinks to real paths', () => {
      expect(n.normalize(`${root}/node_modules/@s/a/src/x.ts`)).toBe('packages/a/src/x.ts');
      expect(n.normalize('node_modules/@s/a/src/x.ts')).toBe('packages/a/src/x.ts');
    });
    it('keeps a link whose target is outside the root at its own place', () => {
      expect(n.normalize(`${root}/packages/a/src/link-out.ts`)).toBe('packages/a/src/link-out.ts');
      expect(n.normalize('packages/a/src/link-out.ts')).toBe('packages/a/src/link-out.ts');
    });
    it('re-roots paths from another machine onto the longest existing suffix', () => {
      expect(n.normalize('/ci/work/repo/packages/a/src/x.ts')).toBe('packages/a/src/x.ts');
      expect(n.normalize('D:\\agent\\repo\\packages\\a\\src\\x.ts')).toBe('packages/a/src/x.ts');
    });
    it('re-roots an existing absolute path outside the root only by suffix', () => {
      const outside = realpathSync(mkdtempSync(join(tmpdir(), 'atom-out2-')));
      mkdirSync(join(outside, 'packages/a/src'), { recursive: true });
      writeFileSync(join(outside, 'packages/a/src/x.ts'), '');
      expect(n.normalize(`${outside}/packages/a/src/x.ts`)).toBe('packages/a/src/x.ts');
      writeFileSync(join(outside, 'only-here.ts'), '');
      expect(n.normalize(`${outside}/only-here.ts`)).toBeUndefined();
    });
    it('resolves . and .. and strips ./', () => {
      expect(n.normalize('./packages/a/../a/src/x.ts')).toBe('packages/a/src/x.ts');
    });
    it('rejects paths outside the root', () => {
      expect(n.normalize('../x.ts')).toBeUndefined();
      expect(n.normalize('..')).toBeUndefined();
      expect(n.normalize('.')).toBeUndefined();
      expect(n.normalize(root)).toBeUndefined();
      expect(n.normalize('/nowhere/at/all.ts')).toBeUndefined();
    });
    it('caches results, including misses', () => {
      expect(n.normalize('/nowhere/at/all.ts')).toBeUndefined();
      expect(n.normalize('packages/a/src/x.ts')).toBe('packages/a/src/x.ts');
      expect(n.normalize('packages/a/src/x.ts')).toBe('packages/a/src/x.ts');
    });
  });

  it('works with a root that does not exist (lexical only)', () => {
    const n = createPathNormalizer('/does/not/exist/');
    expect(n.root).toBe('/does/not/exist/');
    expect(n.normalize('/does/not/exist/a.ts')).toBe('a.ts');
  });
});
