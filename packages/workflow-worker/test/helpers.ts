import type { Executor } from '@atom/workflow-engine';
import type { Worker, WorkerEvent, WorkerOptions } from '../src/index.js';
import { createWorker } from '../src/index.js';

/** A promise resolved from outside. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
} {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Workers started for one test, stopped afterwards. */
export class Workers {
  readonly all: Worker[] = [];
  readonly events: WorkerEvent[] = [];

  constructor(private readonly url: () => string) {}

  async start(
    executors: Record<string, Executor>,
    options: Partial<WorkerOptions> = {},
  ): Promise<Worker> {
    const worker = createWorker({
      database: this.url(),
      executors,
      setup: false,
      leaseMs: 1500,
      pollIntervalMs: 100,
      stopTimeoutMs: 2000,
      onEvent: (e) => this.events.push(e),
      ...options,
    });
    this.all.push(worker);
    await worker.start();
    return worker;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.all.splice(0).map((w) => w.stop()));
  }
}

/** Waits until `check` is true, checking at most every 20 ms; fails after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A linear workflow of `n` steps on service `work`. */
export function chain(id: string, n: number, service = 'work'): unknown {
  return {
    id,
    steps: Array.from({ length: n }, (_, i) =>
      i === 0 ? { id: `s${i}`, service, depends_on: [] } : { id: `s${i}`, service },
    ),
  };
}
