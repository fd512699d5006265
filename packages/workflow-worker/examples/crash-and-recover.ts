/**
 * Crash and recover: `pnpm exec tsx examples/crash-and-recover.ts [dataDir]`.
 *
 * Runs a 5-step workflow on PostgreSQL (`DATABASE_URL`) or on PGlite on disk (`dataDir`, default a
 * new temporary directory) in a child process that dies (`process.exit`) inside the executor of
 * step `c`; then a second child process recovers the execution from the database and finishes it.
 * Executor side effects are appended to `<dataDir>/effects.log`. Prints a JSON summary last.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Executor } from '@atom/workflow-engine';
import { createEngine } from '@atom/workflow-engine';
import type { Db } from '@atom/models';
import { createDb, createEmbeddedDb, migrate } from '@atom/models';
import { DrizzleExecutionStore } from '../src/index.js';

const definition = {
  id: 'crash-demo',
  steps: [
    { id: 'a', service: 'work', depends_on: [] },
    { id: 'b', service: 'work' },
    { id: 'c', service: 'work' },
    { id: 'd', service: 'work' },
    { id: 'e', service: 'work' },
  ],
};

async function open(dataDir: string): Promise<Db> {
  const url = process.env.DATABASE_URL ?? '';
  const db = url === '' ? await createEmbeddedDb({ dataDir: join(dataDir, 'pg') }) : createDb(url);
  await migrate(db);
  return db;
}

function worker(dataDir: string, crashAt: string | undefined): Executor {
  return ({ step, attempt }) => {
    appendFileSync(join(dataDir, 'effects.log'), `${step.id}:${attempt}\n`);
    if (step.id === crashAt) process.exit(137); // the process dies mid-step
    return Promise.resolve({ done: step.id });
  };
}

async function phase(name: string, dataDir: string, executionId: string): Promise<void> {
  const db = await open(dataDir);
  const store = new DrizzleExecutionStore(db);
  if (name === 'start') {
    const engine = createEngine({ executors: { work: worker(dataDir, 'c') }, store });
    await engine.start(definition, { executionId }).result; // never returns: the process exits in step c
  } else {
    const engine = createEngine({ executors: { work: worker(dataDir, undefined) }, store });
    const before = await store.load(executionId);
    const run = await engine.recover(executionId);
    if (run === false) throw new Error(`execution ${executionId} was not recoverable`);
    const result = await run.result;
    await engine.close();
    console.log(
      JSON.stringify({
        statusBeforeRecover: before?.status,
        stepsBeforeRecover: Object.fromEntries(
          Object.values(before?.steps ?? {}).map((s) => [s.stepId, s.status]),
        ),
        status: result.status,
        outputs: result.outputs,
      }),
    );
  }
  await db.close();
}

async function main(): Promise<void> {
  const [, script, mode, dirArg, idArg] = process.argv;
  if (mode === 'start' || mode === 'recover') {
    await phase(mode, dirArg!, idArg!);
    return;
  }
  const dataDir = mode ?? mkdtempSync(join(tmpdir(), 'atom-crash-'));
  const executionId = `crash-demo-${Date.now()}`;
  const child = (m: string) =>
    spawnSync(
      process.execPath,
      [...process.execArgv, script ?? fileURLToPath(import.meta.url), m, dataDir, executionId],
      {
        encoding: 'utf8',
        env: process.env,
      },
    );
  const first = child('start');
  const second = child('recover');
  if (second.status !== 0) throw new Error(`recovery failed: ${second.stderr}`);
  const summary = JSON.parse(second.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
  const effects = readFileSync(join(dataDir, 'effects.log'), 'utf8').trim().split('\n');
  console.log(
    JSON.stringify({ dataDir, executionId, crashExitCode: first.status, effects, ...summary }),
  );
}

await main();
