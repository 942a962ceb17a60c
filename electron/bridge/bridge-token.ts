// Owns the bridge's long-lived token: how long a configured one must be, a random one otherwise,
// and the constant-time comparison every check of it uses.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The token opens the Docker engine to whoever holds it: 32 characters at least (192 bits of random base64url). */
export const MIN_BRIDGE_TOKEN_LENGTH = 32;

/** 32 random bytes as base64url (43 characters). */
export const newBridgeToken = (): string => randomBytes(32).toString('base64url');

/** Why a configured token cannot be used, in words for the person who set it; null when it can. */
export function bridgeTokenProblem(token: string, source = 'The bridge token'): string | null {
  if (token.length >= MIN_BRIDGE_TOKEN_LENGTH) return null;
  return (
    `${source} is ${token.length} character${token.length === 1 ? '' : 's'} long; the bridge needs at least ` +
    `${MIN_BRIDGE_TOKEN_LENGTH}, because it is the key to the Docker engine. Unset it to get a random one, ` +
    'or make one with `openssl rand -base64 32`.'
  );
}

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
