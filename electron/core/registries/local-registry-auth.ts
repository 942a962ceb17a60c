// Owns the shared local registry's password file: the htpasswd line (bcrypt, which is the only hash
// the registry's htpasswd auth accepts), where Stevedore keeps it (<dataDir>/local-registry-auth/,
// 0700, the file 0600). The registry's variables and mount point are in shared/registries.ts.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { HTPASSWD_PASSWORD_MAX_BYTES, HTPASSWD_USER } from '../../../shared/registries';
import { CoreError } from '../engine/engine-errors';

/** bcrypt's cost: 10 is what `htpasswd -B` uses by default; each login the registry checks pays it once. */
const BCRYPT_COST = 10;
const AUTH_DIR = 'local-registry-auth';

/** `<dataDir>/local-registry-auth/<container>.htpasswd`: one file per registry, named by its container. */
export function htpasswdPath(dataDir: string, containerName: string): string {
  return path.join(dataDir, AUTH_DIR, `${containerName}.htpasswd`);
}

/** One `user:$2b$10$...` line. The password goes into the hash and nowhere else. */
export async function htpasswdLine(username: string, password: string): Promise<string> {
  if (!HTPASSWD_USER.test(username)) {
    throw new CoreError('INVALID_ARGUMENT', 'A user name may hold letters, digits and _ . @ - (no spaces or colons)');
  }
  if (password === '' || /[\r\n]/.test(password)) throw new CoreError('INVALID_ARGUMENT', 'The password must be one non-empty line');
  if (Buffer.byteLength(password, 'utf8') > HTPASSWD_PASSWORD_MAX_BYTES) {
    throw new CoreError('INVALID_ARGUMENT', `A password of at most ${HTPASSWD_PASSWORD_MAX_BYTES} bytes (bcrypt ignores the rest)`);
  }
  return `${username}:${await bcrypt.hash(password, BCRYPT_COST)}\n`;
}

/**
 * Writes the registry's htpasswd file, readable by this user only: created 0600 under a fresh
 * random name (exclusive, so nothing that was there is followed or reused), then renamed over the
 * old one. The folder is 0700 so no other user can even list it.
 */
export async function writeHtpasswd(dataDir: string, containerName: string, username: string, password: string): Promise<string> {
  const file = htpasswdPath(dataDir, containerName);
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const line = await htpasswdLine(username, password);
  const temp = path.join(dir, `.${containerName}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(line);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return file;
}

/** A removed (or never started) registry's password file goes with it. */
export async function removeHtpasswd(dataDir: string, containerName: string): Promise<void> {
  await rm(htpasswdPath(dataDir, containerName), { force: true });
}
