// The library's exported names are a decision: this list changes only on purpose (update
// test/fixtures/public-api.json together with the README's API section).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const LIST = new URL('./fixtures/public-api.json', import.meta.url);

describe('public API', () => {
  it('exports exactly the committed list of names', () => {
    const committed = JSON.parse(readFileSync(LIST, 'utf8')) as string[];
    expect(Object.keys(api).sort()).toEqual(committed);
  });

  it('keeps the CLI internals out of the library entry', () => {
    for (const name of [
      'main',
      'HELP',
      'parseArgs',
      'escapeHtml',
      'writeFileAtomic',
      'lineColumnAt',
    ]) {
      expect(Object.keys(api)).not.toContain(name);
    }
  });
});
