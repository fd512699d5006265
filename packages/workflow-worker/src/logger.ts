import { Logger } from 'graphile-worker';

/** graphile-worker's logger, silenced except for errors (printed to stderr). */
export const quietLogger: Logger = new Logger(() => (level, message) => {
  if (String(level) === 'error') console.error(`[graphile-worker] ${message}`);
});
