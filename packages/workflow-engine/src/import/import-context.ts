/**
 * What an Atom import collects while it maps a definition: warnings (mapped approximately or
 * dropped) and issues (refused), each with the JSON path of the input it is about.
 *
 * @module
 */

/** Why the importer warned. Every code names one kind of approximation or drop. */
export type AtomImportWarningCode =
  | 'FIELD_DROPPED'
  | 'STEPS_DERIVED_IGNORED'
  | 'CONFIG_AS_PARAMETER'
  | 'NODE_CONNECTIONS_MERGED'
  | 'TRIGGER_CONFIG_DROPPED'
  | 'PARAMETER_SPEC_MAPPED'
  | 'SERVICE_FROM_STEP_TYPE'
  | 'RETRY_MAPPED'
  | 'AGENT_FALLBACK_MAPPED'
  | 'ROUTING_INLINED'
  | 'ROUTING_ROOT_AS_TRIGGER'
  | 'CONDITION_VARIABLE_MAPPED'
  | 'JOIN_ANY_PREDECESSOR'
  | 'EDGE_DROPPED'
  | 'UNREACHABLE_STEP_DROPPED';

/** Every warning code, in documentation order. */
export const ATOM_IMPORT_WARNING_CODES: readonly AtomImportWarningCode[] = [
  'FIELD_DROPPED',
  'STEPS_DERIVED_IGNORED',
  'CONFIG_AS_PARAMETER',
  'NODE_CONNECTIONS_MERGED',
  'TRIGGER_CONFIG_DROPPED',
  'PARAMETER_SPEC_MAPPED',
  'SERVICE_FROM_STEP_TYPE',
  'RETRY_MAPPED',
  'AGENT_FALLBACK_MAPPED',
  'ROUTING_INLINED',
  'ROUTING_ROOT_AS_TRIGGER',
  'CONDITION_VARIABLE_MAPPED',
  'JOIN_ANY_PREDECESSOR',
  'EDGE_DROPPED',
  'UNREACHABLE_STEP_DROPPED',
];

/** Something the importer mapped approximately or left out. `path` exists in the input. */
export interface AtomImportWarning {
  code: AtomImportWarningCode;
  /** JSON path into the input, e.g. `steps[2].retry_policy.retryable_errors` (`''`: the root). */
  path: string;
  message: string;
}

/** Something that stops the import. `fix` says what to change in the Atom definition. */
export interface AtomImportIssue {
  /** An importer code (`NO_STEPS`, `NOT_AN_OBJECT`, `BAD_BRANCH`, …) or a `ValidationIssueCode`. */
  code: string;
  /** JSON path into the input. */
  path: string;
  message: string;
  fix: string;
}

export type Loose = Record<string, unknown>;

export function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a value that is there: not `undefined`, not `null`. */
export function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** `base.key` (or `base["key"]` when `key` is not an identifier); `key` alone at the root. */
export function joinPath(base: string, key: string | number): string {
  // An index never looks like an identifier, so it takes the bracket form: `[2]`.
  const text = String(key);
  const part = /^[A-Za-z_$][\w$]*$/.test(text) ? text : `[${JSON.stringify(key)}]`;
  if (base === '') return part;
  return part.startsWith('[') ? `${base}${part}` : `${base}.${part}`;
}

/** Collects warnings and issues of one import. */
export class ImportContext {
  readonly warnings: AtomImportWarning[] = [];
  readonly issues: AtomImportIssue[] = [];

  warn(code: AtomImportWarningCode, path: string, message: string): void {
    this.warnings.push({ code, path, message: `${path || 'definition'}: ${message}` });
  }

  fail(code: string, path: string, message: string, fix: string): void {
    this.issues.push({
      code,
      path,
      message: `${path || 'definition'}: ${message}. Fix: ${fix}`,
      fix,
    });
  }

  /** Warns `code` (default `FIELD_DROPPED`) for every key of `obj` that is present and not in `consumed`. */
  dropRest(
    obj: Loose,
    consumed: ReadonlySet<string>,
    path: string,
    why?: string,
    code: AtomImportWarningCode = 'FIELD_DROPPED',
  ): void {
    for (const key of Object.keys(obj)) {
      if (consumed.has(key) || !present(obj[key])) continue;
      this.warn(code, joinPath(path, key), why ?? 'not used by the engine; left out');
    }
  }
}

/** A string value, or `undefined`. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A JSON deep copy of parameters and schemas (the result shares nothing with the input). */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
