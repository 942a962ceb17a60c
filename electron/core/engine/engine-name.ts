// Owns the one door through which image and container names reach the engine's API: a name is
// checked (a reference in the distribution grammar, a hex ID, `sha256:<hex>` or `repo@sha256:<hex>`)
// and percent-encoded into ONE path segment, or refused with INVALID_ARGUMENT before any byte is
// sent. Encoding alone would not do: the engine decodes `%2E%2E%2F` before its router cleans the
// path (and answers a redirect), so a name is only encoded after it passed the grammar.
import type Dockerode from 'dockerode';
import { CoreError } from './engine-errors';
import { InvalidReferenceError, parseAnyReference } from '../../../shared/reference';

/** A name this module accepted; nothing else may be put into an engine path. */
export type EngineName = string & { readonly __door: 'engine-name' };

/** Longer than any valid reference (255 name + 128 tag + a sha512 digest); checked before the grammar runs. */
const MAX_NAME = 1024;

/** The CLI's words for an image argument that is not one (`docker image inspect '../x'`). */
function refusal(message: string): CoreError {
  return new CoreError('INVALID_ARGUMENT', message);
}

/**
 * An image name, ID, ID prefix or digest as the docker CLI takes it, checked: the reference
 * grammar (which also covers short hex IDs and `sha256:<prefix>`), a 64-hex ID, `sha256:<64 hex>`.
 * Throws INVALID_ARGUMENT with the CLI's words otherwise.
 */
export function imageName(input: unknown): EngineName {
  if (typeof input !== 'string') throw refusal('invalid reference format');
  if (input.length > MAX_NAME) throw refusal('invalid reference format: repository name must not be more than 255 characters');
  let parsed;
  try {
    parsed = parseAnyReference(input);
  } catch (err) {
    if (err instanceof InvalidReferenceError) throw refusal(err.message);
    throw err;
  }
  // sha384/sha512 parse as digests, but the engine names images by sha256 only.
  if (parsed.kind === 'digest' && !parsed.digest.startsWith('sha256:')) throw refusal('unsupported digest algorithm');
  return input as EngineName;
}

/** Container names as the engine makes them (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`) or a hex ID. */
const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;

/** A container name or ID, checked; INVALID_ARGUMENT with the engine's words otherwise. */
export function containerName(input: unknown): EngineName {
  if (typeof input !== 'string' || !CONTAINER_NAME.test(input)) {
    throw refusal(`Invalid container name (${String(input).slice(0, 256)}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  }
  return input.replace(/^\//, '') as EngineName;
}

/** One path segment: every character outside the unreserved set is percent-encoded, `/` included. */
export function pathSegment(name: EngineName): string {
  return encodeURIComponent(name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `/images/{name}{rest}` for a checked image name (`rest`: '', '/json', '/history', '/tag', '/push'). */
export function imagePath(name: string, rest: '' | '/json' | '/history' | '/tag' | '/push' = ''): string {
  return `/images/${pathSegment(imageName(name))}${rest}`;
}

/** `/containers/{name}{rest}` for a checked container name or ID. */
export function containerPath(name: string, rest: '' | '/json' = ''): string {
  return `/containers/${pathSegment(containerName(name))}${rest}`;
}

/**
 * dockerode's Image for a checked name. dockerode puts `image.name` into its paths as is, so it
 * gets the encoded segment: inspect, history, push, tag and remove then go through this door.
 */
export function engineImage(docker: Dockerode, name: string): Dockerode.Image {
  return docker.getImage(pathSegment(imageName(name)));
}

/** dockerode's Container for a checked name or ID (see `engineImage`). */
export function engineContainer(docker: Dockerode, name: string): Dockerode.Container {
  return docker.getContainer(pathSegment(containerName(name)));
}

/**
 * The last check on any path about to be sent (engine-api, engine-stream and dockerode's requests
 * through engine-transport.ts): the path as the engine will decode it must have no empty, `.` or
 * `..` segment (its router would clean it and answer a redirect) and only the characters names
 * are made of. Returns the refusal's words, or undefined when the path may go.
 */
export function unsafeEnginePath(pathAndQuery: string): string | undefined {
  const q = pathAndQuery.indexOf('?');
  const raw = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  if (!/^[A-Za-z0-9._~%:@/-]+$/.test(raw)) return 'the path holds characters no image name has';
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return 'the path is not valid percent-encoding';
  }
  if (!/^[A-Za-z0-9._:@/-]+$/.test(decoded)) return 'the path holds characters no image name has';
  const segments = decoded.split('/');
  if (segments[0] !== '' || segments.slice(1).some((s) => s === '' || s === '.' || s === '..')) {
    return 'the path has an empty, "." or ".." segment';
  }
  if (q >= 0 && /[\s#\\]/.test(pathAndQuery.slice(q + 1))) return 'the query holds characters no image name has';
  return undefined;
}

/** Throws INVALID_ARGUMENT when `unsafeEnginePath` refuses the path; nothing has been sent. */
export function checkEnginePath(pathAndQuery: string): void {
  const problem = unsafeEnginePath(pathAndQuery);
  if (problem) throw refusal(`Refused to send ${JSON.stringify(pathAndQuery.slice(0, 200))} to the engine: ${problem}`);
}
