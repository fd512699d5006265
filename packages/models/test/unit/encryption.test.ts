import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  createEncryptor,
  decryptTwoFactor,
  encryptTwoFactor,
  isDecryptionError,
  isModelsError,
  parseEncryptionKeys,
} from '../../src/index.js';

const k = (byte: number) => Buffer.alloc(32, byte).toString('base64');

describe('parseEncryptionKeys', () => {
  it('reads comma-separated id:base64 keys, first one active', () => {
    const keys = parseEncryptionKeys(`new:${k(1)}, old:${k(2)}`);
    expect(keys.map((x) => x.id)).toEqual(['new', 'old']);
    expect(keys[0]?.key.length).toBe(32);
  });
  it('reads ATOM_ENCRYPTION_KEYS by default', () => {
    process.env.ATOM_ENCRYPTION_KEYS = `env:${k(3)}`;
    expect(createEncryptor().activeKeyId).toBe('env');
    delete process.env.ATOM_ENCRYPTION_KEYS;
    expect(() => parseEncryptionKeys()).toThrow(/received nothing/);
  });
  it.each([
    ['', /received nothing/],
    ['bad id:' + k(1), /expected "<keyId>:<base64 of 32 bytes>"/],
    ['a:' + Buffer.alloc(16).toString('base64'), /16-byte key/],
    ['a:' + k(1) + ':extra', /keyId/],
    [`a:${k(1)},a:${k(2)}`, /unique key ids/],
  ])('rejects %j', (value, message) => {
    expect(() => parseEncryptionKeys(value)).toThrow(message);
  });
  it('createEncryptor needs a key', () => {
    expect(() => createEncryptor([])).toThrow(/at least one key/);
  });
});

describe('createEncryptor', () => {
  const enc = createEncryptor(parseEncryptionKeys(`k2:${k(2)},k1:${k(1)}`));
  const oldOnly = createEncryptor(parseEncryptionKeys(`k1:${k(1)}`));

  test.prop([fc.string()])(
    'decrypt(encrypt(x)) = x and the ciphertext never contains x',
    (plain) => {
      const c = enc.encrypt(plain);
      expect(c).toMatch(/^v1:k2:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
      if (plain.length > 3) expect(c).not.toContain(plain);
      expect(enc.decrypt(c)).toBe(plain);
    },
  );
  it('uses a fresh IV each time', () => {
    expect(enc.encrypt('same')).not.toBe(enc.encrypt('same'));
  });
  it('rotates values of an old key to the active key', () => {
    const old = oldOnly.encrypt('secret');
    expect(enc.needsRotation(old)).toBe(true);
    const rotated = enc.rotate(old);
    expect(rotated.split(':')[1]).toBe('k2');
    expect(enc.needsRotation(rotated)).toBe(false);
    expect(enc.rotate(rotated)).toBe(rotated);
    expect(enc.decrypt(rotated)).toBe('secret');
  });
  it('rejects an unknown key, a malformed value and a tampered ciphertext', () => {
    const c = enc.encrypt('secret');
    const unknown = (() => {
      try {
        oldOnly.decrypt(c);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isDecryptionError(unknown)).toBe(true);
    expect(unknown).toMatchObject({ code: 'MODELS_DECRYPTION', keyId: 'k2' });
    expect(() => enc.decrypt('plaintext')).toThrow(/expected "v1/);
    const parts = c.split(':');
    parts[4] = Buffer.from('tampered!').toString('base64');
    const tampered = (() => {
      try {
        enc.decrypt(parts.join(':'));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isModelsError(tampered)).toBe(true);
    expect((tampered as Error).message).toMatch(/authentication/);
    expect((tampered as Error).cause).toBeDefined();
  });
  it('encrypts and decrypts the two-factor columns, nulls included', () => {
    const cols = encryptTwoFactor(enc, 'S', ['1', '2']);
    expect(decryptTwoFactor(enc, cols)).toEqual({ secret: 'S', backupCodes: ['1', '2'] });
    expect(encryptTwoFactor(enc, null, null)).toEqual({
      twoFactorSecretEncrypted: null,
      twoFactorBackupCodesEncrypted: null,
    });
    expect(
      decryptTwoFactor(enc, {
        twoFactorSecretEncrypted: null,
        twoFactorBackupCodesEncrypted: null,
      }),
    ).toEqual({
      secret: null,
      backupCodes: null,
    });
  });
});
