import { existsSync, realpathSync } from 'node:fs';
import { posix } from 'node:path';

/** Turns Windows separators (`\\`) into POSIX ones. */
export function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

/** True for a POSIX absolute path or a Windows drive / UNC path. */
export function isAbsoluteAnywhere(path: string): boolean {
  const p = toPosix(path);
  return p.startsWith('/') || /^[A-Za-z]:\//.test(p);
}

/** A resolver from source paths as inputs report them to repo-relative POSIX paths. */
export interface PathNormalizer {
  /** The real absolute POSIX root. */
  readonly root: string;
  /**
   * Repo-relative POSIX path of `path`, or `undefined` when it cannot be placed under the root.
   * Relative paths are taken relative to the root.
   */
  normalize(path: string): string | undefined;
}

function realOrSelf(path: string): string {
  try {
    return toPosix(realpathSync.native(path));
  } catch {
    return path;
  }
}

/** The part of `abs` below `root`, or `undefined` when `abs` is not inside it. */
function below(root: string, abs: string): string | undefined {
  if (abs === root) return undefined;
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return abs.startsWith(prefix) ? abs.slice(prefix.length) : undefined;
}

/**
 * Creates a {@link PathNormalizer} for the workspace `root`:
 * - Windows separators become `/`; `.` and `..` segments are resolved;
 * - a path that exists is resolved through symlinks (pnpm's `node_modules` links) to its real path;
 * - an absolute path from another machine (a CI checkout) is re-rooted onto the longest suffix of
 *   its segments that exists under `root`;
 * - anything else outside the root is `undefined`.
 * Already-normal repo-relative paths are returned unchanged.
 */
export function createPathNormalizer(root: string): PathNormalizer {
  const realRoot = realOrSelf(posix.normalize(toPosix(root)));
  const lexicalRoot = posix.normalize(toPosix(root));
  const cache = new Map<string, string | undefined>();

  function place(abs: string): string | undefined {
    const inside = below(realRoot, abs) ?? below(lexicalRoot, abs);
    // A path that does not exist stays itself (realOrSelf), so `inside` it is: one syscall.
    if (inside !== undefined) return below(realRoot, realOrSelf(abs)) ?? inside;
    if (existsSync(abs)) {
      const real = below(realRoot, realOrSelf(abs));
      if (real !== undefined) return real;
    }
    const segments = abs.split('/').filter((s) => s !== '' && !/^[A-Za-z]:$/.test(s));
    for (let i = 1; i < segments.length; i += 1) {
      const candidate = `${realRoot}/${segments.slice(i).join('/')}`;
      if (existsSync(candidate)) return below(realRoot, realOrSelf(candidate));
    }
    return undefined;
  }

  function normalize(path: string): string | undefined {
    const cached = cache.get(path);
    if (cached !== undefined || cache.has(path)) return cached;
    const p = toPosix(path);
    let result: string | undefined;
    if (isAbsoluteAnywhere(p)) {
      result = place(posix.normalize(p));
    } else {
      const rel = posix.normalize(p);
      if (rel === '.' || rel.startsWith('../') || rel === '..') result = undefined;
      else {
        // posix.normalize has already dropped a leading `./`.
        const abs = `${realRoot}/${rel}`;
        result = existsSync(abs) ? (below(realRoot, realOrSelf(abs)) ?? rel) : rel;
      }
    }
    cache.set(path, result);
    return result;
  }

  return { root: realRoot, normalize };
}
