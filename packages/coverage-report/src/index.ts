export { main, runCli } from './cli.js';
export type { CliIo } from './cli.js';
