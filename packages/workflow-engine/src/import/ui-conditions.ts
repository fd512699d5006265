/**
 * Conditions of the UI's condition nodes: `config.condition` (an expression) and
 * `config.conditions` (`[{ field, operator, value }]`, all of them must hold unless
 * `config.logic` is `or`), turned into a {@link Predicate} over the step before the node.
 *
 * @module
 */
import { isObject, joinPath, present, str } from './import-context.js';
import type { ImportContext, Loose } from './import-context.js';
import { and, bareNames, bindBareNames, refTo } from './routing.js';
import type { Predicate } from './routing.js';

type Compare = (left: string, value: string, raw: unknown) => string;

const OPERATORS: Readonly<Record<string, Compare>> = {
  equals: (l, v) => `${l} == ${v}`,
  not_equals: (l, v) => `${l} != ${v}`,
  greater_than: (l, v) => `${l} > ${v}`,
  less_than: (l, v) => `${l} < ${v}`,
  greater_than_or_equal: (l, v) => `${l} >= ${v}`,
  less_than_or_equal: (l, v) => `${l} <= ${v}`,
  contains: (l, v, raw) => (typeof raw === 'string' ? `${l}.contains(${v})` : `${v} in ${l}`),
  not_contains: (l, v, raw) =>
    typeof raw === 'string' ? `!${l}.contains(${v})` : `!(${v} in ${l})`,
  in: (l, v) => `${l} in ${v}`,
  not_in: (l, v) => `!(${l} in ${v})`,
  exists: (l) => `${l} != null`,
  is_empty: (l) => `size(${l}) == 0`,
  is_not_empty: (l) => `size(${l}) > 0`,
};

const ALIASES: Readonly<Record<string, string>> = {
  '==': 'equals',
  eq: 'equals',
  '!=': 'not_equals',
  ne: 'not_equals',
  '>': 'greater_than',
  gt: 'greater_than',
  '<': 'less_than',
  lt: 'less_than',
  '>=': 'greater_than_or_equal',
  gte: 'greater_than_or_equal',
  '<=': 'less_than_or_equal',
  lte: 'less_than_or_equal',
};

/** Operators a structured condition may use (aliases: `==`, `eq`, `>`, `gt`, …). */
export const STRUCTURED_OPERATORS: readonly string[] = Object.keys(OPERATORS);

/** A literal for CEL: JSON (strings, numbers, booleans, null, lists, maps). */
function literal(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** One `{ field, operator, value }` as a condition template, or `undefined` (issue reported). */
function structured(
  item: unknown,
  path: string,
  ctx: ImportContext,
): { template: (ref: string) => string; field: string } | undefined {
  if (!isObject(item) || typeof item.field !== 'string' || item.field === '') {
    ctx.fail(
      'BAD_CONDITION',
      path,
      'a structured condition needs a "field"',
      'write { "field": "<output key>", "operator": "equals", "value": … }',
    );
    return undefined;
  }
  const name = str(item.operator) ?? 'equals';
  const op = OPERATORS[ALIASES[name] ?? name];
  if (op === undefined) {
    ctx.fail(
      'UNKNOWN_OPERATOR',
      joinPath(path, 'operator'),
      `operator "${name}" is not known`,
      `use one of ${STRUCTURED_OPERATORS.join(', ')}`,
    );
    return undefined;
  }
  ctx.dropRest(item, new Set(['field', 'operator', 'value']), path);
  const field = item.field;
  return { template: (ref) => op(refTo(ref, field), literal(item.value), item.value), field };
}

/**
 * The predicate of a condition node's `config`, with the bare names it reads, or `undefined` when
 * the node has no condition (an issue is reported).
 */
export function uiPredicate(
  config: Loose,
  path: string,
  ctx: ImportContext,
): { predicate: Predicate; names: string[]; origin: string; consumed: string[] } | undefined {
  const parts: Array<(ref: string) => string> = [];
  const names: string[] = [];
  const consumed: string[] = [];
  let origin = path;
  const expression = config.condition;
  if (typeof expression === 'string' && expression.trim() !== '') {
    consumed.push('condition');
    origin = joinPath(path, 'condition');
    names.push(...bareNames(expression));
    parts.push((ref) => bindBareNames(expression, ref));
  }
  if (Array.isArray(config.conditions)) {
    consumed.push('conditions', 'logic');
    origin = parts.length === 0 ? joinPath(path, 'conditions') : origin;
    const any = str(config.logic)?.toLowerCase() === 'or';
    const items = config.conditions.map((item, i) =>
      structured(item, joinPath(joinPath(path, 'conditions'), i), ctx),
    );
    const ok = items.filter((x): x is NonNullable<typeof x> => x !== undefined);
    if (ok.length !== items.length) return undefined;
    for (const item of ok) if (!names.includes(item.field)) names.push(item.field);
    if (ok.length > 0) {
      parts.push((ref) => {
        const each = ok.map((item) => item.template(ref));
        return any ? each.map((e) => `(${e})`).join(' || ') : (and(...each) as string);
      });
    }
  }
  if (parts.length === 0) {
    if (present(config.conditions) || present(config.condition)) {
      ctx.fail(
        'BAD_CONDITION',
        // The field at fault: a condition that is not a non-blank expression, else the list.
        joinPath(path, present(config.condition) ? 'condition' : 'conditions'),
        'the condition is neither an expression nor a list of { field, operator, value }',
        'give config.condition as an expression such as ${check.status} == "approved", or config.conditions as a list',
      );
    } else {
      ctx.fail(
        'NO_CONDITION',
        path,
        'a condition node without a condition',
        'add config.condition (an expression) or config.conditions ([{ field, operator, value }])',
      );
    }
    return undefined;
  }
  return {
    predicate: (ref) => and(...parts.map((p) => p(ref))) as string,
    names,
    origin,
    consumed,
  };
}
