/** Records the unhandled promise rejections of each test of the file that calls it. */
import { afterEach, beforeEach } from 'vitest';

/**
 * Registers a listener around every test of the calling file; the returned array holds the
 * current test's unhandled rejections (emptied before each test). With `failAfterEach`, a test
 * that left one fails.
 */
export function recordUnhandledRejections(failAfterEach = false): unknown[] {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    if (failAfterEach && unhandled.length > 0) {
      throw new Error(`unhandled rejection(s) in this test: ${unhandled.map(String).join('; ')}`);
    }
  });
  return unhandled;
}
