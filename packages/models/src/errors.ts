/** Base class of every error thrown by `@atom/models`. */
export class ModelsError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A bad argument or configuration (connection URL, encryption keys). */
export class ModelsConfigError extends ModelsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MODELS_CONFIG', message, options);
  }
}

/**
 * The PostgreSQL server could not be reached (connection refused, unknown host, timeout): raised
 * by {@link migrate} and {@link withDbErrors} instead of the driver's error hidden in `cause`.
 */
export class DatabaseUnreachableError extends ModelsError {
  /** Host that was dialled, when the driver reported it. */
  readonly host: string | undefined;
  /** Port that was dialled, when the driver reported it. */
  readonly port: number | undefined;
  /** The system error code (`ECONNREFUSED`, `ENOTFOUND`, `ETIMEDOUT`, …). */
  readonly systemCode: string;

  constructor(
    fields: { host: string | undefined; port: number | undefined; systemCode: string },
    options?: { cause?: unknown },
  ) {
    const where =
      fields.host === undefined
        ? 'the database server'
        : `${fields.host}${fields.port === undefined ? '' : `:${fields.port}`}`;
    super(
      'MODELS_DB_UNREACHABLE',
      `cannot reach PostgreSQL at ${where} (${fields.systemCode}): is the server running and the URL right?`,
      options,
    );
    this.host = fields.host;
    this.port = fields.port;
    this.systemCode = fields.systemCode;
  }
}

/** One field rejected by a zod schema. */
export interface FieldIssue {
  /** Dotted path of the field (`email`, `metadataJson.a`). */
  readonly path: string;
  /** What was wrong. */
  readonly message: string;
}

/** Input rejected by a `parse*` helper; names every bad field. */
export class ValidationError extends ModelsError {
  /** The table the input was meant for. */
  readonly table: string;
  /** Every rejected field, in order. */
  readonly issues: readonly FieldIssue[];
  /** The rejected field names, deduplicated. */
  readonly fields: readonly string[];

  constructor(table: string, issues: readonly FieldIssue[], options?: { cause?: unknown }) {
    super(
      'MODELS_VALIDATION',
      `Invalid ${table}: ${issues.map((i) => `${i.path === '' ? '(root)' : i.path}: ${i.message}`).join('; ')}`,
      options,
    );
    this.table = table;
    this.issues = issues;
    this.fields = [...new Set(issues.map((i) => i.path))];
  }
}

/** A database constraint violation, normalised from postgres.js or PGlite. */
export class DatabaseConstraintError extends ModelsError {
  /** SQLSTATE (`23505` unique, `23503` FK, `23514` check, `23502` not null, `22P02` bad enum). */
  readonly sqlstate: string;
  /** Name of the violated constraint, when the server reported one. */
  readonly constraint: string | undefined;
  /** Table, when reported. */
  readonly table: string | undefined;
  /** Column, when reported (not-null violations). */
  readonly column: string | undefined;

  constructor(
    fields: {
      sqlstate: string;
      constraint: string | undefined;
      table: string | undefined;
      column: string | undefined;
      message: string;
    },
    options?: { cause?: unknown },
  ) {
    super('MODELS_DB_CONSTRAINT', fields.message, options);
    this.sqlstate = fields.sqlstate;
    this.constraint = fields.constraint;
    this.table = fields.table;
    this.column = fields.column;
  }
}

/** An optimistic-lock conflict: the row's `version` was not the expected one. */
export class VersionConflictError extends ModelsError {
  /** The execution that was not updated. */
  readonly executionId: string;
  /** The version the caller expected. */
  readonly expectedVersion: number;
  /** The version found in the database, or `undefined` when the row does not exist. */
  readonly actualVersion: number | undefined;

  constructor(executionId: string, expectedVersion: number, actualVersion: number | undefined) {
    super(
      'MODELS_VERSION_CONFLICT',
      actualVersion === undefined
        ? `workflow execution ${executionId} does not exist (expected version ${expectedVersion})`
        : `workflow execution ${executionId} is at version ${actualVersion}, expected ${expectedVersion}`,
    );
    this.executionId = executionId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** A value that could not be decrypted (unknown key id, tampered or malformed ciphertext). */
export class DecryptionError extends ModelsError {
  /** The key id named by the ciphertext, when it could be read. */
  readonly keyId: string | undefined;

  constructor(message: string, keyId: string | undefined, options?: { cause?: unknown }) {
    super('MODELS_DECRYPTION', message, options);
    this.keyId = keyId;
  }
}

/** Whether `e` is any `@atom/models` error. */
export function isModelsError(e: unknown): e is ModelsError {
  return e instanceof ModelsError;
}

/** Whether `e` is a {@link ValidationError}. */
export function isValidationError(e: unknown): e is ValidationError {
  return e instanceof ValidationError;
}

/** Whether `e` is a {@link DatabaseConstraintError}. */
export function isDatabaseConstraintError(e: unknown): e is DatabaseConstraintError {
  return e instanceof DatabaseConstraintError;
}

/** Whether `e` is a {@link VersionConflictError}. */
export function isVersionConflictError(e: unknown): e is VersionConflictError {
  return e instanceof VersionConflictError;
}

/** Whether `e` is a {@link DatabaseUnreachableError}. */
export function isDatabaseUnreachableError(e: unknown): e is DatabaseUnreachableError {
  return e instanceof DatabaseUnreachableError;
}

/** Whether `e` is a {@link DecryptionError}. */
export function isDecryptionError(e: unknown): e is DecryptionError {
  return e instanceof DecryptionError;
}
