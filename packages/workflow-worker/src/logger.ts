import { LogLevel, Logger } from 'graphile-worker';

/** graphile-worker's logger, silenced except for errors (printed to stderr). */
export const quietLogger: Logger = new Logger(() => (level, message) => {
  if (level === LogLevel.ERROR) console.error(`[graphile-worker] ${message}`);
});
