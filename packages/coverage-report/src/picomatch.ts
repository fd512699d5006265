import { createRequire } from 'node:module';
import type picomatchModule from 'picomatch';

/**
 * `picomatch`, loaded with `require`: it is a CommonJS package, and Node's ESM loader takes about
 * 10 ms longer to import one (it parses the source for named exports) than `require` does, on
 * every run of the CLI.
 */
export const picomatch = createRequire(import.meta.url)('picomatch') as typeof picomatchModule;
