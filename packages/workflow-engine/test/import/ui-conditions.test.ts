/** The UI condition node's `config.condition` / `config.conditions`, read directly. */
import { describe, expect, it } from 'vitest';
import { ImportContext } from '../../src/import/import-context.js';
import type { Loose } from '../../src/import/import-context.js';
import { STRUCTURED_OPERATORS, uiPredicate } from '../../src/import/ui-conditions.js';

const PATH = 'nodes[1].config';

function read(config: Loose) {
  const ctx = new ImportContext();
  const r = uiPredicate(config, PATH, ctx);
  return {
    cel: r?.predicate('check'),
    names: r?.names,
    origin: r?.origin,
    consumed: r?.consumed,
    warnings: ctx.warnings,
    issues: ctx.issues,
  };
}

/** The CEL text of one structured condition. */
const one = (item: Loose): string | undefined => read({ conditions: [item] }).cel;

describe('uiPredicate: structured conditions', () => {
  it.each([
    [{ field: 's', operator: 'equals', value: 'x' }, '${check.s} == "x"'],
    [{ field: 's', value: 'x' }, '${check.s} == "x"'],
    [{ field: 's', operator: 'eq', value: 1 }, '${check.s} == 1'],
    [{ field: 's', operator: '!=', value: true }, '${check.s} != true'],
    [{ field: 's', operator: 'not_equals' }, '${check.s} != null'],
    [{ field: 'n', operator: 'gt', value: 2 }, '${check.n} > 2'],
    [{ field: 'n', operator: '<', value: 2 }, '${check.n} < 2'],
    [{ field: 'n', operator: 'gte', value: 2 }, '${check.n} >= 2'],
    [{ field: 'n', operator: 'lte', value: 2 }, '${check.n} <= 2'],
    [{ field: 't', operator: 'contains', value: 'a' }, '${check.t}.contains("a")'],
    [{ field: 't', operator: 'contains', value: 3 }, '3 in ${check.t}'],
    [{ field: 't', operator: 'not_contains', value: 'a' }, '!${check.t}.contains("a")'],
    [{ field: 't', operator: 'not_contains', value: 3 }, '!(3 in ${check.t})'],
    [{ field: 's', operator: 'in', value: ['a', 'b'] }, '${check.s} in ["a","b"]'],
    [{ field: 's', operator: 'not_in', value: ['a'] }, '!(${check.s} in ["a"])'],
    [{ field: 's', operator: 'exists' }, '${check.s} != null'],
    [{ field: 'l', operator: 'is_empty' }, 'size(${check.l}) == 0'],
    [{ field: 'l', operator: 'is_not_empty' }, 'size(${check.l}) > 0'],
  ])('%j → %s', (item, cel) => {
    expect(one(item)).toBe(cel);
  });

  it('joins several with && (or || when logic is "or", any case) and names each field once', () => {
    const items = [
      { field: 'a', value: 1 },
      { field: 'b', operator: 'gt', value: 2 },
      { field: 'a', operator: 'lt', value: 9 },
    ];
    const all = read({ conditions: items, logic: 'and' });
    expect(all.cel).toBe('(${check.a} == 1) && (${check.b} > 2) && (${check.a} < 9)');
    expect(all.names).toEqual(['a', 'b']);
    expect(all.origin).toBe(`${PATH}.conditions`);
    expect(all.consumed).toEqual(['conditions', 'logic']);
    expect(read({ conditions: items, logic: 'OR' }).cel).toBe(
      '(${check.a} == 1) || (${check.b} > 2) || (${check.a} < 9)',
    );
  });

  it('drops unknown keys of an item with a warning', () => {
    expect(read({ conditions: [{ field: 'a', value: 1, label: 'x' }] }).warnings).toEqual([
      {
        code: 'FIELD_DROPPED',
        path: `${PATH}.conditions[0].label`,
        message: `${PATH}.conditions[0].label: not used by the engine; left out`,
      },
    ]);
  });

  it('refuses an item without a field, and an unknown operator, naming the item', () => {
    const fix = 'write { "field": "<output key>", "operator": "equals", "value": … }';
    for (const bad of [{ value: 1 }, { field: '' }, { field: 3 }, 'a']) {
      const r = read({ conditions: [{ field: 'ok' }, bad] });
      expect(r.cel).toBeUndefined();
      expect(r.issues).toEqual([
        {
          code: 'BAD_CONDITION',
          path: `${PATH}.conditions[1]`,
          message: `${PATH}.conditions[1]: a structured condition needs a "field". Fix: ${fix}`,
          fix,
        },
      ]);
    }
    const r = read({ conditions: [{ field: 'a', operator: 'like' }] });
    expect(r.cel).toBeUndefined();
    const use = `use one of ${STRUCTURED_OPERATORS.join(', ')}`;
    expect(use).toBe(
      'use one of equals, not_equals, greater_than, less_than, greater_than_or_equal, less_than_or_equal, contains, not_contains, in, not_in, exists, is_empty, is_not_empty',
    );
    expect(r.issues).toEqual([
      {
        code: 'UNKNOWN_OPERATOR',
        path: `${PATH}.conditions[0].operator`,
        message: `${PATH}.conditions[0].operator: operator "like" is not known. Fix: ${use}`,
        fix: use,
      },
    ]);
  });
});

describe('uiPredicate: expressions and both forms', () => {
  it('binds the bare names of an expression to the step before the node', () => {
    expect(read({ condition: 'status == "ok" && count > 2' })).toEqual({
      cel: '${check.status} == "ok" && ${check.count} > 2',
      names: ['status', 'count'],
      origin: `${PATH}.condition`,
      consumed: ['condition'],
      warnings: [],
      issues: [],
    });
  });

  it('joins an expression and a list with &&, the origin staying on the expression', () => {
    expect(
      read({ condition: 'status == "ok"', conditions: [{ field: 'a', value: 1 }], logic: 'or' }),
    ).toEqual({
      cel: '(${check.status} == "ok") && ((${check.a} == 1))',
      names: ['status', 'a'],
      origin: `${PATH}.condition`,
      consumed: ['condition', 'conditions', 'logic'],
      warnings: [],
      issues: [],
    });
  });

  const badFix =
    'give config.condition as an expression such as ${check.status} == "approved", or config.conditions as a list';
  it.each([
    [{ condition: '   ' }, 'condition' as const],
    [{ condition: 5 }, 'condition' as const],
    [{ condition: 5, conditions: [] }, 'condition' as const],
    [{ conditions: [] }, 'conditions' as const],
    [{ conditions: 'a == 1' }, 'conditions' as const],
  ])('refuses %j as neither form, at the field', (config, at) => {
    const path = `${PATH}.${at}`;
    expect(read(config).issues).toEqual([
      {
        code: 'BAD_CONDITION',
        path,
        message: `${path}: the condition is neither an expression nor a list of { field, operator, value }. Fix: ${badFix}`,
        fix: badFix,
      },
    ]);
  });

  it('refuses a condition node without either', () => {
    const fix =
      'add config.condition (an expression) or config.conditions ([{ field, operator, value }])';
    expect(read({ condition: null, label: 'x' })).toEqual({
      cel: undefined,
      names: undefined,
      origin: undefined,
      consumed: undefined,
      warnings: [],
      issues: [
        {
          code: 'NO_CONDITION',
          path: PATH,
          message: `${PATH}: a condition node without a condition. Fix: ${fix}`,
          fix,
        },
      ],
    });
  });
});
