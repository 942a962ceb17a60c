// Owns which clipboard text is offered as an image to pull, by the tray and by the page's Ctrl+P
// alike. The clipboard may hold a password or a token, and an offer is shown on screen, so only
// text that is deliberately an image reference is offered.
import { familiarString, parseNormalizedNamed } from './reference';

/** Longest clipboard text considered: the distribution grammar caps a name at 255 characters. */
export const MAX_CLIPBOARD_REFERENCE = 255;

const PULL_COMMAND = /^docker\s+(?:image\s+)?pull\s+/;

/**
 * An image reference worth offering for a pull, from clipboard text, or undefined:
 * - one line, at most 255 characters once trimmed, not a URL;
 * - valid per the distribution grammar (lowercase path, tag, digest: `Passw0rd/2024` is not);
 * - and deliberate: copied as a whole `docker pull …` command (what Docker Hub's copy button
 *   gives), or naming a repository path or a digest: it contains a `/` (`library/alpine:3`,
 *   `docker.io/alpine:3`, `localhost:5000/x`, `ghcr.io/a/b:1`) or an `@sha256:` digest.
 * A bare `word` or `word:word` (`alpine:3`, but also `hunter2`, `s3cret:pass`) is never offered.
 * Returns the familiar form (what `docker images` shows).
 */
export function clipboardReferenceOffer(text: string | undefined): string | undefined {
  if (!text || text.length > 4 * MAX_CLIPBOARD_REFERENCE) return undefined;
  const trimmed = text.trim();
  const reference = trimmed.replace(PULL_COMMAND, '');
  if (!reference || reference.length > MAX_CLIPBOARD_REFERENCE || /\s/.test(reference)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference)) return undefined;
  const deliberate = reference !== trimmed || reference.includes('/') || reference.includes('@sha256:');
  if (!deliberate) return undefined;
  try {
    return familiarString(parseNormalizedNamed(reference));
  } catch {
    return undefined;
  }
}
