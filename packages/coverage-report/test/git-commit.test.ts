import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitCommit } from '../src/git-commit.js';
import { git, repo, tempDir } from './temp-folders.js';

describe('gitCommit', () => {
  it('reads a loose branch ref, also from a subfolder', () => {
    const dir = repo();
    const head = git(dir, 'rev-parse', 'HEAD');
    expect(gitCommit(dir, {})).toBe(head);
    mkdirSync(join(dir, 'packages/a'), { recursive: true });
    expect(gitCommit(join(dir, 'packages/a'), {})).toBe(head);
  });

  it('reads packed refs (after gc or a fresh clone)', () => {
    const dir = repo();
    git(dir, 'pack-refs', '--all');
    expect(gitCommit(dir, {})).toBe(git(dir, 'rev-parse', 'HEAD'));
  });

  it('asks git when HEAD names a branch that is itself a symbolic ref', () => {
    const dir = repo();
    git(dir, 'symbolic-ref', 'refs/heads/alias', 'refs/heads/main');
    git(dir, 'symbolic-ref', 'HEAD', 'refs/heads/alias');
    const head = git(dir, 'rev-parse', 'HEAD');
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect(gitCommit(dir, {})).toBe(head);
  });

  it('reads a detached HEAD', () => {
    const dir = repo(3);
    git(dir, 'checkout', '-q', '--detach', 'HEAD~1');
    const head = git(dir, 'rev-parse', 'HEAD');
    expect(gitCommit(dir, {})).toBe(head);
    expect(head).not.toBe(git(dir, 'rev-parse', 'main'));
  });

  it('follows a linked worktree to its own HEAD and the shared refs', () => {
    const dir = repo(3);
    const wt = join(tempDir(), 'wt');
    git(dir, 'worktree', 'add', '-q', '-b', 'side', wt, 'HEAD~2');
    git(dir, 'pack-refs', '--all');
    expect(gitCommit(wt, {})).toBe(git(wt, 'rev-parse', 'HEAD'));
    expect(gitCommit(wt, {})).not.toBe(gitCommit(dir, {}));
  });

  it('is undefined outside git and on an unborn branch', () => {
    expect(gitCommit(tempDir(), {})).toBeUndefined();
    expect(gitCommit(repo(0), {})).toBeUndefined();
  });

  it('asks git itself when GIT_DIR is set or the refs are a reftable', () => {
    const dir = repo();
    const head = git(dir, 'rev-parse', 'HEAD');
    const outside = tempDir();
    expect(gitCommit(outside, { GIT_DIR: join(dir, '.git') })).toBe(head);
    mkdirSync(join(dir, '.git/reftable'));
    expect(gitCommit(dir, {})).toBe(head);
  });

  it('leaves what the files do not settle to git, which refuses a broken repository', () => {
    const noPointer = tempDir();
    writeFileSync(join(noPointer, '.git'), 'not a gitdir line\n');
    expect(gitCommit(noPointer, {})).toBeUndefined();
    const noHead = tempDir();
    mkdirSync(join(noHead, '.git'));
    expect(gitCommit(noHead, {})).toBeUndefined();
    const oddHead = repo();
    writeFileSync(join(oddHead, '.git/HEAD'), 'ref: HEADS/main\n');
    expect(gitCommit(oddHead, {})).toBeUndefined();
  });
});
