// Owns image references as the 20.10 engine and CLI read them (the docker/distribution/reference
// copy vendored by docker/cli v20.10.27 plus go-digest v1.0.0): parsing, docker.io/library/ and
// `latest` normalisation, familiar names, and the exact error texts people see from `docker pull`.

/** An invalid reference; `message` is the text the docker CLI prints for it. */
export class InvalidReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidReferenceError';
  }
}

// Error texts (reference.go, normalize.go, go-digest/digest.go).
export const ERR_REFERENCE_INVALID_FORMAT = 'invalid reference format';
export const ERR_TAG_INVALID_FORMAT = 'invalid tag format';
export const ERR_DIGEST_INVALID_FORMAT = 'invalid digest format';
export const ERR_NAME_CONTAINS_UPPERCASE = 'repository name must be lowercase';
export const ERR_NAME_EMPTY = 'repository name must have at least one component';
export const NAME_TOTAL_LENGTH_MAX = 255;
export const ERR_NAME_TOO_LONG = `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`;
export const ERR_NORMALIZED_UPPERCASE = 'invalid reference format: repository name must be lowercase';
export const ERR_CHECKSUM_INVALID_FORMAT = 'invalid checksum digest format';
export const ERR_CHECKSUM_INVALID_LENGTH = 'invalid checksum digest length';
export const ERR_DIGEST_UNSUPPORTED = 'unsupported digest algorithm';

export const DEFAULT_DOMAIN = 'docker.io';
export const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
export const OFFICIAL_REPO_NAME = 'library';
export const DEFAULT_TAG = 'latest';

// The grammar. Go's RE2 never backtracks; these patterns are written so that JavaScript's
// backtracking engine cannot blow up either: the 20.10 separator `[-]*` may be empty, which makes
// runs of alphanumerics ambiguous, so it is written `[-]+` here; both accept the same strings.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const NAME_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
// 20.10 knows no bracketed IPv6 hosts (added in distribution/reference v0.5.0).
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const NAME = `(?:${DOMAIN}/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*`;

const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME_RE = new RegExp(`^(?:(${DOMAIN})/)?(${NAME_COMPONENT}(?:/${NAME_COMPONENT})*)$`);
const ANCHORED_TAG_RE = new RegExp(`^${TAG}$`);
const ANCHORED_IDENTIFIER_RE = /^[a-f0-9]{64}$/;
// go-digest's own, looser pattern, used to tell "unsupported" from "malformed".
const GO_DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** Hex length of the algorithms a docker binary registers (crypto/sha256 and crypto/sha512 are linked in). */
const DIGEST_ALGORITHMS: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };
const ENCODED_RE = /^[a-f0-9]+$/;

/** A parsed reference. `domain` is '' for a reference parsed without normalisation and no domain. */
export interface Reference {
  domain: string;
  /** The name without its domain, e.g. `library/busybox`. */
  path: string;
  tag?: string;
  digest?: string;
}

/** A reference that came through ParseNormalizedNamed: always has a domain. */
export type NormalizedReference = Reference;

/** `domain/path` (or `path` without a domain). */
export function referenceName(ref: Reference): string {
  return ref.domain === '' ? ref.path : `${ref.domain}/${ref.path}`;
}

/** reference.String(): name[:tag][@digest]. */
export function referenceString(ref: Reference): string {
  return referenceName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/** go-digest's Digest.Validate: returns the error text or null. */
export function validateDigest(d: string): string | null {
  const i = d.indexOf(':');
  if (i <= 0 || i + 1 === d.length) return ERR_CHECKSUM_INVALID_FORMAT;
  const algorithm = d.slice(0, i);
  const encoded = d.slice(i + 1);
  const size = DIGEST_ALGORITHMS[algorithm];
  if (size === undefined) return GO_DIGEST_RE.test(d) ? ERR_DIGEST_UNSUPPORTED : ERR_CHECKSUM_INVALID_FORMAT;
  if (encoded.length !== size) return ERR_CHECKSUM_INVALID_LENGTH;
  return ENCODED_RE.test(encoded) ? null : ERR_CHECKSUM_INVALID_FORMAT;
}

/** reference.Parse: a syntactically valid reference, not normalised. Throws InvalidReferenceError. */
export function parse(s: string): Reference {
  const m = REFERENCE_RE.exec(s);
  if (!m) {
    if (s === '') throw new InvalidReferenceError(ERR_NAME_EMPTY);
    if (REFERENCE_RE.test(s.toLowerCase())) throw new InvalidReferenceError(ERR_NAME_CONTAINS_UPPERCASE);
    throw new InvalidReferenceError(ERR_REFERENCE_INVALID_FORMAT);
  }
  const [, name, tag, digest] = m;
  if (name.length > NAME_TOTAL_LENGTH_MAX) throw new InvalidReferenceError(ERR_NAME_TOO_LONG);
  const nameMatch = ANCHORED_NAME_RE.exec(name);
  const ref: Reference = nameMatch ? { domain: nameMatch[1] ?? '', path: nameMatch[2] } : { domain: '', path: name };
  if (tag !== undefined && tag !== '') ref.tag = tag;
  if (digest !== undefined && digest !== '') {
    const problem = validateDigest(digest);
    if (problem) throw new InvalidReferenceError(problem);
    ref.digest = digest;
  }
  return ref;
}

/** splitDockerDomain: the registry part of a familiar name, docker.io/library/ filled in. */
export function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  if (i === -1 || (!/[.:]/.test(name.slice(0, i)) && name.slice(0, i) !== 'localhost')) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = name.slice(0, i);
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = `${OFFICIAL_REPO_NAME}/${remainder}`;
  return { domain, remainder };
}

/**
 * reference.ParseNormalizedNamed: a familiar name as typed (`busybox`, `me/app:1`,
 * `127.0.0.1:5001/x@sha256:…`) into a fully qualified reference. Throws InvalidReferenceError
 * with the CLI's words.
 */
export function parseNormalizedNamed(s: string): NormalizedReference {
  if (ANCHORED_IDENTIFIER_RE.test(s)) {
    throw new InvalidReferenceError(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  const { domain, remainder } = splitDockerDomain(s);
  const tagSep = remainder.indexOf(':');
  const remoteName = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remoteName.toLowerCase() !== remoteName) throw new InvalidReferenceError(ERR_NORMALIZED_UPPERCASE);
  const ref = parse(`${domain}/${remainder}`);
  // Parse always finds the domain we prefixed; a digest-only result cannot happen here.
  return ref;
}

export type AnyReference = { kind: 'digest'; digest: string } | ({ kind: 'named' } & NormalizedReference);

/** reference.ParseAnyReference: a 64-hex ID, a full digest, or a familiar name. */
export function parseAnyReference(s: string): AnyReference {
  if (ANCHORED_IDENTIFIER_RE.test(s)) return { kind: 'digest', digest: `sha256:${s}` };
  if (validateDigest(s) === null) return { kind: 'digest', digest: s };
  return { kind: 'named', ...parseNormalizedNamed(s) };
}

export function isNameOnly(ref: Reference): boolean {
  return ref.tag === undefined && ref.digest === undefined;
}

/** reference.TagNameOnly: add `latest` to a bare name. */
export function tagNameOnly(ref: Reference): Reference {
  return isNameOnly(ref) ? { ...ref, tag: DEFAULT_TAG } : ref;
}

/** reference.FamiliarName: `docker.io/library/x` -> `x`, `docker.io/u/x` -> `u/x`, others unchanged. */
export function familiarName(ref: Reference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return referenceName(ref);
  const parts = ref.path.split('/');
  return parts.length === 2 && parts[0] === OFFICIAL_REPO_NAME ? parts[1] : ref.path;
}

/** reference.FamiliarString: the familiar name plus tag and digest. */
export function familiarString(ref: Reference): string {
  return familiarName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/** What `docker pull <input>` sends and prints, worked out before anything is sent. */
export interface PullTarget {
  /** The normalised reference with `latest` filled in when neither tag nor digest was given. */
  reference: NormalizedReference;
  /** `fromImage` query value: the familiar name (client.ImagePull). */
  fromImage: string;
  /** `tag` query value: the digest when there is one, else the tag (getAPITagFromNamedRef). */
  tag: string;
  /** The line the CLI prints last on success, e.g. `docker.io/library/busybox:latest`. */
  canonical: string;
  /** The familiar form, e.g. `busybox:latest`, for titles. */
  familiar: string;
  /** The CLI prints `Using default tag: latest` first. */
  defaultTag: boolean;
  /** The registry host the credentials belong to (`docker.io` for Docker Hub). */
  registry: string;
}

/** RunPull + ImagePull of the 20.10 CLI, without the network. Throws InvalidReferenceError. */
export function pullTarget(input: string): PullTarget {
  const parsed = parseNormalizedNamed(input);
  const defaultTag = isNameOnly(parsed);
  const reference = tagNameOnly(parsed);
  return {
    reference,
    fromImage: familiarName(reference),
    tag: reference.digest ?? reference.tag ?? DEFAULT_TAG,
    canonical: referenceString(reference),
    familiar: familiarString(reference),
    defaultTag,
    registry: reference.domain,
  };
}

/**
 * The registry (index) a `docker search` term asks, as the engine splits it
 * (registry/service.go splitReposSearchTerm): `docker.io` unless the first path element
 * looks like a host (has `.` or `:`, or is `localhost`).
 */
export function searchIndexOf(term: string): { index: string; remoteName: string } {
  const slash = term.indexOf('/');
  if (slash === -1) return { index: DEFAULT_DOMAIN, remoteName: term };
  const first = term.slice(0, slash);
  if (!/[.:]/.test(first) && first !== 'localhost') return { index: DEFAULT_DOMAIN, remoteName: term };
  const index = first === LEGACY_DEFAULT_DOMAIN ? DEFAULT_DOMAIN : first;
  return { index, remoteName: term.slice(slash + 1) };
}

/** ANCHORED tag check (reference.WithTag). */
export function isValidTag(tag: string): boolean {
  return ANCHORED_TAG_RE.test(tag);
}
