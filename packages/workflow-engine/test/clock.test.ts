import { describe, expect, it } from 'vitest';
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
