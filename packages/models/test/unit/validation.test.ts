import { describe, expect, it } from 'vitest';
import {
  createEncryptor,
  fromAtomRow,
  hashSatelliteApiKey,
  parseInsert,
  parseUpdate,
  ValidationError,
} from '../../src/index.js';

function fieldsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.fields;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('parse helpers', () => {
  it('accept valid input', () => {
    expect(parseInsert('users', { email: 'a@b.co' }).email).toBe('a@b.co');
    expect(
      parseInsert('agentRegistry', { name: 'n', category: 'c', modulePath: 'm', className: 'k' })
        .name,
    ).toBe('n');
    expect(parseInsert('workflowExecutions', { workflowId: 'w' }).workflowId).toBe('w');
    expect(
      parseInsert('episodes', {
        title: 't',
        agentId: 'a',
        workspaceId: 'w',
        maturityAtTime: 'INTERN',
      }).title,
    ).toBe('t');
  });
  it('name an unknown table instead of crashing', () => {
    expect(() => parseInsert('nope' as 'users', {})).toThrow(
      /unknown table "nope"; expected one of tenants, users/,
    );
    expect(() => parseUpdate('nope' as 'users', {})).toThrow(ValidationError);
  });
  it('refuse null in a NOT NULL jsonb column (drizzle-zod alone accepts it as a JSON value)', () => {
    expect(
      fieldsOf(() => parseInsert('tenants', { name: 'n', subdomain: 's', settings: null })),
    ).toEqual(['settings']);
    expect(
      parseInsert('tenants', { name: 'n', subdomain: 's', settings: { a: 1 } }).settings,
    ).toEqual({
      a: 1,
    });
  });
  it('name every bad field', () => {
    expect(
      [
        ...fieldsOf(() =>
          parseInsert('users', { email: 'nope', capacityHours: -1, role: 'SUPERVISOR' }),
        ),
      ].sort(),
    ).toEqual(['capacityHours', 'email', 'role']);
    expect(
      fieldsOf(() =>
        parseInsert('agentRegistry', {
          name: 'n',
          category: 'c',
          modulePath: 'm',
          className: 'k',
          confidenceScore: 2,
        }),
      ),
    ).toEqual(['confidenceScore']);
  });
  it('apply the cross-field rules on insert and update', () => {
    const startedAt = new Date(2000, 0, 2);
    const completedAt = new Date(2000, 0, 1);
    expect(
      fieldsOf(() =>
        parseInsert('workflowExecutions', { workflowId: 'w', startedAt, completedAt }),
      ),
    ).toEqual(['completedAt']);
    expect(fieldsOf(() => parseUpdate('episodes', { startedAt, endedAt: completedAt }))).toEqual([
      'endedAt',
    ]);
    expect(parseUpdate('episodes', { endedAt: completedAt }).endedAt).toBe(completedAt);
    expect(
      fieldsOf(() => parseInsert('episodeAccessLogs', { episodeId: 'e', accessType: 'SEMANTIC' })),
    ).toEqual(['accessedBy']);
    expect(
      parseInsert('episodeAccessLogs', {
        episodeId: 'e',
        accessType: 'SEMANTIC',
        accessedByAgent: 'a',
      }).accessedByAgent,
    ).toBe('a');
  });
  it('check ranges the database checks', () => {
    expect(
      fieldsOf(() =>
        parseInsert('agentFeedback', {
          agentId: 'a',
          userId: 'u',
          originalOutput: 'o',
          userCorrection: 'c',
          rating: 6,
        }),
      ),
    ).toEqual(['rating']);
    expect(
      fieldsOf(() =>
        parseInsert('businessProductServices', { workspaceId: 'w', name: 'n', currency: 'eur' }),
      ),
    ).toEqual(['currency']);
    expect(fieldsOf(() => parseUpdate('users', { twoFactorSecretEncrypted: 'plain' }))).toEqual([
      'twoFactorSecretEncrypted',
    ]);
  });
});

describe('fromAtomRow', () => {
  const encryptor = createEncryptor([{ id: 'k', key: Buffer.alloc(32, 1) }]);
  it('renames columns, upper-cases enums, parses JSON text, maps the ADMIN alias', () => {
    const row = fromAtomRow('users', {
      email: 'a@b.co',
      first_name: 'Ada',
      role: 'admin',
      status: 'active',
      skills: '["ts","sql"]',
      metadata_json: 'not json',
      unknown_column: 1,
      last_login: undefined,
    });
    expect(row).toEqual({
      email: 'a@b.co',
      firstName: 'Ada',
      role: 'WORKSPACE_ADMIN',
      status: 'ACTIVE',
      skills: ['ts', 'sql'],
      metadataJson: 'not json',
    });
    expect(
      parseInsert('users', fromAtomRow('users', { email: 'x@y.io', role: 'team_lead' })).role,
    ).toBe('TEAM_LEAD');
  });
  it('splits agent status into maturity and lifecycle', () => {
    expect(fromAtomRow('agentRegistry', { status: 'intern' })).toEqual({ maturity: 'INTERN' });
    expect(fromAtomRow('agentRegistry', { status: 'deprecated' })).toEqual({
      lifecycle: 'DEPRECATED',
    });
  });
  it('hashes the satellite key and encrypts the two-factor secrets', () => {
    expect(fromAtomRow('workspaces', { name: 'w', satellite_api_key: 'sk' })).toEqual({
      name: 'w',
      satelliteApiKeyHash: hashSatelliteApiKey('sk'),
    });
    expect(fromAtomRow('workspaces', { satellite_api_key: null })).toEqual({
      satelliteApiKeyHash: null,
    });
    const u = fromAtomRow(
      'users',
      { email: 'a@b.co', two_factor_secret: 'S', two_factor_backup_codes: ['1'] },
      { encryptor },
    );
    expect(encryptor.decrypt(u.twoFactorSecretEncrypted!)).toBe('S');
    expect(JSON.parse(encryptor.decrypt(u.twoFactorBackupCodesEncrypted!))).toEqual(['1']);
    expect(fromAtomRow('users', { two_factor_secret: null })).toEqual({});
    expect(() => fromAtomRow('users', { two_factor_secret: 'S' })).toThrow(/expected an encryptor/);
  });
});

describe('ValidationError of the parse helpers', () => {
  it('carries the zod error as its cause and names the unknown table at the root', () => {
    let caught: unknown;
    try {
      parseInsert('users', { email: 'not an e-mail' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).fields).toEqual(['email']);
    expect((caught as Error).cause).toMatchObject({ name: 'ZodError' });
    expect(fieldsOf(() => parseUpdate('nope' as 'users', {}))).toEqual(['']);
  });
});
