// The shared local registry's htpasswd file: bcrypt lines the registry (and Apache's htpasswd) accept,
// written 0600 in a 0700 folder, replaced without following what was there, removed with the registry.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, describe, expect, it } from 'vitest';
import { htpasswdLine, htpasswdPath, removeHtpasswd, writeHtpasswd } from '../../electron/core/registries/local-registry-auth';

const dir = mkdtempSync(join(tmpdir(), 'stevedore-htpasswd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasHtpasswd = spawnSync('htpasswd', ['-h']).error === undefined;

/** `htpasswd -vb FILE USER PASSWORD`: Apache's own check of a bcrypt line (exit 0 = correct password). */
function apacheVerifies(file: string, user: string, password: string): boolean {
  return spawnSync('htpasswd', ['-vb', file, user, password]).status === 0;
}

describe('htpasswdLine', () => {
  it('is `user:` and a bcrypt hash of the password, which bcrypt verifies and nothing else matches', async () => {
    const line = await htpasswdLine('alice', 'correct horse battery');
    expect(line).toMatch(/^alice:\$2[aby]\$10\$[./A-Za-z0-9]{53}\n$/);
    const hash = line.trimEnd().slice('alice:'.length);
    expect(await bcrypt.compare('correct horse battery', hash)).toBe(true);
    expect(await bcrypt.compare('correct horse batterY', hash)).toBe(false);
    expect(line).not.toContain('correct horse');
  });

  it('salts every hash: the same password twice gives two different lines', async () => {
    expect(await htpasswdLine('alice', 'same password')).not.toBe(await htpasswdLine('alice', 'same password'));
  });

  it('refuses what an htpasswd line cannot hold or bcrypt would cut', async () => {
    await expect(htpasswdLine('a:b', 'long-enough')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(htpasswdLine('a\nb', 'long-enough')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(htpasswdLine('me', 'line\nbreak')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(htpasswdLine('me', 'x'.repeat(73))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('72 bytes'),
    });
  });
});

describe('writeHtpasswd', () => {
  it('writes <dataDir>/local-registry-auth/<container>.htpasswd, 0600 in a 0700 folder', async () => {
    const file = await writeHtpasswd(dir, 'registry', 'alice', 's3cret-pass');
    expect(file).toBe(htpasswdPath(dir, 'registry'));
    expect(file).toBe(join(dir, 'local-registry-auth', 'registry.htpasswd'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'local-registry-auth')).mode & 0o777).toBe(0o700);
    const [user, hash] = readFileSync(file, 'utf8').trimEnd().split(':');
    expect(user).toBe('alice');
    expect(await bcrypt.compare('s3cret-pass', hash)).toBe(true);
  });

  it.skipIf(!hasHtpasswd)("writes a file Apache's `htpasswd -vb` verifies (the right password only)", async () => {
    const file = await writeHtpasswd(dir, 'apache-check', 'bob', 'pässwörd with spaces');
    expect(apacheVerifies(file, 'bob', 'pässwörd with spaces')).toBe(true);
    expect(apacheVerifies(file, 'bob', 'passwörd with spaces')).toBe(false);
    expect(apacheVerifies(file, 'mallory', 'pässwörd with spaces')).toBe(false);
  });

  it('replaces a symlink planted at its name instead of writing through it, and an older file', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched');
    mkdirSync(join(dir, 'local-registry-auth'), { recursive: true });
    symlinkSync(victim, htpasswdPath(dir, 'planted'));
    const file = await writeHtpasswd(dir, 'planted', 'carol', 'another-pass');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    await writeHtpasswd(dir, 'planted', 'dave', 'third-pass');
    expect(readFileSync(file, 'utf8')).toMatch(/^dave:/);
  });

  it('is removed with its registry, and removing it twice is fine', async () => {
    await writeHtpasswd(dir, 'gone', 'erin', 'fourth-pass');
    await removeHtpasswd(dir, 'gone');
    expect(existsSync(htpasswdPath(dir, 'gone'))).toBe(false);
    await removeHtpasswd(dir, 'gone');
  });
});
