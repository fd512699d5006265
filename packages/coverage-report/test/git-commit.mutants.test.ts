import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitCommit } from '../src/git-commit.js';
import { git, repo, tree } from './temp-folders.js';

// "Fake" git folders hold only the files gitCommit reads (no objects/), so `git rev-parse` refuses
// them: whatever gitCommit returns for them was read from the files, not asked from git.

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('gitCommit read from the files', () => {
  it('is undefined where git itself refuses the folder', () => {
    expect(gitCommit(tree({ '.git/config': '' }), {})).toBeUndefined();
  });

  it('reads a detached HEAD written with a trailing newline, also from a subfolder', () => {
    const root = tree({ '.git/HEAD': `${A}\n`, 'src/x.ts': '' });
    expect(gitCommit(root, {})).toBe(A);
    expect(gitCommit(join(root, 'src'), {})).toBe(A);
  });

  it('follows HEAD to a loose ref', () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.git/refs/heads/main': `${A}\n` });
    expect(gitCommit(root, {})).toBe(A);
  });

  it('accepts only a whole "ref: refs/..." HEAD line', () => {
    const refs = { '.git/refs/heads/main': `${A}\n` };
    expect(
      gitCommit(tree({ ...refs, '.git/HEAD': 'xref: refs/heads/main\n' }), {}),
    ).toBeUndefined();
    expect(
      gitCommit(tree({ ...refs, '.git/HEAD': 'ref: refs/heads/main extra\n' }), {}),
    ).toBeUndefined();
  });

  it('leaves a loose ref that holds no commit id to git, not to packed-refs', () => {
    const root = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/refs/heads/main': 'garbage\n',
      '.git/packed-refs': `# pack-refs with: peeled fully-peeled sorted\n${B} refs/heads/other\n${A} refs/heads/main\n`,
    });
    // git itself refuses this fake folder: no commit.
    expect(gitCommit(root, {})).toBeUndefined();
  });

  it('follows a .git file to its git folder, trimming the pointer', () => {
    const root = tree({ '.git': 'gitdir: ./real/gitdir  \n', 'real/gitdir/HEAD': `${B}\n` });
    expect(gitCommit(root, {})).toBe(B);
  });

  it('accepts the gitdir pointer only at the start of a line', () => {
    const root = tree({ '.git': 'x gitdir: ./real/gitdir\n', 'real/gitdir/HEAD': `${B}\n` });
    expect(gitCommit(root, {})).toBeUndefined();
  });
});

describe('gitCommit asked from git', () => {
  it('lets GIT_DIR win over the .git folder of the work tree', () => {
    const real = repo();
    const head = git(real, 'rev-parse', 'HEAD');
    const fake = tree({ '.git/HEAD': `${A}\n` });
    expect(gitCommit(fake, {})).toBe(A);
    expect(gitCommit(fake, { GIT_DIR: join(real, '.git') })).toBe(head);
  });

  it('does not trust the ref files next to a reftable', () => {
    const dir = repo();
    const head = git(dir, 'rev-parse', 'HEAD');
    // HEAD -> refs/heads/alias -> refs/heads/main: the loose file of alias holds no commit id.
    git(dir, 'symbolic-ref', 'refs/heads/alias', 'refs/heads/main');
    git(dir, 'symbolic-ref', 'HEAD', 'refs/heads/alias');
    mkdirSync(join(dir, '.git/reftable'));
    expect(gitCommit(dir, {})).toBe(head);
  });
});
