import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` atomically: the bytes go to a temporary file next to `path`, which is then
 * renamed over it, so readers (and a failed run) never see half a file. Missing parent folders are
 * created.
 */
/** Temporary files made by this process so far: with the pid, a unique name. */
let temps = 0;

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  temps += 1;
  const temp = join(dir, `.${basename(path)}.${process.pid}.${temps}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
