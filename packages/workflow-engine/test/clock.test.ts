import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock, systemClock } from '../src/clock.js';

describe('clock', () => {
  describe('systemClock', () => {
    it('reads Date.now and clears what it sets', () => {
      const before = Date.now();
      expect(systemClock.now()).toBeGreaterThanOrEqual(before);
      let fired = false;
      const handle = systemClock.setTimeout(() => {
        fired = true;
      }, 10_000);
      systemClock.clearTimeout(handle);
      expect(fired).toBe(false);
    });

    describe('on fake host timers', () => {
      afterEach(() => {
        vi.useRealTimers();
      });

      it('fires what it sets after the delay, and never what it cleared', () => {
        vi.useFakeTimers();
        const log: string[] = [];
        systemClock.setTimeout(() => log.push('kept'), 20);
        const cleared = systemClock.setTimeout(() => log.push('cleared'), 10);
        systemClock.clearTimeout(cleared);
        vi.advanceTimersByTime(19);
        expect(log).toEqual([]);
        vi.advanceTimersByTime(1);
        expect(log).toEqual(['kept']);
      });
    });
  });

  describe('createManualClock', () => {
    it('starts at the given time and only moves when told', async () => {
      const clock = createManualClock({ start: 100 });
      expect(clock.now()).toBe(100);
      await clock.advance(50);
      expect(clock.now()).toBe(150);
      await clock.advance(-5);
      expect(clock.now()).toBe(150);
    });

    it('fires timers in due order, ties in creation order, at their due time', async () => {
      const clock = createManualClock();
      const log: string[] = [];
      clock.setTimeout(() => log.push(`b@${clock.now()}`), 20);
      clock.setTimeout(() => log.push(`a@${clock.now()}`), 10);
      clock.setTimeout(() => log.push(`c@${clock.now()}`), 20);
      clock.setTimeout(() => log.push(`z@${clock.now()}`), Number.NaN);
      expect(clock.pending()).toBe(4);
      await clock.advance(15);
      expect(log).toEqual(['z@0', 'a@10']);
      expect(clock.now()).toBe(15);
      await clock.advance(5);
      expect(log).toEqual(['z@0', 'a@10', 'b@20', 'c@20']);
    });

    it('fires timers scheduled by async continuations of fired timers', async () => {
      const clock = createManualClock();
      const log: number[] = [];
      const sleep = (ms: number) =>
        new Promise<void>((resolve) => {
          clock.setTimeout(resolve, ms);
        });
      const task = (async () => {
        for (let i = 0; i < 3; i++) {
          await sleep(100);
          log.push(clock.now());
        }
      })();
      await clock.runAll();
      await task;
      expect(log).toEqual([100, 200, 300]);
      expect(clock.pending()).toBe(0);
    });

    it('clears the timer whose handle it is given, and nothing for an unknown handle', async () => {
      const clock = createManualClock();
      const log: string[] = [];
      clock.setTimeout(() => log.push('a'), 1);
      const b = clock.setTimeout(() => log.push('b'), 2);
      clock.setTimeout(() => log.push('c'), 3);
      clock.clearTimeout(b);
      clock.clearTimeout({});
      clock.clearTimeout(undefined);
      expect(clock.pending()).toBe(2);
      await clock.runAll();
      expect(log).toEqual(['a', 'c']);
    });

    it('reads a negative, NaN or infinite delay as 0: due now, after earlier timers due now', () => {
      const clock = createManualClock({ start: 10 });
      const log: string[] = [];
      clock.setTimeout(() => log.push('zero'), 0);
      clock.setTimeout(() => log.push('negative'), -5);
      clock.setTimeout(() => log.push('nan'), Number.NaN);
      clock.setTimeout(() => log.push('infinite'), Number.POSITIVE_INFINITY);
      while (clock.runNext()) expect(clock.now()).toBe(10);
      expect(log).toEqual(['zero', 'negative', 'nan', 'infinite']);
    });

    it('lets the promise chain of a fired timer run before the next timer, 64 turns by default', async () => {
      const run = async (flushTurns?: number): Promise<string[]> => {
        const clock = createManualClock(flushTurns === undefined ? {} : { flushTurns });
        const log: string[] = [];
        clock.setTimeout(() => {
          void (async () => {
            for (let i = 0; i < 20; i++) await Promise.resolve();
            clock.setTimeout(() => log.push('chained'), 0);
          })();
        }, 5);
        await clock.advance(5);
        return log;
      };
      expect(await run()).toEqual(['chained']);
      expect(await run(0)).toEqual([]);
    });

    it('runAll fires exactly maxTimers timers without complaint', async () => {
      const clock = createManualClock({ maxTimers: 3 });
      let fired = 0;
      for (let i = 0; i < 3; i++) clock.setTimeout(() => fired++, i);
      await clock.runAll();
      expect(fired).toBe(3);
    });

    it('clears timers and ignores unknown handles', async () => {
      const clock = createManualClock();
      let fired = 0;
      const h = clock.setTimeout(() => fired++, 5);
      clock.clearTimeout(h);
      clock.clearTimeout('nope');
      await clock.runAll();
      expect(fired).toBe(0);
    });

    it('runNext fires only the earliest timer', () => {
      const clock = createManualClock();
      const log: number[] = [];
      clock.setTimeout(() => log.push(2), 2);
      clock.setTimeout(() => log.push(1), 1);
      expect(clock.runNext()).toBe(true);
      expect(log).toEqual([1]);
      expect(clock.now()).toBe(1);
      expect(clock.runNext()).toBe(true);
      expect(clock.runNext()).toBe(false);
    });

    it('stops a runaway timer loop', async () => {
      const clock = createManualClock({ maxTimers: 10 });
      const loop = (): void => {
        clock.setTimeout(loop, 1);
      };
      loop();
      await expect(clock.runAll()).rejects.toThrow(/runaway/);
    });
  });
});
