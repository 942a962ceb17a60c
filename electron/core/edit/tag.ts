// Owns `docker tag`: the CLI's client-side checks on source and target (with the 20.10 CLI's exact
// messages), a diagnosis naming which part of a bad target is wrong, the POST /images/{name}/tag
// request, and re-tagging an image after an untag (undo).
import type Dockerode from 'dockerode';
import type { TagResult, TagTargetPart, TagTargetValidation, UndoUntagResult } from '../../../shared/contract';
import { engineCall } from '../engine/engine-api';
import { imagePath } from '../engine/engine-name';
import { CoreError } from '../engine/engine-errors';
import {
  DEFAULT_DOMAIN,
  ERR_NAME_TOO_LONG,
  familiarString,
  InvalidReferenceError,
  isValidTag,
  NAME_TOTAL_LENGTH_MAX,
  parse,
  parseAnyReference,
  parseNormalizedNamed,
  referenceName,
  referenceString,
  splitDockerDomain,
  tagNameOnly,
  type NormalizedReference,
} from '../../../shared/reference';

/** The tag store's refusal (moby reference/store.go) for a digest target; the CLI says the same. */
export const ERR_TAG_WITH_DIGEST = 'refusing to create a tag with a digest reference';
/** The tag store's refusal for a repository named like a digest algorithm (`sha256:x`). */
export const ERR_AMBIGUOUS_TAG = 'refusing to create an ambiguous tag using digest algorithm as name';
const MAX_TAG_LENGTH = 128;

/** Go's %q (strconv.Quote): printable runes as they are, the rest escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === ' ' || !/[\p{C}\p{Z}]/u.test(ch)) out += ch;
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** client.ImageTag's wrapper around a parse error, for source and target alike. */
export function cliReferenceMessage(text: string, reason: string): string {
  return `Error parsing reference: ${goQuote(text)} is not a valid repository/tag: ${reason}`;
}

/** A path component as the grammar allows it, checked by the reference parser itself. */
function isValidPathComponent(component: string): boolean {
  if (component === '' || /[:@/]/.test(component)) return false;
  try {
    const r = parse(component);
    return r.domain === '' && r.path === component;
  } catch (err) {
    // The grammar matched and only the length check failed: the component itself is fine.
    return (err as Error).message === ERR_NAME_TOO_LONG;
  }
}

/** A registry host[:port] as the grammar allows it, checked by the reference parser itself. */
function isValidDomain(domain: string): boolean {
  if (domain === '' || /[/@]/.test(domain)) return false;
  try {
    return parse(`${domain}/x`).domain === domain;
  } catch (err) {
    return (err as Error).message === ERR_NAME_TOO_LONG;
  }
}

interface Diagnosis {
  part: TagTargetPart;
  value: string;
  detail: string;
}

/**
 * Which part of an unparseable target is wrong. The parser's verdict and message stay the
 * reference library's; this only points at the piece, in the order the grammar reads it.
 */
export function diagnoseTarget(text: string): Diagnosis {
  if (text === '' || /^[:@]/.test(text)) return { part: 'empty', value: '', detail: 'the repository name is empty' };
  if (/^[a-f0-9]{64}$/.test(text)) {
    return { part: 'hex-id', value: text, detail: 'a 64-character hexadecimal string is an image ID, not a name' };
  }
  const at = text.indexOf('@');
  const beforeDigest = at >= 0 ? text.slice(0, at) : text;
  const { domain, remainder } = splitDockerDomain(beforeDigest);
  const explicitDomain = domain !== DEFAULT_DOMAIN || /^(docker\.io|index\.docker\.io)\//.test(beforeDigest);
  // What the person typed after the registry (without the `library/` normalisation adds).
  const typed = explicitDomain ? beforeDigest.slice(beforeDigest.indexOf('/') + 1) : beforeDigest;
  const colon = typed.indexOf(':');
  const path = colon >= 0 ? typed.slice(0, colon) : typed;
  const tag = colon >= 0 ? typed.slice(colon + 1) : undefined;
  const remainderColon = remainder.indexOf(':');
  const fullPath = remainderColon >= 0 ? remainder.slice(0, remainderColon) : remainder;

  if (path.toLowerCase() !== path) {
    return { part: 'repository-lowercase', value: path, detail: 'repository names must be lowercase (tags may use capitals)' };
  }
  if (explicitDomain && !isValidDomain(domain)) {
    const portMatch = /^(.*):([^:]*)$/.exec(domain);
    if (portMatch && isValidDomain(portMatch[1]) && !/^[0-9]+$/.test(portMatch[2])) {
      return { part: 'port', value: domain, detail: `the registry port "${portMatch[2]}" must be a number` };
    }
    return {
      part: 'domain',
      value: domain,
      detail: 'a registry host is letters, digits and inner hyphens, separated by dots, with an optional :port',
    };
  }
  for (const component of path.split('/')) {
    if (!isValidPathComponent(component)) {
      return {
        part: 'path-component',
        value: component,
        detail:
          component === ''
            ? 'the name has an empty path component (a leading, trailing or doubled "/")'
            : 'path components are lowercase letters and digits, joined by one ".", one or two "_", or "-" runs',
      };
    }
  }
  if (tag !== undefined) {
    if (tag.length > MAX_TAG_LENGTH) {
      return { part: 'tag-length', value: tag, detail: `a tag has at most ${MAX_TAG_LENGTH} characters (this one has ${tag.length})` };
    }
    if (!isValidTag(tag)) {
      return {
        part: 'tag',
        value: tag,
        detail: 'a tag is letters, digits, "_", "." and "-", and cannot start with "." or "-"',
      };
    }
  }
  const fullName = `${domain}/${fullPath}`;
  if (fullName.length > NAME_TOTAL_LENGTH_MAX) {
    return {
      part: 'name-length',
      value: fullName,
      detail: `the full name (with its registry) has at most ${NAME_TOTAL_LENGTH_MAX} characters (this one has ${fullName.length})`,
    };
  }
  if (at >= 0) return { part: 'digest', value: text.slice(at + 1), detail: 'the digest is not algorithm:hex' };
  return { part: 'format', value: text, detail: 'not a reference' };
}

/** What `docker tag x <text>` does with the target before any request, plus which part is wrong. */
export function validateTagTarget(text: string): TagTargetValidation {
  let ref: NormalizedReference;
  try {
    ref = parseNormalizedNamed(text);
  } catch (err) {
    if (!(err instanceof InvalidReferenceError)) throw err;
    const d = diagnoseTarget(text);
    return {
      input: text,
      valid: false,
      error: { part: d.part, value: d.value, detail: d.detail, message: cliReferenceMessage(text, err.message), reason: err.message },
    };
  }
  const base = { input: text, domain: ref.domain, path: ref.path };
  if (ref.digest !== undefined) {
    return {
      ...base,
      valid: false,
      error: {
        part: 'digest',
        value: ref.digest,
        detail: 'a tag cannot carry a digest; digests are given by registries',
        message: ERR_TAG_WITH_DIGEST,
        reason: ERR_TAG_WITH_DIGEST,
      },
    };
  }
  const tagged = tagNameOnly(ref);
  const familiar = familiarString(tagged);
  // The engine's tag store refuses a repository called like a digest algorithm (docker tag x sha256:y).
  if (familiar.startsWith('sha256:')) {
    return {
      ...base,
      valid: false,
      error: {
        part: 'ambiguous-name',
        value: 'sha256',
        detail: 'a repository named "sha256" would read as a digest',
        message: ERR_AMBIGUOUS_TAG,
        reason: ERR_AMBIGUOUS_TAG,
      },
    };
  }
  return {
    ...base,
    valid: true,
    name: referenceName(tagged),
    tag: tagged.tag,
    normalized: referenceString(tagged),
    familiar,
    defaultTag: ref.tag === undefined,
  };
}

/** client.ImageTag's check of the source: an ID, a digest or a name. Throws with the CLI's message. */
export function validateTagSource(text: string): void {
  try {
    parseAnyReference(text);
  } catch (err) {
    if (err instanceof InvalidReferenceError) {
      throw new CoreError('INVALID_REFERENCE', cliReferenceMessage(text, err.message), { part: 'source' });
    }
    throw err;
  }
}

/** The full ID an image name, ID or prefix resolves to, or undefined when the engine has no such image. */
export async function resolveImageId(docker: Dockerode, name: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const info = await engineCall<{ Id: string }>(docker, {
      method: 'GET',
      path: imagePath(name, '/json'),
      signal,
    });
    return info.Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/** Validation plus the engine's view: does the target tag already exist, on another image? */
export async function validateTagOnEngine(docker: Dockerode, target: string, source?: string): Promise<TagTargetValidation> {
  const v = validateTagTarget(target);
  if (source !== undefined) {
    try {
      validateTagSource(source);
      const sourceId = await resolveImageId(docker, source);
      if (sourceId) v.sourceImageId = sourceId;
      else v.sourceError = `No such image: ${source}`;
    } catch (err) {
      if (!(err instanceof CoreError)) throw err;
      v.sourceError = err.message;
    }
  }
  if (v.valid && v.normalized) {
    // Looked up fully qualified: a familiar `abc:1` could also be read as an ID prefix.
    const current = await resolveImageId(docker, v.normalized);
    if (current) v.existing = { imageId: current, sameImage: current === v.sourceImageId };
  }
  return v;
}

/**
 * `docker tag source target`: the CLI's checks, then POST /images/{source}/tag?repo=<name>&tag=<tag>
 * exactly as client.ImageTag sends it. The source keeps its names (tagging never renames); when the
 * target already named another image, that image loses it and is reported.
 */
export async function tagImage(docker: Dockerode, source: string, target: string): Promise<TagResult> {
  validateTagSource(source);
  const v = validateTagTarget(target);
  if (!v.valid || !v.name || !v.familiar) {
    throw new CoreError('INVALID_REFERENCE', v.error?.message ?? 'invalid reference format', {
      part: v.error?.part,
      value: v.error?.value,
    });
  }
  const normalized = v.normalized ?? v.familiar;
  const previous = await resolveImageId(docker, normalized);
  await engineCall(docker, {
    method: 'POST',
    path: imagePath(source, '/tag'),
    query: { repo: v.name, tag: v.tag },
  });
  const imageId = (await resolveImageId(docker, normalized)) ?? '';
  const result: TagResult = { source, target: v.familiar, normalized, imageId };
  if (previous && previous !== imageId) result.previousImageId = previous;
  return result;
}

/**
 * Undo of an untag: puts the given tags back on the same image ID, while that image still exists.
 * A tag that meanwhile names another image is left alone unless `overwrite`; digest references
 * cannot be re-created by tagging (only a pull or push makes them) and are reported as such.
 */
export async function undoUntag(
  docker: Dockerode,
  imageId: string,
  references: readonly string[],
  overwrite = false,
): Promise<UndoUntagResult> {
  const present = await resolveImageId(docker, imageId);
  if (!present) {
    throw new CoreError('NOT_FOUND', `No such image: ${imageId}`, { reason: 'image-deleted', imageId });
  }
  const result: UndoUntagResult = { imageId: present, restored: [], skipped: [] };
  for (const reference of references) {
    let ref: NormalizedReference;
    try {
      ref = parseNormalizedNamed(reference);
    } catch (err) {
      result.skipped.push({ reference, reason: 'invalid', message: cliReferenceMessage(reference, (err as Error).message) });
      continue;
    }
    if (ref.digest !== undefined) {
      result.skipped.push({ reference, reason: 'digest', message: ERR_TAG_WITH_DIGEST });
      continue;
    }
    const tagged = tagNameOnly(ref);
    const familiar = familiarString(tagged);
    const current = await resolveImageId(docker, referenceString(tagged));
    if (current === present) {
      result.restored.push(familiar);
      continue;
    }
    if (current && !overwrite) {
      result.skipped.push({
        reference: familiar,
        reason: 'moved',
        message: `${familiar} now names image ${current}`,
        imageId: current,
      });
      continue;
    }
    await engineCall(docker, {
      method: 'POST',
      path: imagePath(present, '/tag'),
      query: { repo: referenceName(tagged), tag: tagged.tag },
    });
    result.restored.push(familiar);
  }
  return result;
}
