// Connection and migrations
export { createDb, createEmbeddedDb, migrate, MIGRATIONS_FOLDER } from './db.js';
export type { AtomDatabase, CreateDbOptions, CreateEmbeddedDbOptions, Db, Driver } from './db.js';

/** The schema registry: every table, relation, enum and row type (`schema.users`, `schema.User`). */
// The schema registry: tables, relations, enums and row types (`schema.users`, `schema.User`)
export * as schema from './schema/index.js';
export type { NewRow, Row, Schema, TableName } from './tables.js';
export type { JsonObject, JsonValue } from './schema/_shared.js';

// Errors
export {
  DatabaseConstraintError,
  DatabaseUnreachableError,
  DecryptionError,
  ModelsConfigError,
  ModelsError,
  ValidationError,
  VersionConflictError,
  isDatabaseConstraintError,
  isDatabaseUnreachableError,
  isDecryptionError,
  isModelsError,
  isValidationError,
  isVersionConflictError,
} from './errors.js';
export type { FieldIssue } from './errors.js';
export { normalizeDbError, withDbErrors } from './normalize-db-error.js';
export { executeRows } from './execute-rows.js';
export { insertMany } from './insert-many.js';
export type { InsertManyOptions } from './insert-many.js';

// Secrets
export {
  createEncryptor,
  decryptTwoFactor,
  encryptTwoFactor,
  parseEncryptionKeys,
} from './encryption.js';
export type { EncryptedTwoFactor, EncryptionKey, Encryptor } from './encryption.js';
export {
  findWorkspaceBySatelliteApiKey,
  generateSatelliteApiKey,
  hashSatelliteApiKey,
} from './satellite-api-key.js';

// Validation and import
export { parseInsert, parseUpdate, tableSchemas } from './validation.js';
export type { ParsedInsert, ParsedUpdate, TableSchemas } from './validation.js';
export { fromAtomRow } from './from-atom-row.js';
export type { FromAtomRowOptions } from './from-atom-row.js';

// Workflows helpers
export { updateWorkflowExecution } from './update-workflow-execution.js';
export type { WorkflowExecutionPatch } from './update-workflow-execution.js';
