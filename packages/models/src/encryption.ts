import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError, ModelsConfigError } from './errors.js';

/** One AES-256 key with its id (the id is written into every ciphertext). */
export interface EncryptionKey {
  /** Short id, `[A-Za-z0-9_-]+`. */
  readonly id: string;
  /** 32 bytes. */
  readonly key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]+$/;

/**
 * Parses `ATOM_ENCRYPTION_KEYS`: comma-separated `<keyId>:<base64 of 32 bytes>`; the FIRST key
 * encrypts, all of them decrypt (so keys can rotate: prepend the new key, keep the old ones until
 * {@link Encryptor.rotate} has re-encrypted every value).
 *
 * @param value - defaults to `process.env.ATOM_ENCRYPTION_KEYS`.
 */
export function parseEncryptionKeys(
  value: string | undefined = process.env.ATOM_ENCRYPTION_KEYS,
): EncryptionKey[] {
  if (value === undefined || value.trim() === '') {
    throw new ModelsConfigError(
      'ATOM_ENCRYPTION_KEYS expected "<keyId>:<base64 32-byte key>[,…]", received nothing',
    );
  }
  const keys = value.split(',').map((entry) => {
    const [id, material, ...rest] = entry.trim().split(':');
    const key = Buffer.from(material ?? '', 'base64');
    if (id === undefined || !KEY_ID.test(id) || rest.length > 0 || key.length !== 32) {
      throw new ModelsConfigError(
        `ATOM_ENCRYPTION_KEYS entry expected "<keyId>:<base64 of 32 bytes>", received ${JSON.stringify(
          `${id ?? ''}:…`,
        )} with a ${key.length}-byte key`,
      );
    }
    return { id, key };
  });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) {
    throw new ModelsConfigError(
      'ATOM_ENCRYPTION_KEYS expected unique key ids, received duplicates',
    );
  }
  return keys;
}

/** Encrypts and decrypts secrets as `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64, AES-256-GCM). */
export interface Encryptor {
  /** Id of the key new values are encrypted with. */
  readonly activeKeyId: string;
  /** Encrypts `plaintext` with the active key and a fresh 12-byte IV. */
  encrypt(plaintext: string): string;
  /** Decrypts a value made by any configured key; throws {@link DecryptionError} otherwise. */
  decrypt(value: string): string;
  /** Whether `value` was encrypted with a key other than the active one. */
  needsRotation(value: string): boolean;
  /** Re-encrypts `value` with the active key (unchanged when it already uses it). */
  rotate(value: string): string;
}

function keyIdOf(value: string): string | undefined {
  const parts = value.split(':');
  return parts.length === 5 && parts[0] === 'v1' ? parts[1] : undefined;
}

/**
 * Creates an {@link Encryptor} from keys (default: parsed from `ATOM_ENCRYPTION_KEYS`).
 */
export function createEncryptor(keys: readonly EncryptionKey[] = parseEncryptionKeys()): Encryptor {
  const active = keys[0];
  if (active === undefined) {
    throw new ModelsConfigError('createEncryptor expected at least one key, received none');
  }
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const encrypt = (plaintext: string): string => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', active.key, iv);
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      'v1',
      active.id,
      iv.toString('base64'),
      tag.toString('base64'),
      ct.toString('base64'),
    ].join(':');
  };
  const decrypt = (value: string): string => {
    const keyId = keyIdOf(value);
    if (keyId === undefined) {
      throw new DecryptionError('expected "v1:<keyId>:<iv>:<tag>:<ciphertext>"', undefined);
    }
    const key = byId.get(keyId);
    if (key === undefined) {
      throw new DecryptionError(`no configured key has id ${JSON.stringify(keyId)}`, keyId);
    }
    const [, , iv, tag, ct] = value.split(':') as [string, string, string, string, string];
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString(
        'utf8',
      );
    } catch (cause) {
      throw new DecryptionError('ciphertext failed authentication', keyId, { cause });
    }
  };
  return {
    activeKeyId: active.id,
    encrypt,
    decrypt,
    needsRotation: (value) => keyIdOf(value) !== active.id,
    rotate: (value) => (keyIdOf(value) === active.id ? value : encrypt(decrypt(value))),
  };
}

/** The encrypted two-factor columns of `users`. */
export interface EncryptedTwoFactor {
  twoFactorSecretEncrypted: string | null;
  twoFactorBackupCodesEncrypted: string | null;
}

/** Encrypts a two-factor secret and backup codes into the `users` columns. */
export function encryptTwoFactor(
  encryptor: Encryptor,
  secret: string | null,
  backupCodes: readonly string[] | null,
): EncryptedTwoFactor {
  return {
    twoFactorSecretEncrypted: secret === null ? null : encryptor.encrypt(secret),
    twoFactorBackupCodesEncrypted:
      backupCodes === null ? null : encryptor.encrypt(JSON.stringify(backupCodes)),
  };
}

/** Decrypts the two-factor columns of a `users` row. */
export function decryptTwoFactor(
  encryptor: Encryptor,
  row: EncryptedTwoFactor,
): { secret: string | null; backupCodes: string[] | null } {
  return {
    secret:
      row.twoFactorSecretEncrypted === null
        ? null
        : encryptor.decrypt(row.twoFactorSecretEncrypted),
    backupCodes:
      row.twoFactorBackupCodesEncrypted === null
        ? null
        : (JSON.parse(encryptor.decrypt(row.twoFactorBackupCodesEncrypted)) as string[]),
  };
}
