// Owns the `--platform os/arch[/variant]` words: the grammar a platform is checked against before it
// reaches the engine's `platform` query (and the pull dialog's picker), and how an index entry's
// platform is written. No zod here: the pull dialog's model reads it without the contract's schemas.

/** One part (os, architecture or variant): lowercase letters and digits, `.`, `_`, `-` only between them. */
const PART = '[a-z0-9]+(?:[._-][a-z0-9]+)*';
/** `linux/amd64`, `linux/arm/v7`: what `docker pull --platform` takes, lowercase as containerd normalises it. */
export const PLATFORM_RE = new RegExp(`^${PART}/${PART}(?:/${PART})?$`);
const PART_RE = new RegExp(`^${PART}$`);
/** Long enough for any real os/arch/variant (`windows/amd64`, `linux/ppc64le`, `linux/arm/v7`). */
export const PLATFORM_MAX = 64;

export interface PlatformParts {
  os: string;
  architecture: string;
  variant?: string;
}

export function isPlatform(s: string): boolean {
  return s.length <= PLATFORM_MAX && PLATFORM_RE.test(s);
}

/** Whether os, architecture and variant (when present) each fit the grammar. */
export function isPlatformPart(s: string): boolean {
  return s.length <= PLATFORM_MAX && PART_RE.test(s);
}

/** `os/arch[/variant]`. */
export function platformString(p: PlatformParts): string {
  return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}
