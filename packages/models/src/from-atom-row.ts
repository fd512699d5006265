import { getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Encryptor } from './encryption.js';
import { ModelsConfigError } from './errors.js';
import { hashSatelliteApiKey } from './satellite-api-key.js';
import type { NewRow, TableName } from './tables.js';
import { tables } from './tables.js';

/** Options of {@link fromAtomRow}. */
export interface FromAtomRowOptions {
  /** Needed when the row holds a plaintext `two_factor_secret` or `two_factor_backup_codes`. */
  encryptor?: Encryptor;
}

/** Atom's lowercase values that are not just upper-cased. */
const ALIASES: Record<string, string> = { ADMIN: 'WORKSPACE_ADMIN' };

/**
 * Maps a row of the original Atom database (snake_case columns, lowercase enum values, JSON held in
 * text, plaintext secrets) to an insert for `table`: columns renamed to their TypeScript keys, enum
 * values upper-cased (`member` → `MEMBER`, `admin` → `WORKSPACE_ADMIN`), JSON text parsed, Atom's
 * mixed `agent_registry.status` split into maturity and lifecycle (`paused` / `deprecated` become
 * the lifecycle), `satellite_api_key` hashed and the two-factor secrets encrypted. Unknown columns
 * are dropped.
 *
 * @throws ModelsConfigError when the row holds a two-factor secret and no `encryptor` was given.
 */
export function fromAtomRow<T extends TableName>(
  table: T,
  atomRow: Readonly<Record<string, unknown>>,
  options: FromAtomRowOptions = {},
): NewRow<T> {
  const columns: Record<string, PgColumn> = getTableColumns(tables[table] as PgTable);
  const bySqlName = new Map(
    Object.entries(columns).map(([key, column]) => [column.name, { key, column }]),
  );
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(atomRow)) {
    if (raw === undefined) continue;
    if (table === 'workspaces' && name === 'satellite_api_key') {
      out.satelliteApiKeyHash =
        raw === null
          ? null
          : hashSatelliteApiKey(typeof raw === 'string' ? raw : JSON.stringify(raw));
      continue;
    }
    if (table === 'users' && (name === 'two_factor_secret' || name === 'two_factor_backup_codes')) {
      if (raw === null) continue;
      if (options.encryptor === undefined) {
        throw new ModelsConfigError(
          `fromAtomRow expected an encryptor for users.${name}, received none`,
        );
      }
      const plain = typeof raw === 'string' ? raw : JSON.stringify(raw);
      out[
        name === 'two_factor_secret' ? 'twoFactorSecretEncrypted' : 'twoFactorBackupCodesEncrypted'
      ] = options.encryptor.encrypt(plain);
      continue;
    }
    if (table === 'agentRegistry' && name === 'status' && typeof raw === 'string') {
      const upper = raw.toUpperCase();
      if (upper === 'PAUSED' || upper === 'DEPRECATED') out.lifecycle = upper;
      else out.maturity = upper;
      continue;
    }
    const target = bySqlName.get(name);
    if (target === undefined) continue;
    const { key, column } = target;
    let value: unknown = raw;
    if (column.enumValues !== undefined && typeof value === 'string') {
      const upper = value.toUpperCase();
      value = ALIASES[upper] ?? upper;
    } else if (column.columnType === 'PgJsonb' && typeof value === 'string') {
      try {
        value = JSON.parse(value) as unknown;
      } catch {
        // not JSON: keep the string as a JSON string value
      }
    }
    out[key] = value;
  }
  return out as NewRow<T>;
}
