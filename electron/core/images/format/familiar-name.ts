// Owns the slice of distribution/reference the image table needs: ParseNormalizedNamed's
// grammar and normalisation, and FamiliarName (`docker.io/library/x` -> `x`).

const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const host = `(?:${domainName}|\\[(?:[a-fA-F0-9:]+)\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const namePattern = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';

export interface NormalizedReference {
  /** Fully qualified name, e.g. `docker.io/library/busybox`. */
  name: string;
  domain: string;
  /** The name without its domain, e.g. `library/busybox`. */
  path: string;
  tag?: string;
  digest?: string;
}

/** reference.ParseNormalizedNamed; null where the CLI would get an error (and skip the ref). */
export function parseNormalizedNamed(s: string): NormalizedReference | null {
  if (IDENTIFIER.test(s)) return null;
  const slash = s.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = slash === -1 ? '' : s.slice(0, slash);
  if (slash === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = s;
  } else {
    domain = first;
    remainder = s.slice(slash + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  if (remainder.toLowerCase() !== remainder) return null;
  const m = REFERENCE.exec(`${domain}/${remainder}`);
  if (!m) return null;
  const name = m[1];
  const path = name.slice(domain.length + 1);
  if (path.length > 255) return null;
  if (m[3] !== undefined && !validDigest(m[3])) return null;
  return { name, domain, path, tag: m[2], digest: m[3] };
}

function validDigest(d: string): boolean {
  const [alg, hex] = d.split(':');
  if (alg === 'sha256') return /^[a-f0-9]{64}$/.test(hex);
  if (alg === 'sha384') return /^[a-f0-9]{96}$/.test(hex);
  if (alg === 'sha512') return /^[a-f0-9]{128}$/.test(hex);
  return false;
}

/** reference.FamiliarName: drop `docker.io/` and, for single-segment paths, `library/`. */
export function familiarName(ref: NormalizedReference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return ref.name;
  const path = ref.path;
  if (path.startsWith(OFFICIAL_PREFIX) && !path.slice(OFFICIAL_PREFIX.length).includes('/')) {
    return path.slice(OFFICIAL_PREFIX.length);
  }
  return path;
}
