import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@cfworker/json-schema';
import type { Schema } from '@cfworker/json-schema';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { toSteps } from '../src/normalize.js';
import { flaggedDagArbitrary, graphDagArbitrary } from './arbitraries.js';

const root = join(import.meta.dirname, '..');
const schema = JSON.parse(
  readFileSync(join(root, 'schema', 'definition.schema.json'), 'utf8'),
) as Schema;
const validator = new Validator(schema, '2020-12', false);
const fixtures = join(root, 'test', 'fixtures');
const read = (dir: string, f: string): unknown =>
  JSON.parse(readFileSync(join(fixtures, dir, f), 'utf8')) as unknown;

describe('schema/definition.schema.json', () => {
  it.each(readdirSync(join(fixtures, 'valid')).sort())('accepts the fixture %s', (file) => {
    const result = validator.validate(read('valid', file));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it.each(['ambiguous.json', 'empty.json', 'bad-numbers.json', 'shapes.json'])(
    'rejects the invalid fixture %s',
    (file) => {
      const { definition } = read('invalid', file) as { definition: unknown };
      expect(validator.validate(definition).valid).toBe(false);
    },
  );

  it('is exported by the package', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
      files: string[];
    };
    expect(pkg.exports['./definition.schema.json']).toBe('./schema/definition.schema.json');
    expect(pkg.files).toContain('schema');
  });

  test.prop([flaggedDagArbitrary()])(
    'accepts generated definitions and their linear form',
    ({ def, steps }) => {
      expect(validator.validate(def).errors).toEqual([]);
      expect(validator.validate(steps).errors).toEqual([]);
    },
  );

  test.prop([graphDagArbitrary()])('accepts toSteps output', (def) => {
    expect(validator.validate(toSteps(def)).errors).toEqual([]);
  });
});
