/**
 * `${input.a.b}` / `${stepId.key}` references in step parameters: collection and resolution.
 *
 * @module
 */

/** Path segments that are never looked up (prototype pollution / host object access). */
export const UNSAFE_SEGMENTS: ReadonlySet<string> = new Set([
  '__proto__',
  'prototype',
  'constructor',
]);

/** A reference found in a value. */
export interface ReferenceOccurrence {
  /** `input` or a step id. */
  source: string;
  /** Keys below the source (`${input.user.email}` → `['user', 'email']`). */
  path: string[];
  /** The reference as written, `${…}` included. */
  text: string;
}

/** What {@link resolveReferences} looks values up in. */
export interface ReferenceScope {
  /** The execution input (`${input…}`). */
  input: unknown;
  /** Outputs of completed steps, by step id (`${stepId…}`). */
  outputs: Readonly<Record<string, unknown>>;
}

/** Result of {@link resolveReferences}. */
export interface ResolvedReferences {
  /** The resolved value: a copy where something was replaced, the same value otherwise. */
  value: unknown;
  /** Dotted paths that did not resolve, e.g. `input.user.email`, `fetch.count` (each once, in order). */
  missing: string[];
}

const REFERENCE = /\$\{([^}]*)\}/g;
const EXACT_REFERENCE = /^\$\{([^}]*)\}$/;
const INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * Splits the inside of a `${…}` into segments: dots separate keys, `[n]` is an index
 * (`items[0].name` → `['items', '0', 'name']`). Returns `undefined` when a segment is empty or a
 * bracket is malformed.
 */
export function parseReferencePath(inner: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of inner.split('.')) {
    let part = raw.trim();
    const open = part.indexOf('[');
    let head = open === -1 ? part : part.slice(0, open);
    if (head === '' && (segments.length === 0 || open === -1)) return undefined;
    if (head !== '') segments.push(head);
    if (open === -1) continue;
    part = part.slice(open);
    while (part !== '') {
      const match = /^\[\s*([0-9]+)\s*\]/.exec(part);
      if (match === null) return undefined;
      head = match[1] as string;
      segments.push(head);
      part = part.slice(match[0].length);
    }
  }
  return segments;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Looks `path` up below `root`: own enumerable-or-not properties of plain objects and indices of
 * arrays only (no `length`, no prototype members); `__proto__`, `prototype` and `constructor` are
 * never followed. Returns `{ found: false }` when a segment does not exist (a stored `null` exists).
 */
export function lookupPath(
  root: unknown,
  path: readonly string[],
): { found: true; value: unknown } | { found: false } {
  let current = root;
  for (const key of path) {
    if (UNSAFE_SEGMENTS.has(key)) return { found: false };
    if (Array.isArray(current)) {
      if (!INDEX.test(key)) return { found: false };
      current = current[Number(key)];
    } else if (isPlainObject(current) && Object.hasOwn(current, key)) {
      current = current[key];
    } else {
      return { found: false };
    }
    if (current === undefined) return { found: false };
  }
  return { found: true, value: current };
}

/**
 * Every `${…}` reference in `value`, walking strings inside objects and arrays (values, not keys), in
 * document order. A reference whose path is malformed (`${}`, `${a..b}`) is reported with
 * `source: ''` and an empty path.
 */
export function collectReferences(value: unknown): ReferenceOccurrence[] {
  const found: ReferenceOccurrence[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') {
      if (!current.includes('${')) continue;
      for (const match of current.matchAll(REFERENCE)) {
        const segments = parseReferencePath(match[1] as string);
        found.push(
          segments === undefined
            ? { source: '', path: [], text: match[0] }
            : { source: segments[0] as string, path: segments.slice(1), text: match[0] },
        );
      }
    } else if (typeof current === 'object' && current !== null) {
      // Pushed last-first, popped in document order; an array is walked without a copy.
      const values = Array.isArray(current) ? (current as unknown[]) : Object.values(current);
      for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
    }
  }
  return found;
}

function lookupReference(
  inner: string,
  scope: ReferenceScope,
): { found: true; value: unknown } | { found: false; path: string } {
  const segments = parseReferencePath(inner);
  if (segments === undefined) return { found: false, path: inner.trim() };
  const [source, ...path] = segments as [string, ...string[]];
  const dotted = segments.join('.');
  let root: unknown;
  if (source === 'input') {
    root = scope.input;
  } else if (!UNSAFE_SEGMENTS.has(source) && Object.hasOwn(scope.outputs, source)) {
    root = scope.outputs[source];
  } else {
    return { found: false, path: dotted };
  }
  const result = lookupPath(root, path);
  return result.found ? result : { found: false, path: dotted };
}

/** How an embedded reference's value is written into the surrounding text. */
function interpolate(value: unknown): string {
  if (typeof value === 'string') return value;
  // JSON would write NaN and ±Infinity as null and cannot write a bigint (booleans it writes alike).
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * Resolves every reference in `value` (recursing into objects and arrays). A string that is exactly
 * one reference becomes the referenced value with its type; embedded references are interpolated
 * (numbers and booleans with `String()`, `null` as `null`, objects and arrays as JSON). A reference
 * that does not resolve stays as written and its dotted path is listed in `missing`. Never mutates
 * `value` or the scope.
 */
export function resolveReferences(value: unknown, scope: ReferenceScope): ResolvedReferences {
  const missing: string[] = [];
  const seen = new Set<string>();
  const miss = (path: string): void => {
    if (!seen.has(path)) {
      seen.add(path);
      missing.push(path);
    }
  };
  const resolveString = (text: string): unknown => {
    if (!text.includes('${')) return text;
    const exact = EXACT_REFERENCE.exec(text);
    if (exact !== null) {
      const result = lookupReference(exact[1] as string, scope);
      if (result.found) return result.value;
      miss(result.path);
      return text;
    }
    return text.replace(REFERENCE, (whole: string, inner: string) => {
      const result = lookupReference(inner, scope);
      if (result.found) return interpolate(result.value);
      miss(result.path);
      return whole;
    });
  };
  const resolve = (current: unknown): unknown => {
    if (typeof current === 'string') return resolveString(current);
    if (Array.isArray(current)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < current.length; i++) {
        const item: unknown = current[i];
        const next = resolve(item);
        if (next !== item && copy === undefined) copy = current.slice();
        if (copy !== undefined) copy[i] = next;
      }
      return copy ?? current;
    }
    if (isPlainObject(current)) {
      let copy: Record<string, unknown> | undefined;
      for (const key of Object.keys(current)) {
        const item = current[key];
        const next = resolve(item);
        if (next !== item && copy === undefined) copy = { ...current };
        if (copy !== undefined) {
          Object.defineProperty(copy, key, {
            value: next,
            writable: true,
            enumerable: true,
            configurable: true,
          });
        }
      }
      return copy ?? current;
    }
    return current;
  };
  return { value: resolve(value), missing };
}
