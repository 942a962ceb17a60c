// Owns the closed set of error codes and the result envelope that crosses every transport.
// Electron's ipcMain.handle keeps only `message` of a thrown error, so errors travel as data.

export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'INVALID_REFERENCE',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'ENGINE_UNREACHABLE',
  'REGISTRY_UNREACHABLE',
  'CANCELLED',
  'IO',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ContractError {
  code: ErrorCode;
  /** Shown to people as is; engine errors keep the engine's words. */
  message: string;
  /** Optional machine-readable extras (e.g. HTTP status). Never secrets. */
  detail?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, detail?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: detail === undefined ? { code, message } : { code, message, detail },
});
