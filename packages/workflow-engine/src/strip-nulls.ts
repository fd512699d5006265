/**
 * `stripNulls`: Atom's API writes absent optional fields as `null` (`steps: null` next to `nodes`,
 * `service: None` on a trigger, `timeout: null`). This reads them as absent, so validation and the
 * engine accept what Atom stores. Pure: the input is never mutated.
 *
 * @module
 */
import { isNormalizedWorkflow } from './normalize.js';

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `obj` without its `null`-valued keys (the same object when it has none). */
function withoutNullKeys(obj: Loose): Loose {
  let out: Loose | undefined;
  // for…in, not Object.keys: no array allocated per object of a large definition.
  for (const key in obj) {
    if (obj[key] !== null || !Object.hasOwn(obj, key)) continue;
    out ??= { ...obj };
    delete out[key];
  }
  return out ?? obj;
}

/** Applies `fn` to the object at `obj[key]` (when it is one), copying `obj` only on change. */
function mapKey(obj: Loose, key: string, fn: (value: Loose) => Loose): Loose {
  const value = obj[key];
  if (!isObject(value)) return obj;
  const next = fn(value);
  return next === value ? obj : { ...obj, [key]: next };
}

/** Applies `fn` to each object element of the array at `obj[key]`, copying only on change. */
function mapItems(obj: Loose, key: string, fn: (value: Loose) => Loose): Loose {
  const value = obj[key];
  if (!Array.isArray(value)) return obj;
  const list: readonly unknown[] = value;
  let copy: unknown[] | undefined;
  list.forEach((item, i) => {
    if (!isObject(item)) return;
    const next = fn(item);
    if (next === item) return;
    copy ??= [...list];
    copy[i] = next;
  });
  return copy === undefined ? obj : { ...obj, [key]: copy };
}

const stripRetry = (holder: Loose): Loose => mapKey(holder, 'retry', withoutNullKeys);

function stripNode(node: Loose): Loose {
  return mapKey(withoutNullKeys(node), 'config', (config) => stripRetry(withoutNullKeys(config)));
}

function stripStep(step: Loose): Loose {
  return stripRetry(mapItems(withoutNullKeys(step), 'depends_on', withoutNullKeys));
}

/**
 * Returns `def` with `null`-valued optional fields removed, as if absent: top-level keys (`steps`,
 * `nodes`, `connections`, …), node keys and `config` keys, connection keys, step keys, `depends_on`
 * entries and `retry` blocks. Values inside `parameters` and schemas are data and are kept; `null`
 * array elements are kept (validation reports them at their index). Returns `def` itself when
 * nothing changes, and a normalised `Workflow` unchanged.
 */
export function stripNulls(def: unknown): unknown {
  if (!isObject(def) || isNormalizedWorkflow(def)) return def;
  let out = withoutNullKeys(def);
  out = mapItems(out, 'nodes', stripNode);
  out = mapItems(out, 'connections', withoutNullKeys);
  out = mapItems(out, 'steps', stripStep);
  return out;
}
