// Runs examples/crash-and-recover.ts: a child process dies inside step c, a second one recovers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('examples/crash-and-recover', () => {
  it('recovers in a new process: completed steps run once, the crashed step again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atom-crash-test-'));
    try {
      const out = spawnSync(
        join(root, 'node_modules/.bin/tsx'),
        ['examples/crash-and-recover.ts', dir],
        { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } },
      );
      expect(out.status, out.stderr).toBe(0);
      const summary = JSON.parse(out.stdout.trim().split('\n').pop()!) as {
        crashExitCode: number;
        effects: string[];
        statusBeforeRecover: string;
        stepsBeforeRecover: Record<string, string>;
        status: string;
        outputs: Record<string, unknown>;
      };
      expect(summary.crashExitCode).toBe(137);
      expect(summary.statusBeforeRecover).toBe('RUNNING');
      expect(summary.stepsBeforeRecover).toEqual({
        a: 'COMPLETED',
        b: 'COMPLETED',
        c: 'RUNNING',
        d: 'PENDING',
        e: 'PENDING',
      });
      expect(summary.status).toBe('COMPLETED');
      expect(Object.keys(summary.outputs).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
      // a and b once (exactly-once outputs), c twice (at-least-once side effect), d and e once.
      expect(summary.effects).toEqual(['a:1', 'b:1', 'c:1', 'c:2', 'd:1', 'e:1']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
