import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The git directory of the work tree holding `dir` (following a worktree's `.git` file). */
function findGitDir(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const dotGit = join(d, '.git');
    const stat = statSync(dotGit, { throwIfNoEntry: false });
    if (stat !== undefined) {
      if (stat.isDirectory()) return dotGit;
      const pointer = /^gitdir: (.+)$/m.exec(readText(dotGit) ?? '')?.[1];
      return pointer === undefined ? undefined : resolve(d, pointer.trim());
    }
    if (dirname(d) === d) return undefined;
  }
}

/** `HEAD` read from the files of a plain git directory; `null` when only git itself can tell. */
function readHead(gitDir: string): string | undefined | null {
  if (existsSync(join(gitDir, 'reftable'))) return null;
  const head = readText(join(gitDir, 'HEAD'))?.trim();
  if (head === undefined) return null;
  if (SHA.test(head)) return head;
  const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
  if (ref === undefined) return null;
  const common = readText(join(gitDir, 'commondir'))?.trim();
  const commonDir = common === undefined ? gitDir : resolve(gitDir, common);
  for (const dir of [gitDir, commonDir]) {
    const loose = readText(join(dir, ref))?.trim();
    // A loose ref that is not a commit id (a symbolic ref to another branch): git resolves it.
    if (loose !== undefined) return SHA.test(loose) ? loose : null;
  }
  for (const line of (readText(join(commonDir, 'packed-refs')) ?? '').split('\n')) {
    const [sha, name] = line.split(' ');
    if (name === ref && sha !== undefined && SHA.test(sha)) return sha;
  }
  return undefined;
}

/**
 * The commit checked out at `root`: read from `.git` directly (a child process costs more than
 * the whole report on a small input), falling back to `git rev-parse HEAD` for what the files
 * alone do not settle (`GIT_DIR`, reftable). `undefined` outside git or on an unborn branch.
 */
export function gitCommit(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (env.GIT_DIR === undefined) {
    const gitDir = findGitDir(root);
    if (gitDir === undefined) return undefined;
    const head = readHead(gitDir);
    if (head !== null) return head;
  }
  try {
    // Loaded only here: most runs never need a child process.
    const { execFileSync } = process.getBuiltinModule('node:child_process');
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
      encoding: 'utf8',
    }).trim();
  } catch {
    return undefined;
  }
}
