import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AtomDatabase } from './db.js';
import type { Workspace } from './schema/identity.js';
import { workspaces } from './schema/identity.js';

/** SHA-256 (hex) of a satellite API key, as stored in `workspaces.satellite_api_key_hash`. */
export function hashSatelliteApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * A new random satellite API key (`sk_sat_` + 32 random bytes, base64url) and its hash; show the
 * key to the user once, store only the hash.
 */
export function generateSatelliteApiKey(): { key: string; hash: string } {
  const key = `sk_sat_${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashSatelliteApiKey(key) };
}

/** Finds the workspace whose satellite API key is `key` (by its hash; the key is never stored). */
export async function findWorkspaceBySatelliteApiKey(
  db: AtomDatabase,
  key: string,
): Promise<Workspace | undefined> {
  const rows = await db
    .select()
    .from(workspaces)
    .where(eq(workspaces.satelliteApiKeyHash, hashSatelliteApiKey(key)))
    .limit(1);
  return rows[0];
}
