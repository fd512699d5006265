#!/usr/bin/env node
// Committed shim: pnpm links a workspace bin only if its target exists at install time.
import { runCli } from '../dist/cli.js';

await runCli(process.argv.slice(2));
