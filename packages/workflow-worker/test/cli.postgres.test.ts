// The `atom-worker` command as a user runs it: the committed bin (on the built `dist/`) in a child
// process, with an executors module of its own, against a database of its own on the DATABASE_URL
// server. Happy path, graceful SIGTERM (idle and with a running execution), and every bad input.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { executeRows } from '@atom/models';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowClient } from '../src/index.js';
import { createWorkflowClient } from '../src/index.js';
import { usePostgres } from './db/harness.js';
import { Workers, chain, until } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'atom-worker.js');
const USAGE_HEAD = 'Usage: atom-worker --module <file>';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `atom-worker` child: its output so far and its exit. */
interface Cli {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  exited: Promise<Exit>;
}

/** Environment of the child: the parent's, without DATABASE_URL unless given. */
function childEnv(databaseUrl: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (databaseUrl !== undefined) env.DATABASE_URL = databaseUrl;
  return env;
}

describe('atom-worker CLI (postgres)', () => {
  const h = usePostgres(); // models only: the CLI prepares the worker tables itself
  const started: Cli[] = [];
  let dir: string;
  let client: WorkflowClient | undefined;

  /** Spawns the bin in `dir`; a child still running after 30 s is killed (and the test fails). */
  function cli(args: string[], databaseUrl: string | undefined): Cli {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: dir,
      env: childEnv(databaseUrl),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => (output.stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output.stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const exited = new Promise<Exit>((resolve) => {
      child.once('close', (code, signal) => {
        clearTimeout(killer);
        resolve({ code, signal, ...output });
      });
    });
    const handle = { child, output, exited };
    started.push(handle);
    return handle;
  }

  /** Waits for the `atom-worker <id> started` line; returns the worker id. */
  async function ready(c: Cli): Promise<string> {
    let exit: Exit | undefined;
    void c.exited.then((e) => (exit = e));
    await until(
      () => exit !== undefined || /atom-worker (\S+) started/.test(c.output.stdout),
      30_000,
    );
    if (exit !== undefined) throw new Error(`atom-worker exited early: ${JSON.stringify(exit)}`);
    return /atom-worker (\S+) started/.exec(c.output.stdout)![1]!;
  }

  function module(name: string, source: string): string {
    writeFileSync(join(dir, name), source);
    return `./${name}`;
  }

  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'cli.js'))) {
      throw new Error('dist/cli.js is missing: run `pnpm build` in packages/workflow-worker');
    }
    dir = mkdtempSync(join(tmpdir(), 'atom-cli-'));
    module(
      'executors.mjs',
      `export const executors = {
        echo: ({ params, step }) => ({ x: params.x, step: step.id, pid: process.pid }),
        block: ({ signal }) =>
          new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      };\n`,
    );
  });
  afterEach(() => {
    for (const c of started.splice(0)) {
      if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    }
  });
  afterAll(async () => {
    await client?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('running', () => {
    const workers = new Workers(() => h.url());
    afterEach(() => workers.stopAll());
    const getClient = (): WorkflowClient =>
      (client ??= createWorkflowClient({ database: h.url(), leaseMs: 1500 }));
    const definition = {
      id: 'echo',
      steps: [{ id: 'a', service: 'echo', depends_on: [], parameters: { x: '${input.x}' } }],
    };

    it('prepares a fresh database from DATABASE_URL, runs a submitted execution, and exits 0 on SIGTERM', async () => {
      const c = cli(
        [
          '--module',
          './executors.mjs',
          '--concurrency',
          '2',
          '--lease-ms',
          '1500',
          '--heartbeat-ms',
          '400',
          '--takeover-check-ms',
          '100',
        ],
        h.url(),
      );
      const workerId = await ready(c);
      expect(workerId).toMatch(/^worker:/);
      const id = await getClient().submit(definition, { x: 41 });
      const result = await getClient().result(id, { timeoutMs: 20_000 });
      expect(result).toMatchObject({
        status: 'COMPLETED',
        outputs: { a: { x: 41, step: 'a', pid: c.child.pid } },
      });
      c.child.kill('SIGTERM');
      const exit = await c.exited;
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.stderr).toBe('');
      // A graceful stop unregisters the worker and removes its watch job.
      const rows = await executeRows<{ n: number }>(
        h.db(),
        sql`SELECT (SELECT count(*) FROM atom_worker_workers WHERE owner = ${workerId})::int
             + (SELECT count(*) FROM graphile_worker.jobs WHERE key = ${`watch:${workerId}`})::int AS n`,
      );
      expect(rows[0]!.n).toBe(0);
    });

    it('takes --database and a module with a default export; SIGINT stops it too', async () => {
      const path = module(
        'default-export.mjs',
        'export default { echo: ({ params }) => ({ twice: params.x * 2 }) };\n',
      );
      const c = cli(
        ['--module', path, '--database', h.url(), '--poll-interval-ms', '100'],
        undefined,
      );
      await ready(c);
      const id = await getClient().submit(definition, { x: 21 });
      expect(await getClient().result(id, { timeoutMs: 20_000 })).toMatchObject({
        status: 'COMPLETED',
        outputs: { a: { twice: 42 } },
      });
      c.child.kill('SIGINT');
      expect(await c.exited).toMatchObject({ code: 0, signal: null });
    });

    it('SIGTERM hands a running execution back after --stop-timeout-ms; another worker finishes it', async () => {
      const c = cli(
        ['--module', './executors.mjs', '--stop-timeout-ms', '200', '--lease-ms', '1500'],
        h.url(),
      );
      const workerId = await ready(c);
      const id = await getClient().submit(chain('blocked', 1, 'block'));
      await until(async () => {
        const rows = await executeRows<{ owner: string }>(
          h.db(),
          sql`SELECT owner FROM atom_worker_leases WHERE execution_id = ${id}`,
        );
        return rows[0]?.owner === workerId;
      });
      c.child.kill('SIGTERM');
      expect(await c.exited).toMatchObject({ code: 0, signal: null });
      const state = await executeRows<{ status: string; leases: number; jobs: number }>(
        h.db(),
        sql`SELECT e.status::text AS status,
              (SELECT count(*) FROM atom_worker_leases WHERE execution_id = ${id})::int AS leases,
              (SELECT count(*) FROM graphile_worker._private_jobs j
                JOIN graphile_worker._private_tasks t ON t.id = j.task_id
                WHERE t.identifier = 'atom_workflow_drive' AND j.payload->>'executionId' = ${id}
                  AND j.locked_by IS NULL)::int AS jobs
            FROM workflow_executions e WHERE e.execution_id = ${id}`,
      );
      expect(state).toEqual([{ status: 'RUNNING', leases: 0, jobs: 1 }]);
      await workers.start({ block: () => 'finished elsewhere' });
      expect(await getClient().result(id, { timeoutMs: 20_000 })).toMatchObject({
        status: 'COMPLETED',
        outputs: { s0: 'finished elsewhere' },
      });
    });
  });

  describe('bad input: exits 2 with a message naming what is wrong, then the usage', () => {
    async function fails(args: string[], databaseUrl: string | undefined, message: string) {
      const exit = await cli(args, databaseUrl).exited;
      expect(exit.signal).toBeNull();
      expect(exit.code).toBe(2);
      expect(exit.stdout).toBe('');
      const [first, ...rest] = exit.stderr.split('\n');
      expect(first).toBe(message);
      expect(rest.join('\n')).toContain(USAGE_HEAD);
    }

    it('missing --module', async () => {
      await fails([], h.url(), 'Option "--module" expected a file, received undefined');
    });

    it('--module given without a value', async () => {
      const exit = await cli(['--module'], h.url()).exited;
      expect(exit.code).toBe(2);
      expect(exit.stderr).toContain("Option '--module <value>' argument missing");
    });

    it('an unknown option', async () => {
      const exit = await cli(['--module', './executors.mjs', '--workers', '3'], h.url()).exited;
      expect(exit.code).toBe(2);
      expect(exit.stderr).toContain("Unknown option '--workers'");
    });

    it('a module that does not exist names the file', async () => {
      const exit = await cli(['--module', './nope.mjs'], h.url()).exited;
      expect(exit.code).toBe(2);
      expect(exit.stderr.split('\n')[0]).toMatch(
        new RegExp(
          `^Cannot find module '${join(dir, 'nope.mjs').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'`,
        ),
      );
    });

    it('a module that throws while loading reports its error', async () => {
      const path = module('throws.mjs', "throw new Error('executors module broke');\n");
      await fails(['--module', path], h.url(), 'executors module broke');
    });

    it('a module without executors names the file', async () => {
      const path = module('no-executors.mjs', 'export const something = 1;\n');
      await fails(
        ['--module', path],
        h.url(),
        `Option "--module" expected a module exporting \`executors\` (or a default export), received "${join(dir, 'no-executors.mjs')}, which exports neither"`,
      );
    });

    it('a module whose executors are not functions names the service', async () => {
      const path = module('bad-executor.mjs', "export const executors = { http: 'nope' };\n");
      await fails(
        ['--module', path],
        h.url(),
        'Option "executors.http" expected a function, received "nope"',
      );
    });

    it.each([
      [['--concurrency', 'abc'], 'Option "--concurrency" expected an integer, received "abc"'],
      [['--concurrency', '0'], 'Option "concurrency" expected a positive integer, received 0'],
      [['--lease-ms', '1.5'], 'Option "--lease-ms" expected an integer, received "1.5"'],
      [['--lease-ms=-10'], 'Option "leaseMs" expected a positive integer, received -10'],
      [['--heartbeat-ms', '1e3x'], 'Option "--heartbeat-ms" expected an integer, received "1e3x"'],
      [
        ['--lease-ms', '1000', '--heartbeat-ms', '1000'],
        'Option "heartbeatMs" expected less than leaseMs (1000), received 1000',
      ],
      [
        ['--takeover-check-ms', '0'],
        'Option "takeoverCheckMs" expected a positive integer, received 0',
      ],
      [
        ['--poll-interval-ms', 'x'],
        'Option "--poll-interval-ms" expected an integer, received "x"',
      ],
      [
        ['--stop-timeout-ms', '2s'],
        'Option "--stop-timeout-ms" expected an integer, received "2s"',
      ],
    ])('%j', async (option, message) => {
      await fails(['--module', './executors.mjs', ...option], h.url(), message);
    });

    it('a negative number after a space is taken for an option: parseArgs refuses it', async () => {
      const exit = await cli(['--module', './executors.mjs', '--lease-ms', '-10'], h.url()).exited;
      expect(exit.code).toBe(2);
      expect(exit.stderr).toContain("Option '--lease-ms' argument is ambiguous");
    });

    it('no DATABASE_URL and no --database', async () => {
      await fails(
        ['--module', './executors.mjs'],
        undefined,
        'Option "database" expected a postgres:// connection URL, received ""',
      );
    });

    it('a --database that is not a postgres:// URL', async () => {
      await fails(
        ['--module', './executors.mjs', '--database', 'mysql://x'],
        undefined,
        'Option "database" expected a postgres:// connection URL, received "mysql://x"',
      );
    });

    it('a database that does not exist: exits 2 (does not hang) with the server error', async () => {
      const missing = new URL(h.url());
      missing.pathname = '/atom_cli_no_such_database';
      await fails(
        ['--module', './executors.mjs', '--database', missing.href],
        undefined,
        'database "atom_cli_no_such_database" does not exist',
      );
    });
  });
});
