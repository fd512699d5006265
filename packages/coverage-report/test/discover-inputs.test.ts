import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createPackageResolver,
  defaultInputGlobs,
  discoverInputs,
  expandGlobs,
  findWorkspaceRoot,
  parsePnpmWorkspacePackages,
  readWorkspace,
} from '../src/discover-inputs.js';
import { main } from '../src/cli.js';
import { InvalidShapeError } from '../src/errors.js';
import { captureIo, makeWorkspace, renderInput } from './fixture-workspace.js';

function put(root: string, rel: string, text = '{}'): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
}

describe('discover-inputs', () => {
  describe('parsePnpmWorkspacePackages', () => {
    it('reads block sequences with quotes, comments and blank lines', () => {
      const yaml =
        '\uFEFF# ws\npackages:\n  - \'packages/*\'\n\n  # apps\n  - "apps/**" # all\n  - tools\n\ncatalog:\n  x: 1\n';
      expect(parsePnpmWorkspacePackages(yaml)).toEqual(['packages/*', 'apps/**', 'tools']);
    });
    it('reads unindented items and flow sequences', () => {
      expect(parsePnpmWorkspacePackages('packages:\n- a/*\n- b\nother: 1\n')).toEqual(['a/*', 'b']);
      expect(parsePnpmWorkspacePackages('packages: [\'a/*\', "b"] # x\n')).toEqual(['a/*', 'b']);
    });
    it('returns nothing without a packages key', () => {
      expect(parsePnpmWorkspacePackages('catalog:\n  a: 1\n')).toEqual([]);
    });
  });

  describe('findWorkspaceRoot', () => {
    it('walks up to the pnpm workspace', () => {
      const root = makeWorkspace();
      expect(findWorkspaceRoot(join(root, 'packages/a'))).toBe(root);
    });
    it('finds npm/yarn workspaces, both forms', () => {
      const root = makeWorkspace({ style: 'npm' });
      expect(findWorkspaceRoot(join(root, 'packages/b'))).toBe(root);
      writeFileSync(
        join(root, 'package.json'),
        JSON.stringify({ workspaces: { packages: ['packages/*'] } }),
      );
      expect(readWorkspace(root).packages.map((p) => p.name)).toEqual(['@fx/a', '@fx/b', '.']);
    });
    it('rejects a malformed workspaces field', () => {
      const root = makeWorkspace({ style: 'npm' });
      writeFileSync(join(root, 'package.json'), JSON.stringify({ workspaces: [1] }));
      expect(() => readWorkspace(root)).toThrow(InvalidShapeError);
      writeFileSync(join(root, 'package.json'), JSON.stringify({ workspaces: { nope: 1 } }));
      expect(() => readWorkspace(root)).toThrow(
        /at \/workspaces: expected an array of package globs/,
      );
    });
    it('falls back to cwd without any workspace', () => {
      const root = makeWorkspace({ style: 'none', packages: [] });
      writeFileSync(join(root, 'package.json'), '{"name": 5}');
      const dir = join(root, 'deep');
      mkdirSync(dir);
      expect(findWorkspaceRoot('/')).toBe('/');
      const ws = readWorkspace(root);
      expect(ws.packages).toEqual([{ name: '.', dir: '.' }]);
      expect(defaultInputGlobs(ws)).toEqual(['coverage/coverage-final.json']);
    });
  });

  describe('expandGlobs', () => {
    const root = makeWorkspace({ packages: ['packages/a', 'packages/b', 'apps/web/x'] });
    put(root, 'packages/a/coverage/coverage-final.json');
    put(root, 'packages/b/coverage/coverage-final.json');
    put(root, 'node_modules/dep/coverage/coverage-final.json');
    put(root, 'apps/web/x/coverage/coverage-final.json');

    it('matches files, never inside node_modules unless named', () => {
      expect(expandGlobs(root, ['**/coverage/coverage-final.json'])).toEqual([
        'apps/web/x/coverage/coverage-final.json',
        'packages/a/coverage/coverage-final.json',
        'packages/b/coverage/coverage-final.json',
      ]);
      expect(expandGlobs(root, ['node_modules/*/coverage/*.json'])).toEqual([
        'node_modules/dep/coverage/coverage-final.json',
      ]);
    });
    it('applies negations and literal paths', () => {
      expect(expandGlobs(root, ['packages/*/coverage/*.json', '!packages/b/**'])).toEqual([
        'packages/a/coverage/coverage-final.json',
      ]);
      expect(
        expandGlobs(root, ['./packages/a/coverage/coverage-final.json', 'packages/nope.json']),
      ).toEqual(['packages/a/coverage/coverage-final.json']);
      expect(expandGlobs(root, ['packages/a'], 'dir')).toEqual(['packages/a']);
      expect(expandGlobs(root, ['missing/*'])).toEqual([]);
    });
    it('lists workspace packages, nested ones included, skipping folders without package.json', () => {
      mkdirSync(join(root, 'packages/empty'), { recursive: true });
      writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n  - apps/**\n');
      const ws = readWorkspace(root);
      expect(ws.packages.map((p) => p.dir)).toEqual([
        'apps/web/x',
        'packages/a',
        'packages/b',
        '.',
      ]);
      expect(ws.packages.at(-1)?.name).toBe('fx-root');
    });
    it('names a package without a name by its folder', () => {
      writeFileSync(join(root, 'packages/b/package.json'), '{}');
      expect(readWorkspace(root).packages.find((p) => p.dir === 'packages/b')?.name).toBe(
        'packages/b',
      );
    });
  });

  it('follows symlinked package folders and ignores broken links; a root without package.json is "."', async () => {
    const { symlinkSync, rmSync } = await import('node:fs');
    const root = makeWorkspace({ packages: ['packages/a'] });
    const real = join(root, 'elsewhere/linked');
    put(real, 'package.json', JSON.stringify({ name: '@fx/linked' }));
    symlinkSync(real, join(root, 'packages/linked'));
    symlinkSync(join(root, 'missing'), join(root, 'packages/broken'));
    rmSync(join(root, 'package.json'));
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
    const ws = readWorkspace(root);
    expect(ws.packages).toEqual([
      { name: '@fx/a', dir: 'packages/a' },
      { name: '@fx/linked', dir: 'packages/linked' },
      { name: '.', dir: '.' },
    ]);
  });

  describe('discoverInputs', () => {
    it('accepts absolute files and relative globs, sorted and deduplicated', () => {
      const root = makeWorkspace();
      put(root, 'packages/a/coverage/coverage-final.json');
      put(root, 'x/cov.json');
      const abs = join(root, 'x/cov.json');
      expect(discoverInputs(root, [abs, 'x/*.json', join(root, 'missing.json')])).toEqual([abs]);
    });
  });

  describe('createPackageResolver', () => {
    it('attributes to the nearest package folder, else the root', () => {
      const resolve = createPackageResolver({
        root: '/r',
        packages: [
          { name: 'outer', dir: 'packages/outer' },
          { name: 'inner', dir: 'packages/outer/inner' },
          { name: 'root', dir: '.' },
        ],
      });
      expect(resolve('packages/outer/inner/src/a.ts')).toBe('inner');
      expect(resolve('packages/outer/src/a.ts')).toBe('outer');
      expect(resolve('packages/outerx/a.ts')).toBe('root');
      expect(createPackageResolver({ root: '/r', packages: [] })('a.ts')).toBe('.');
    });
  });

  it("default discovery works on a copy of this repo's pnpm workspace layout", async () => {
    const repo = join(import.meta.dirname, '../../..');
    const root = makeWorkspace({ packages: [] });
    cpSync(join(repo, 'pnpm-workspace.yaml'), join(root, 'pnpm-workspace.yaml'));
    cpSync(join(repo, 'package.json'), join(root, 'package.json'));
    cpSync(join(repo, 'coverage.targets.json'), join(root, 'coverage.targets.json'));
    const names: string[] = [];
    const dirs = readdirSync(join(repo, 'packages')).filter((d) =>
      existsSync(join(repo, 'packages', d, 'package.json')),
    );
    for (const dir of dirs) {
      const pkg = readFileSync(join(repo, 'packages', dir, 'package.json'), 'utf8');
      names.push((JSON.parse(pkg) as { name: string }).name);
      put(root, `packages/${dir}/package.json`, pkg);
      put(root, `packages/${dir}/src/math.ts`, '');
      put(
        root,
        `packages/${dir}/coverage/coverage-final.json`,
        renderInput(root, [{ from: 'math.full', at: `packages/${dir}/src/math.ts` }]),
      );
    }
    const c = captureIo(join(root, 'packages/models'));
    expect(await main(['merge', '--json'], c.io)).toBe(0);
    const result = JSON.parse(c.stdout());
    const n = dirs.length;
    expect(result).toMatchObject({ inputs: n, packages: n, files: n, targets: { met: true } });
    // the copy has the targets file but not the repo's baseline: the missing gate is said out loud
    expect(c.stderr()).toMatch(
      /^atom-coverage: warning: baseline coverage-baseline\.json does not exist/,
    );
    const coverage = JSON.parse(readFileSync(join(root, 'coverage/coverage.json'), 'utf8'));
    expect(Object.keys(coverage.packages)).toEqual(names.sort());
    expect(coverage.baseline).toBeUndefined();
  });
});
