// Owns a registry request whose body is a Node stream moved with back-pressure: a blob's GET and
// its upload's PUT in a registry copy. They go with undici's request() rather than fetch: fetch
// with a streamed request body (duplex 'half') reads its source ahead of the upload without bound
// (a 512 MiB blob took ~540 MiB of memory), while request() writes a Node stream only as fast as
// the socket drains and sends the Content-Length given. Same dispatcher as the client's fetch (the
// host's proxy and certs.d, registry-transport.ts), same plain-http rule, same redirect rule for a
// blob sent from storage, and the Authorization the client settled for the scope: a streamed body
// cannot answer a challenge, so the caller settles it first with a request of that scope (an
// upload's POST); a GET that meets a 401 settles it through the client and goes once more.
import type { Readable } from 'node:stream';
import { type Dispatcher, request as undiciRequest } from 'undici';
import { CoreError } from '../engine/engine-errors';
import { REDIRECTS, type RegistryClient, storageRedirect, unreachable } from './registry-client';
import { type RegistrySender, registrySender } from './registry-transport';

export interface StreamRequest {
  method: 'GET' | 'PUT';
  /** Path under the base URL, already escaped. */
  path: string;
  /** The token scope whose Authorization is sent. */
  scope: string;
  headers?: Record<string, string>;
  /** PUT: the body, read as the socket drains, and its exact length (sent as Content-Length). */
  body?: { stream: Readable; length: number };
  /** GET: follow a redirect to the registry's storage as RegistryClient.request's 'storage' does. */
  redirect?: 'storage';
  /** The only bound on the request (no overall time limit: a blob of any size). */
  signal: AbortSignal;
}

export type StreamAnswer = Pick<Dispatcher.ResponseData, 'statusCode' | 'headers' | 'body'>;

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

/** The dispatcher per client, looked up once (as its fetch does): a blob's requests need no certs.d check each. */
const senders = new WeakMap<RegistryClient, Promise<RegistrySender>>();

function senderOf(client: RegistryClient): Promise<RegistrySender> {
  let sender = senders.get(client);
  if (!sender) {
    sender = registrySender(client.endpoint.host);
    senders.set(client, sender);
    // A broken certs.d is read again on the next request rather than remembered.
    sender.catch(() => senders.delete(client));
  }
  return sender;
}

async function send(
  client: RegistryClient,
  url: string,
  method: StreamRequest['method'],
  headers: Record<string, string>,
  body: Readable | undefined,
  signal: AbortSignal,
): Promise<StreamAnswer> {
  const to = new URL(url);
  try {
    const sender = await senderOf(client);
    const refused = sender.refuse(to);
    if (refused) throw refused;
    try {
      return await undiciRequest(to, { method, headers, body, signal, dispatcher: sender.dispatcher });
    } catch (err) {
      throw signal.aborted || err instanceof CoreError ? err : sender.failure(err, to);
    }
  } catch (err) {
    if (signal.aborted) throw new CoreError('CANCELLED', 'Cancelled');
    // A body that failed (a verifier's verdict) is the caller's to name; the rest is the network's.
    if (err instanceof CoreError) throw err;
    throw unreachable(client.endpoint, err);
  }
}

/** Sends the request (and a GET's storage hops) with the given Authorization. */
async function sendFollowing(client: RegistryClient, req: StreamRequest, authorization: string | undefined): Promise<StreamAnswer> {
  const headers: Record<string, string> = { ...req.headers, 'user-agent': 'Stevedore' };
  if (req.body) headers['content-length'] = String(req.body.length);
  if (authorization) headers.authorization = authorization;
  let url = `${client.endpoint.baseUrl}${req.path}`;
  let res = await send(client, url, req.method, headers, req.body?.stream, req.signal);
  for (let hop = 0; req.redirect === 'storage' && !req.body && REDIRECTS.has(res.statusCode) && hop < 5; hop++) {
    const next = storageRedirect(client.endpoint, url, header(res.headers.location));
    await res.body.dump();
    // The storage's own signed URL is its credential: ours stay with the registry's origin.
    if (new URL(next).origin !== new URL(client.endpoint.baseUrl).origin) delete headers.authorization;
    url = next;
    res = await send(client, url, 'GET', headers, undefined, req.signal);
  }
  return res;
}

/** Sends a streamed request through `client`'s registry and returns its 2xx answer (body unread), else throws the registry's words. */
export async function streamRequest(client: RegistryClient, req: StreamRequest): Promise<StreamAnswer> {
  await client.checkTransport();
  let res = await sendFollowing(client, req, client.authorizationFor(req.scope));
  if (res.statusCode === 401 && !req.body) {
    await res.body.dump();
    // No request of this scope settled the handshake yet: the client answers the challenge (and keeps the answer).
    const settled = await client.request({ method: 'HEAD', path: req.path, scope: req.scope, signal: req.signal });
    await settled.body?.cancel();
    res = await sendFollowing(client, req, client.authorizationFor(req.scope));
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res;
  const text = await res.body.text().catch(() => '');
  const bodiless = [204, 205, 304].includes(res.statusCode);
  throw await client.refusal(new Response(bodiless ? null : text, { status: res.statusCode }), req.method);
}
