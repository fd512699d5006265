/**
 * `pnpm api:update`: rewrites `api/exports.txt` of every package that has a
 * `test/public-api.test.ts` (see test-setup/public-api.ts).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_FILE, committedApi, formatApi, publicApi } from '../test-setup/public-api.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name);
  if (!existsSync(join(dir, 'test', 'public-api.test.ts'))) continue;
  const before = committedApi(dir);
  const after = publicApi(dir);
  mkdirSync(join(dir, 'api'), { recursive: true });
  writeFileSync(join(dir, API_FILE), formatApi(after));
  const added = after.filter((l) => !before.includes(l));
  const removed = before.filter((l) => !after.includes(l));
  console.log(`${name}: ${after.length} exports (+${added.length} -${removed.length})`);
  for (const l of added) console.log(`  + ${l}`);
  for (const l of removed) console.log(`  - ${l}`);
}
