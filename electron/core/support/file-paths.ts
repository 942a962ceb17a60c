// Owns the checks on file paths that cross the contract (they come from dialogs and drops, but
// the renderer is untrusted), the default archive name for a save, and file errors as IO errors.
import { constants } from 'node:fs';
import { access, open, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, normalize, sep } from 'node:path';
import { CoreError } from '../engine/engine-errors';

const MAX_PATH = 4096;

/** Absolute, already normal (no `.`/`..` segments, no doubled separators), no NUL or control bytes. */
export function checkAbsolutePath(path: string, what: string): string {
  if (typeof path !== 'string' || path.length === 0 || path.length > MAX_PATH) {
    throw new CoreError('INVALID_ARGUMENT', `${what}: a path is required`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(path)) throw new CoreError('INVALID_ARGUMENT', `${what}: the path contains control characters`);
  if (!isAbsolute(path)) throw new CoreError('INVALID_ARGUMENT', `${what}: not an absolute path: ${path}`);
  const parts = path.split(/[\\/]+/);
  if (parts.includes('..') || parts.includes('.') || normalize(path) !== path) {
    throw new CoreError('INVALID_ARGUMENT', `${what}: the path is not in normal form: ${path}`);
  }
  if (path.length > 1 && path.endsWith(sep)) throw new CoreError('INVALID_ARGUMENT', `${what}: the path names a directory: ${path}`);
  return path;
}

const FS_WORDS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'file exists',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  EXDEV: 'cross-device link',
};

/** A file-system failure as an IO contract error naming the file (the code in detail, not the text). */
export function ioError(err: unknown, action: string, path: string): CoreError {
  if (err instanceof CoreError) return err;
  const e = err as NodeJS.ErrnoException;
  const words = (e?.code && FS_WORDS[e.code]) || (e?.message ?? String(err)).replace(/^[A-Z]+: /, '');
  return new CoreError('IO', `${action} ${path}: ${words}`, e?.code ? { errno: e.code } : undefined);
}

/** Opens a file to read; a failure is an IO error naming it. */
export async function openToRead(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    throw ioError(err, 'Cannot read', path);
  }
}

export const isFsError = (err: unknown): boolean => typeof (err as NodeJS.ErrnoException)?.syscall === 'string';

/** A file to read: absolute, normal, and a regular file (not a directory, FIFO or device). */
export async function checkSourceFile(path: string): Promise<{ path: string; size: number }> {
  checkAbsolutePath(path, 'Load');
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CoreError('NOT_FOUND', `No such file: ${path}`);
    throw ioError(err, 'Cannot read', path);
  }
  if (!info.isFile()) throw new CoreError('INVALID_ARGUMENT', `Not a regular file: ${path}`);
  return { path, size: info.size };
}

/**
 * A file to write: absolute and normal, its folder exists (the CLI's words when not), and the name
 * is not taken by something other than a regular file.
 */
export async function checkTargetFile(path: string): Promise<string> {
  checkAbsolutePath(path, 'Save');
  const dir = dirname(path);
  try {
    const d = await stat(dir);
    if (!d.isDirectory()) throw new CoreError('INVALID_ARGUMENT', `invalid output path: ${dir} is not a directory`);
  } catch (err) {
    if (err instanceof CoreError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CoreError('INVALID_ARGUMENT', `invalid output path: directory "${dir}" does not exist`);
    }
    throw ioError(err, 'Cannot write to', dir);
  }
  try {
    const t = await stat(path);
    if (!t.isFile()) throw new CoreError('INVALID_ARGUMENT', `invalid output path: ${path} exists and is not a regular file`);
  } catch (err) {
    if (err instanceof CoreError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(err, 'Cannot write to', path);
  }
  return path;
}

/** Whether the process may read the file (so a load fails before anything is sent). */
export async function checkReadable(path: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (err) {
    throw ioError(err, 'Cannot read', path);
  }
}

/** `stevedore-fixture/xfer-a:1` -> `xfer-a_1.tar`; an ID -> its 12-character short form; several -> `images.tar`. */
export function defaultTarName(refs: readonly string[]): string {
  if (refs.length !== 1) return 'images.tar';
  let ref = refs[0].trim();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  if (/^(sha256:)?[a-f0-9]{12,64}$/.test(ref)) return `${ref.replace(/^sha256:/, '').slice(0, 12)}.tar`;
  const name = basename(ref.replace(/\\/g, '/'));
  const colon = name.lastIndexOf(':');
  const repo = colon > 0 ? name.slice(0, colon) : name;
  const tag = colon > 0 ? name.slice(colon + 1) : 'latest';
  const stem = (tag === 'latest' ? repo : `${repo}_${tag}`).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return `${stem || 'image'}.tar`;
}
