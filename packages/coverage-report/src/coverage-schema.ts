import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of the shipped JSON Schema of `coverage.json` (also the `./coverage.schema.json` export). */
export const COVERAGE_SCHEMA_PATH: string = fileURLToPath(
  new URL('../schema/coverage.schema.json', import.meta.url),
);

/** The JSON Schema (draft 2020-12) of `coverage.json`, parsed. */
export function coverageSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(COVERAGE_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
}
