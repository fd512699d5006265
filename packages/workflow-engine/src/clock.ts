/**
 * The engine's only source of time. Every delay (retry back-off, per-attempt timeout, execution
 * deadline) goes through an injected clock, so tests can run on a {@link ManualClock}.
 */
export interface Clock {
  /** Current time in milliseconds (epoch or any monotonic origin; only differences matter). */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer created by {@link Clock.setTimeout}; unknown handles are ignored. */
  clearTimeout(handle: unknown): void;
}

/** The default clock: `Date.now()` and the host's timers. */
export const systemClock: Clock = Object.freeze({
  now: (): number => Date.now(),
  setTimeout: (fn: () => void, ms: number): unknown => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle: unknown): void => {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
});

/** A deterministic test clock: time moves only when told to, timers fire in due-time order. */
export interface ManualClock extends Clock {
  /** Number of timers waiting to fire. */
  pending(): number;
  /**
   * Moves time forward by `ms`, firing every timer due in that window (including timers scheduled
   * by fired callbacks) in due-time order, ties in creation order. Between timers it lets pending
   * promise callbacks run, so async code scheduled by a timer can schedule the next one.
   */
  advance(ms: number): Promise<void>;
  /** Fires timers one after another (moving time to each) until none is left. */
  runAll(): Promise<void>;
  /** Fires only the earliest timer (moving time to it); `false` when there is none. Synchronous. */
  runNext(): boolean;
}

/** A pending timer; the object itself is the handle `setTimeout` returns. */
interface Timer {
  readonly due: number;
  readonly fn: () => void;
}

/** Options of {@link createManualClock}. */
export interface ManualClockOptions {
  /** Initial `now()` (default 0). */
  start?: number;
  /** Promise turns yielded before each timer in `advance`/`runAll` (default 64). */
  flushTurns?: number;
  /** `runAll` stops with an error after this many timers (default 1 000 000): a runaway loop. */
  maxTimers?: number;
}

/**
 * Creates a {@link ManualClock} starting at `options.start` (default 0).
 *
 * @example
 * const clock = createManualClock();
 * clock.setTimeout(() => console.log('fired'), 1000);
 * await clock.advance(1000); // logs "fired"
 */
export function createManualClock(options: ManualClockOptions = {}): ManualClock {
  let now = options.start ?? 0;
  const flushTurns = options.flushTurns ?? 64;
  const maxTimers = options.maxTimers ?? 1_000_000;
  // Sorted by due time, ties in creation order; small in practice, so insertion into an array is cheapest.
  const timers: Timer[] = [];

  const flush = async (): Promise<void> => {
    for (let i = 0; i < flushTurns; i++) await Promise.resolve();
  };

  const fireFirst = (): void => {
    const timer = timers.shift();
    /* istanbul ignore next -- callers check the queue first */
    if (timer === undefined) return;
    // A timer is never due before the time it was created at, so time only moves forward.
    now = timer.due;
    timer.fn();
  };

  return {
    now: () => now,
    setTimeout(fn: () => void, ms: number): unknown {
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
      const timer: Timer = { due: now + delay, fn };
      let i = timers.length;
      while (i > 0 && (timers[i - 1] as Timer).due > timer.due) i--;
      timers.splice(i, 0, timer);
      return timer;
    },
    clearTimeout(handle: unknown): void {
      const i = timers.indexOf(handle as Timer);
      if (i >= 0) timers.splice(i, 1);
    },
    pending: () => timers.length,
    runNext(): boolean {
      if (timers.length === 0) return false;
      fireFirst();
      return true;
    },
    async advance(ms: number): Promise<void> {
      const target = now + Math.max(0, ms);
      await flush();
      while (timers.length > 0 && (timers[0] as Timer).due <= target) {
        fireFirst();
        await flush();
      }
      now = target;
    },
    async runAll(): Promise<void> {
      let fired = 0;
      await flush();
      while (timers.length > 0) {
        if (++fired > maxTimers) {
          throw new Error(`ManualClock.runAll: more than ${maxTimers} timers fired; runaway loop?`);
        }
        fireFirst();
        await flush();
      }
    },
  };
}
