import { NonJsonOutputError } from './errors.js';

/**
 * Turns an executor's return value into the JSON value stored as the step output: `undefined`
 * becomes `null`; objects are copied (own enumerable properties, `toJSON` honoured, `undefined`
 * properties dropped, `undefined` array items as `null`, like `JSON.stringify`).
 *
 * @throws {@link NonJsonOutputError} for a BigInt, function, symbol, non-finite number or a cycle.
 */
export function toJsonOutput(stepId: string, value: unknown): unknown {
  return convert(stepId, value, '', undefined);
}

/** `ancestors`: the objects being copied above `value` (created at the first object). */
function convert(
  stepId: string,
  value: unknown,
  path: string,
  ancestors: Set<object> | undefined,
): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value))
        throw new NonJsonOutputError(stepId, path, `${value} is not a JSON number`);
      return value;
    case 'bigint':
      throw new NonJsonOutputError(stepId, path, 'a BigInt');
    case 'function':
      throw new NonJsonOutputError(stepId, path, 'a function');
    case 'symbol':
      throw new NonJsonOutputError(stepId, path, 'a symbol');
    case 'undefined':
      return null;
  }
  if (value === null) return null;
  const object = value as object;
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    return convert(stepId, (toJSON as (key: string) => unknown).call(object, ''), path, ancestors);
  }
  const seen = ancestors ?? new Set<object>();
  if (seen.has(object)) throw new NonJsonOutputError(stepId, path, 'a cycle');
  seen.add(object);
  let out: unknown;
  if (Array.isArray(object)) {
    out = object.map((item: unknown, i) => convert(stepId, item, join(path, String(i)), seen));
  } else {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(object)) {
      const item = (object as Record<string, unknown>)[key];
      if (item === undefined) continue;
      Object.defineProperty(copy, key, {
        value: convert(stepId, item, join(path, key), seen),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    out = copy;
  }
  seen.delete(object);
  return out;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
