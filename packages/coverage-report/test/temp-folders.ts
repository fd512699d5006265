// Temporary folders for tests: made under the OS temp folder, removed after each test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder, removed after the current test. */
export function tempDir(prefix = 'atom-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes `text` at `rel` under `root`, creating its folders. */
export function put(root: string, rel: string, text = '{}'): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** A new temp folder holding `files` (relative path → text). */
export function tree(files: Record<string, string>): string {
  const root = tempDir();
  for (const [rel, text] of Object.entries(files)) put(root, rel, text);
  return root;
}

/** Runs git in `cwd` with a fixed identity and without an inherited GIT_DIR; its trimmed output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, GIT_DIR: undefined },
  }).trim();
}

/** A new git repository on branch main with `commits` empty commits. */
export function repo(commits = 2): string {
  const dir = tempDir('atom-git-');
  git(dir, 'init', '-q', '-b', 'main');
  for (let i = 0; i < commits; i += 1) git(dir, 'commit', '-q', '--allow-empty', '-m', `c${i}`);
  return dir;
}
