// Owns the translation of dockerode / engine / socket failures into contract errors.
import type { ContractError, ErrorCode } from '../../../shared/errors';

/** An exception that already knows its contract code; thrown inside core, turned into data at the edge. */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EACCES',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface DockerodeLikeError {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  code?: string;
  name?: string;
  message?: string;
}

/**
 * dockerode builds messages like "(HTTP code 404) no such image - No such image: foo:latest ";
 * people should see the engine's own words, which live in err.json.message.
 */
export function engineMessage(err: unknown): string {
  const e = err as DockerodeLikeError;
  const fromJson = e?.json && typeof e.json === 'object' ? e.json.message : undefined;
  if (typeof fromJson === 'string' && fromJson.length > 0) return fromJson.trim();
  const msg = typeof e?.message === 'string' ? e.message : String(err);
  const m = /^\(HTTP code \d+\) [^-]*- (.*)$/s.exec(msg);
  return (m ? m[1] : msg).trim();
}

/** What a cancelled request or stream fails with: Node's own abort shape, which isAbortError (and so CANCELLED) knows. */
export const abortError = (): Error => Object.assign(new Error('Cancelled'), { name: 'AbortError', code: 'ABORT_ERR' });

export function isAbortError(err: unknown): boolean {
  const e = err as DockerodeLikeError;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

export function isUnreachableError(err: unknown): boolean {
  // A transport that already knows (an ssh that could not connect, in ssh's words).
  if (err instanceof CoreError) return err.code === 'ENGINE_UNREACHABLE';
  const e = err as DockerodeLikeError;
  return typeof e?.code === 'string' && UNREACHABLE_CODES.has(e.code) && e.statusCode === undefined;
}

function codeForStatus(status: number, message: string): ErrorCode {
  if (status === 404 || (status >= 500 && MISSING_IMAGE_AS_500.test(message))) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 401 || status === 403) return 'UNAUTHORIZED';
  if (status === 400) return /reference format|repository name/i.test(message) ? 'INVALID_REFERENCE' : 'INVALID_ARGUMENT';
  // The engine reports a registry it cannot reach, or that refused our credentials, as a 500.
  if (status >= 500) return registryErrorCode(message) ?? (BAD_INPUT_AS_500.test(message) ? 'INVALID_ARGUMENT' : 'INTERNAL');
  return 'INTERNAL';
}

/**
 * Input the 20.10 engine rejects with a 500 although it is the caller's fault: a bad glob in a
 * `reference=` filter (Go's path.ErrBadPattern) and a non-numeric search limit (strconv).
 */
const BAD_INPUT_AS_500 = /^syntax error in pattern$|^strconv\.\w+: parsing /;

/**
 * A full 64-hex image ID that names nothing, as the 20.10 engine's save (`GET /images/get`)
 * answers it: a 500 naming the file its image store could not open. It is a missing image.
 */
const MISSING_IMAGE_AS_500 = /^failed to get digest (sha256:[0-9a-f]{64}): open \S+: no such file or directory$/;

/**
 * The engine's words for a registry (or search index) it could not reach: Go's net errors on a
 * TCP dial or an http request to the registry, and the v1 search endpoint's ping failure.
 * Unix-socket failures (the engine's own containerd) deliberately do not match.
 */
const REGISTRY_UNREACHABLE =
  /invalid registry endpoint|dial tcp|TLS handshake timeout|(?:read|write) tcp .*(?:connection reset by peer|broken pipe|i\/o timeout)|"https?:\/\/[^"]+": (?:EOF|.*(?:i\/o timeout|connection reset by peer|connection refused|no such host|network is unreachable|no route to host|context deadline exceeded|Client\.Timeout exceeded))/;
/** A registry that wants credentials we did not send, or refused the ones we sent. */
const REGISTRY_UNAUTHORIZED =
  /no basic auth credentials|unauthorized: |authentication required|incorrect username or password|denied: requested access to the resource is denied/;

/** The contract code for a registry failure the engine described in `message`, if it is one. */
export function registryErrorCode(message: string): ErrorCode | undefined {
  if (REGISTRY_UNREACHABLE.test(message)) return 'REGISTRY_UNREACHABLE';
  if (REGISTRY_UNAUTHORIZED.test(message)) return 'UNAUTHORIZED';
  return undefined;
}

/** Maps any thrown value to a contract error, keeping the engine's message. */
export function toContractError(err: unknown): ContractError {
  if (err instanceof CoreError) {
    return err.detail ? { code: err.code, message: err.message, detail: err.detail } : { code: err.code, message: err.message };
  }
  if (isAbortError(err)) return { code: 'CANCELLED', message: 'Cancelled' };
  const e = err as DockerodeLikeError;
  if (isUnreachableError(err)) {
    return {
      code: 'ENGINE_UNREACHABLE',
      message: `Cannot connect to the Docker engine (${e.code}). Is the docker daemon running?`,
    };
  }
  if (typeof e?.statusCode === 'number') {
    const engineWords = engineMessage(err);
    // The store's file path says nothing to a person; the engine's 404 words do.
    const missing = e.statusCode >= 500 ? MISSING_IMAGE_AS_500.exec(engineWords) : null;
    const message = missing ? `No such image: ${missing[1]}` : engineWords;
    return { code: codeForStatus(e.statusCode, engineWords), message, detail: { status: e.statusCode } };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}
