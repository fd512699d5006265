import { createRequire } from 'node:module';
import type libCoverageModule from 'istanbul-lib-coverage';

const require = createRequire(import.meta.url);
let loaded: typeof libCoverageModule | undefined;

/**
 * `istanbul-lib-coverage`, loaded on first use: the default reporters work on compact records and
 * never build istanbul's coverage map, so a `run` without `json`, `lcov`, `cobertura` or `html`
 * does not pay for loading it.
 */
export function istanbulLibCoverage(): typeof libCoverageModule {
  loaded ??= require('istanbul-lib-coverage') as typeof libCoverageModule;
  return loaded;
}
