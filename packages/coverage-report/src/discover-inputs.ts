import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, resolve } from 'node:path';
import { picomatch } from './picomatch.js';
import { InvalidShapeError } from './errors.js';
import { parseJsonText } from './json-text.js';
import { toPosix } from './normalize-paths.js';

/** A package of the workspace. */
export interface WorkspacePackage {
  /** `name` of its package.json, or its folder when it has none. */
  name: string;
  /** Repo-relative POSIX folder; `"."` for the root. */
  dir: string;
}

/** The workspace: its root and its packages (the root package last). */
export interface Workspace {
  /** Absolute root folder. */
  root: string;
  /** The workspace packages, sorted by folder, followed by the root package. */
  packages: WorkspacePackage[];
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.turbo', '.pnpm-store']);

function readPackageName(dir: string): string | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  const data = parseJsonText(file, readFileSync(file, 'utf8'));
  if (typeof data === 'object' && data !== null && 'name' in data) {
    const { name } = data;
    if (typeof name === 'string' && name !== '') return name;
  }
  return undefined;
}

/**
 * The `packages:` list of a `pnpm-workspace.yaml` (the block sequence or flow sequence form, quoted
 * or not), read without a YAML dependency.
 */
export function parsePnpmWorkspacePackages(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const globs: string[] = [];
  const unquote = (s: string): string => s.trim().replace(/^(['"])(.*)\1$/, '$2');
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^packages\s*:\s*(.*)$/.exec(lines[i] as string);
    if (match === null) continue;
    const rest = (match[1] as string).replace(/\s+#.*$/, '').trim();
    if (rest.startsWith('[')) {
      return rest
        .replace(/^\[|\]$/g, '')
        .split(',')
        .map(unquote)
        .filter((s) => s !== '');
    }
    for (let j = i + 1; j < lines.length; j += 1) {
      const line = lines[j] as string;
      if (/^\s*(#.*)?$/.test(line)) continue;
      const item = /^\s+-\s*(.*?)\s*(#.*)?$/.exec(line) ?? /^-\s*(.*?)\s*(#.*)?$/.exec(line);
      if (item === null) break;
      globs.push(unquote(item[1] as string));
    }
    break;
  }
  return globs;
}

/** The workspace package globs declared at `dir`, or `undefined` when `dir` is no workspace root. */
function workspaceGlobs(dir: string): string[] | undefined {
  const pnpm = join(dir, 'pnpm-workspace.yaml');
  if (existsSync(pnpm)) return parsePnpmWorkspacePackages(readFileSync(pnpm, 'utf8'));
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile)) return undefined;
  const pkg = parseJsonText(pkgFile, readFileSync(pkgFile, 'utf8'));
  if (typeof pkg !== 'object' || pkg === null || !('workspaces' in pkg)) return undefined;
  const { workspaces } = pkg;
  const list = Array.isArray(workspaces)
    ? workspaces
    : typeof workspaces === 'object' && workspaces !== null && 'packages' in workspaces
      ? workspaces.packages
      : undefined;
  if (!Array.isArray(list) || !list.every((g): g is string => typeof g === 'string')) {
    throw new InvalidShapeError(pkgFile, '/workspaces', 'expected an array of package globs');
  }
  return list;
}

/** True when `dir` has a `pnpm-workspace.yaml` or a `package.json` with `workspaces`. */
export function isWorkspaceRoot(dir: string): boolean {
  return workspaceGlobs(dir) !== undefined;
}

/**
 * The workspace root above `cwd`: the nearest folder with a `pnpm-workspace.yaml` or a
 * `package.json` with `workspaces`; `cwd` itself when there is none.
 */
export function findWorkspaceRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (workspaceGlobs(dir) !== undefined) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}

/**
 * Repo-relative POSIX paths under `root` matching `globs` (picomatch; `!glob` excludes), walking
 * only the folders the globs can reach and never `node_modules` or `.git` unless a glob names them.
 * `kind` selects files or folders. Sorted.
 */
export function expandGlobs(
  root: string,
  globs: readonly string[],
  kind: 'file' | 'dir' = 'file',
): string[] {
  const positive = globs
    .filter((g) => !g.startsWith('!'))
    .map((g) => toPosix(g).replace(/^\.\//, ''));
  const negative = globs.filter((g) => g.startsWith('!')).map((g) => toPosix(g.slice(1)));
  const isExcluded = negative.length > 0 ? picomatch(negative, { dot: true }) : () => false;
  const found = new Set<string>();
  for (const glob of positive) {
    const scan = picomatch.scan(glob);
    if (!scan.isGlob) {
      const abs = join(root, glob);
      if (existsSync(abs) && statSync(abs).isDirectory() === (kind === 'dir')) {
        found.add(posix.normalize(glob));
      }
      continue;
    }
    const isMatch = picomatch(glob, { dot: true });
    const depth = scan.glob.includes('**') ? Infinity : scan.glob.split('/').length;
    const namesModules = glob.includes('node_modules');
    // `real` is the folder's real path: a symlinked folder that leads back to the folder being
    // walked or one of its parents is listed but not entered (a loop would never end).
    const walk = (rel: string, real: string, level: number): void => {
      let entries;
      try {
        entries = readdirSync(join(root, rel), { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
        const link = entry.isSymbolicLink() ? realDirOf(join(root, child)) : undefined;
        const isDir = entry.isDirectory() || link !== undefined;
        const childReal = link ?? `${real}/${entry.name}`;
        const enter =
          isDir &&
          level + 1 < depth &&
          (link === undefined || !(real === link || real.startsWith(`${link}/`)));
        if (isDir !== (kind === 'dir') || !isMatch(child)) {
          if (enter && (namesModules || !SKIPPED_DIRS.has(entry.name))) {
            walk(child, childReal, level + 1);
          }
        } else {
          found.add(child);
          if (enter && !SKIPPED_DIRS.has(entry.name)) walk(child, childReal, level + 1);
        }
      }
    };
    walk(scan.base, realDirOf(join(root, scan.base)) ?? resolve(root, scan.base), 0);
  }
  return [...found].filter((p) => !isExcluded(p)).sort();
}

/** The real path of `path` when it is (or links to) a folder, else `undefined`. */
function realDirOf(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? toPosix(realpathSync.native(path)) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the workspace at `root`: its packages from the workspace globs, plus the root package. */
export function readWorkspace(root: string): Workspace {
  const abs = resolve(root);
  const globs = workspaceGlobs(abs) ?? [];
  const packages: WorkspacePackage[] = [];
  for (const dir of expandGlobs(abs, globs, 'dir')) {
    if (!existsSync(join(abs, dir, 'package.json'))) continue;
    packages.push({ name: readPackageName(join(abs, dir)) ?? dir, dir });
  }
  packages.push({ name: readPackageName(abs) ?? '.', dir: '.' });
  return { root: abs, packages };
}

/** The default input globs: `<package>/coverage/coverage-final.json` of every workspace package. */
export function defaultInputGlobs(workspace: Workspace): string[] {
  const dirs = workspace.packages.filter((p) => p.dir !== '.').map((p) => p.dir);
  return dirs.length > 0
    ? dirs.map((d) => `${d}/coverage/coverage-final.json`)
    : ['coverage/coverage-final.json'];
}

/**
 * Absolute paths of the inputs named by `globs` (relative to `root`, or absolute files), sorted.
 */
export function discoverInputs(root: string, globs: readonly string[]): string[] {
  const out = new Set<string>();
  const relative: string[] = [];
  for (const glob of globs) {
    if (isAbsolute(glob) && !picomatch.scan(glob).isGlob) {
      if (existsSync(glob)) out.add(resolve(glob));
    } else relative.push(glob);
  }
  for (const rel of expandGlobs(root, relative, 'file')) out.add(join(root, rel));
  return [...out].sort();
}

/**
 * Returns a function that attributes a repo-relative path to the package whose folder contains it
 * (the nearest workspace package folder above it); paths outside every package belong to the root
 * package.
 */
export function createPackageResolver(workspace: Workspace): (path: string) => string {
  const byDir = [...workspace.packages]
    .filter((p) => p.dir !== '.')
    .sort((a, b) => b.dir.length - a.dir.length);
  const rootName = workspace.packages.find((p) => p.dir === '.')?.name ?? '.';
  return (path: string): string => {
    for (const pkg of byDir) {
      if (path.startsWith(`${pkg.dir}/`)) return pkg.name;
    }
    return rootName;
  };
}
