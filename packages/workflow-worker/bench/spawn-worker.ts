// Starts one `bench/worker-process.ts` child and waits until it takes jobs; collects the takeover
// events it prints.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A benchmark worker process and the takeovers it reported so far. */
export interface BenchWorker {
  child: ChildProcess;
  takeovers: { executionId: string; at: number }[];
}

/** Spawns a worker on `url` with `concurrency` slots (and `leaseMs` when given). */
export async function spawnBenchWorker(
  url: string,
  concurrency: number,
  leaseMs?: number,
): Promise<BenchWorker> {
  const args = ['--import', 'tsx', 'bench/worker-process.ts', url, String(concurrency)];
  if (leaseMs !== undefined) args.push(String(leaseMs));
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const worker: BenchWorker = { child, takeovers: [] };
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') resolve();
        if (line.startsWith('event ')) worker.takeovers.push(JSON.parse(line.slice(6)) as never);
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code} before ready`)));
  });
  return worker;
}
