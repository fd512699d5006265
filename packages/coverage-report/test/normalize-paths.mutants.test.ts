// normalize-paths.ts cases a mutation run found unasserted: a root reached through a symlink (paths
// under either spelling of it, present or not), an existing path outside the root that links into
// it, segments that only look like drive letters, the root itself.
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPathNormalizer } from '../src/normalize-paths.js';

function workspace(): { real: string; link: string; outside: string } {
  const real = realpathSync(mkdtempSync(join(tmpdir(), 'atom-norm-real-')));
  mkdirSync(join(real, 'src'), { recursive: true });
  writeFileSync(join(real, 'src/a.ts'), '');
  mkdirSync(join(real, 'xC:'));
  writeFileSync(join(real, 'xC:/b.ts'), '');
  mkdirSync(join(real, 'C:x'));
  writeFileSync(join(real, 'C:x/c.ts'), '');
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'atom-norm-out-')));
  const link = join(outside, 'root-link');
  symlinkSync(real, link);
  symlinkSync(join(real, 'src'), join(outside, 'src-link'));
  return { real, link, outside };
}

describe('createPathNormalizer', () => {
  const { real, link, outside } = workspace();

  it('places paths under a symlinked root, spelled either way, present or not', () => {
    const n = createPathNormalizer(link);
    expect(n.root).toBe(real);
    expect(n.normalize(`${link}/src/a.ts`)).toBe('src/a.ts');
    expect(n.normalize(`${real}/src/a.ts`)).toBe('src/a.ts');
    expect(n.normalize(`${link}/src/missing.ts`)).toBe('src/missing.ts');
    expect(n.normalize(`${real}/src/missing.ts`)).toBe('src/missing.ts');
  });

  it('follows an existing path outside the root that links into it', () => {
    const n = createPathNormalizer(real);
    expect(n.normalize(`${outside}/src-link/a.ts`)).toBe('src/a.ts');
  });

  it('drops only whole drive-letter segments when re-rooting a foreign path', () => {
    const n = createPathNormalizer(real);
    expect(n.normalize('/ci/checkout/xC:/b.ts')).toBe('xC:/b.ts');
    expect(n.normalize('/ci/checkout/C:x/c.ts')).toBe('C:x/c.ts');
    expect(n.normalize('C:/ci/src/a.ts')).toBe('src/a.ts');
  });

  it('places neither the root itself nor a path of the filesystem root', () => {
    expect(createPathNormalizer(real).normalize(real)).toBeUndefined();
    expect(createPathNormalizer('/').normalize('/')).toBeUndefined();
  });

  it('keeps a relative path that exists nowhere as written, without a leading ./', () => {
    const n = createPathNormalizer(real);
    expect(n.normalize('./src/new.ts')).toBe('src/new.ts');
    expect(n.normalize('src//a.ts')).toBe('src/a.ts');
  });
});
