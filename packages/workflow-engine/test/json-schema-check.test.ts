/** Step input/output schema checks: draft 2020-12, every error reported, boolean schemas. */
import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from '../src/json-schema-check.js';

describe('checkJsonSchema', () => {
  it('accepts everything under true and nothing under false', () => {
    expect(checkJsonSchema(true, 1)).toEqual([]);
    expect(checkJsonSchema(false, 1)).toEqual(['#: the schema `false` accepts nothing']);
  });

  it('reports every failing place, as "<instance location>: <message>"', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' } },
    };
    const errors = checkJsonSchema(schema, { a: 1, b: 'x' });
    expect(errors.some((e) => e.startsWith('#/a: '))).toBe(true);
    expect(errors.some((e) => e.startsWith('#/b: '))).toBe(true);
    expect(checkJsonSchema(schema, { a: 'ok', b: 2 })).toEqual([]);
    // The same schema object again (its validator is cached) gives the same answers.
    expect(checkJsonSchema(schema, { a: 1, b: 'x' })).toEqual(errors);
  });

  it('reads draft 2020-12 keywords (prefixItems)', () => {
    const schema = { type: 'array', prefixItems: [{ type: 'string' }] };
    expect(checkJsonSchema(schema, ['a', 2])).toEqual([]);
    expect(checkJsonSchema(schema, [1])).not.toEqual([]);
  });
});
