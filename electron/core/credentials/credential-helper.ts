// Owns the docker-credential-helpers protocol: running `docker-credential-<name> store|get|erase|list`
// with its stdin and stdout, finding the programs on PATH, and turning their failures into errors
// that never carry a secret (a helper may echo its input; its stderr is never kept).
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { CoreError } from '../engine/engine-errors';

export const HELPER_PREFIX = 'docker-credential-';
/** The helpers' own words for "nothing stored for that server" (credentials.errCredentialsNotFoundMessage). */
export const NOT_FOUND_MESSAGE = 'credentials not found in native keychain';
/** Identity tokens are stored with this user name (the CLI's tokenUsername). */
export const TOKEN_USERNAME = '<token>';

/** What `store` reads and `get` prints. */
export interface HelperCredentials {
  ServerURL: string;
  Username: string;
  Secret: string;
}

export type HelperAction = 'store' | 'get' | 'erase' | 'list';

export interface HelperOutput {
  /** Exit code; null when the program could not start or was killed. */
  code: number | null;
  stdout: string;
  /** Why it did not run (e.g. the program is not on PATH), in Go's words. */
  failure?: string;
}

/** Runs one helper action; injectable so the protocol can be tested without processes. */
export type HelperRunner = (helper: string, action: HelperAction, input: string) => Promise<HelperOutput>;

export interface SpawnHelperOptions {
  /** Environment the helper runs with; its PATH is where the program is looked up. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

const MAX_OUTPUT = 1 << 20;

/** Runs `docker-credential-<helper> <action>` with `input` on stdin; stderr is read and dropped. */
export function spawnHelper(opts: SpawnHelperOptions = {}): HelperRunner {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return (helper, action, input) =>
    new Promise((resolve) => {
      const program = helperProgram(helper);
      const child = spawn(program, [action], {
        env: opts.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        windowsHide: true,
      });
      const out: Buffer[] = [];
      let size = 0;
      let failure: string | undefined;
      child.stdout.on('data', (b: Buffer) => {
        if (size < MAX_OUTPUT) out.push(b);
        size += b.length;
      });
      // A helper's stderr is for its own diagnostics and may quote what it was given: never kept.
      child.stderr.resume();
      child.stdin.on('error', () => undefined);
      child.on('error', (err: NodeJS.ErrnoException) => {
        failure =
          err.code === 'ENOENT'
            ? `exec: "${program}": executable file not found in $PATH`
            : `exec: "${program}": ${err.code ?? 'failed to start'}`;
      });
      child.on('close', (code, signal) => {
        if (signal && !failure) failure = signal === 'SIGKILL' ? `timed out after ${timeoutMs / 1000}s` : `signal: ${signal}`;
        resolve({ code: failure ? null : code, stdout: Buffer.concat(out).toString('utf8'), failure });
      });
      child.stdin.end(input);
    });
}

/** Whether `docker-credential-<helper>` is an executable on env's PATH (the CLI's exec.LookPath). */
export async function helperOnPath(helper: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return HELPER_NAME_RE.test(helper) ? programOnPath(HELPER_PREFIX + helper, env) : false;
}

export async function programOnPath(program: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      try {
        await access(path.join(dir, program + ext), constants.X_OK);
        return true;
      } catch {
        // not here; keep looking
      }
    }
  }
  return false;
}

/** Replaces every occurrence of the secret (as is, JSON-escaped, URL-escaped) in text. */
export function maskSecret(text: string, secret: string): string {
  if (!secret) return text;
  let out = text;
  for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
    out = out.split(form).join('********');
  }
  return out;
}

/** A helper name as the CLI accepts it in credsStore/credHelpers: never a path. */
export const HELPER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The program for a helper; the name is checked here, where the program name is built. */
function helperProgram(helper: string): string {
  if (!HELPER_NAME_RE.test(helper)) throw new CoreError('INVALID_ARGUMENT', 'Invalid credential helper name in the docker config');
  return HELPER_PREFIX + helper;
}

/**
 * A helper's stdout, fit to show: trimmed, one bounded line, the secrets we know of masked, and
 * any `"Secret": "..."` it printed masked too.
 */
export function sanitizeHelperOutput(stdout: string, secrets: readonly string[] = []): string {
  let text = stdout.trim();
  for (const secret of secrets) text = maskSecret(text, secret);
  text = text.replace(/("Secret"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, '$1"********"');
  const firstLine = text.split(/\r?\n/)[0] ?? '';
  return firstLine.length > 300 ? `${firstLine.slice(0, 300)}…` : firstLine;
}

function helperError(verb: string, helper: string, result: HelperOutput, secrets: readonly string[] = []): CoreError {
  const err = result.failure ?? `exit status ${result.code}`;
  const out = sanitizeHelperOutput(result.stdout, secrets);
  return new CoreError('IO', `error ${verb} credentials - err: ${err}, out: \`${out}\``, { helper: HELPER_PREFIX + helper });
}

/** The helpers' fixed replies for input they reject (credentials.IsCredentialsMissing*Message). */
function invalidInputError(stdout: string): CoreError | undefined {
  const text = stdout.trim();
  if (text === 'no credentials server URL' || text === 'no credentials username') return new CoreError('INVALID_ARGUMENT', text);
  return undefined;
}

/** `store`: the credentials as one JSON line on stdin. */
export async function helperStore(run: HelperRunner, helper: string, creds: HelperCredentials): Promise<void> {
  const result = await run(helper, 'store', `${JSON.stringify(creds)}\n`);
  if (result.code === 0) return;
  throw invalidInputError(result.stdout) ?? helperError('storing', helper, result, [creds.Secret]);
}

/** `get`: the server URL on stdin; null when the helper has nothing for it. */
export async function helperGet(run: HelperRunner, helper: string, serverURL: string): Promise<HelperCredentials | null> {
  const result = await run(helper, 'get', serverURL);
  if (result.code !== 0) {
    if (result.code !== null && result.stdout.trim() === NOT_FOUND_MESSAGE) return null;
    throw invalidInputError(result.stdout) ?? helperError('getting', helper, result);
  }
  return parseHelperCredentials(result.stdout, serverURL, helper);
}

/** Reads what `get` printed; the error never quotes it (it holds the secret). */
export function parseHelperCredentials(stdout: string, serverURL: string, helper: string): HelperCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new CoreError('IO', `error getting credentials - ${HELPER_PREFIX}${helper} printed something that is not JSON`);
  }
  const p = parsed as Partial<Record<keyof HelperCredentials, unknown>>;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof p.Secret !== 'string' ||
    (p.Username !== undefined && typeof p.Username !== 'string')
  ) {
    throw new CoreError('IO', `error getting credentials - ${HELPER_PREFIX}${helper} printed no Username/Secret`);
  }
  return {
    ServerURL: typeof p.ServerURL === 'string' && p.ServerURL !== '' ? p.ServerURL : serverURL,
    Username: (p.Username as string | undefined) ?? '',
    Secret: p.Secret,
  };
}

/** `erase`: the server URL on stdin. Resolves false when the helper had nothing for it. */
export async function helperErase(run: HelperRunner, helper: string, serverURL: string): Promise<boolean> {
  const result = await run(helper, 'erase', serverURL);
  if (result.code === 0) return true;
  if (result.code !== null && result.stdout.trim() === NOT_FOUND_MESSAGE) return false;
  throw invalidInputError(result.stdout) ?? helperError('erasing', helper, result);
}

/** `list`: server URL -> user name for everything the helper holds. */
export async function helperList(run: HelperRunner, helper: string): Promise<Record<string, string>> {
  const result = await run(helper, 'list', 'unused');
  if (result.code !== 0) throw invalidInputError(result.stdout) ?? helperError('listing', helper, result);
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw new CoreError('IO', `error listing credentials - ${HELPER_PREFIX}${helper} printed something that is not JSON`);
  }
  const out: Record<string, string> = {};
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    for (const [url, user] of Object.entries(parsed)) if (typeof user === 'string') out[url] = user;
  }
  return out;
}
