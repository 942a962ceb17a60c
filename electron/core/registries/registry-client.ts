// Owns talking to a registry's v2 HTTP API directly (not through the engine): which URL a host
// means, the Basic and Bearer token handshakes with the stored credentials, and turning the
// registry's answers into contract errors in its own words. Credentials and tokens live only in
// request headers here; they never reach an error, a log line or a return value, and never go over
// plain http except to loopback or to a registry the engine lists as insecure (plain-http-rule.ts).
import { decodeAuth } from '../credentials/docker-config';
import { type AuthConfig, type AuthResolver, resolveAuth } from '../credentials/auth-hook';
import { CoreError } from '../engine/engine-errors';
import { InvalidReferenceError, isValidTag, NAME_TOTAL_LENGTH_MAX, parse } from '../../../shared/reference';
import { HUB_HOST, registryAddress } from '../credentials/registry-host';
import { checkPlainHttp, hostnameOf, isLoopbackHost, type RegistryConfigSource } from '../credentials/plain-http-rule';
import { registryFetch } from './registry-transport';

export { isLoopbackHost };

/** Docker Hub's API host: the CLI's `docker.io` key is not where the v2 API answers. */
const HUB_API_HOST = 'registry-1.docker.io';
/** A registry that accepts the connection and then says nothing must not hang the UI. */
const DEFAULT_TIMEOUT_MS = 15_000;

export interface RegistryEndpoint {
  /** host[:port] as the docker CLI keys credentials (`docker.io` for Docker Hub). */
  host: string;
  /** Where the v2 API lives, without a trailing slash: `http://127.0.0.1:5001`, `https://registry-1.docker.io`. */
  baseUrl: string;
}

/**
 * `registry.example.com:5000`, `http://127.0.0.1:5001/`, `docker.io` -> where to send requests.
 * The engine treats 127.0.0.0/8 (and so `localhost`) as an insecure registry and speaks plain
 * HTTP to it; everything else is HTTPS unless the person typed `http://` themselves (which the
 * client then allows only for a registry the engine lists as insecure).
 */
export function registryEndpoint(input: string): RegistryEndpoint {
  const address = registryAddress(input);
  if (address.hub) return { host: HUB_HOST, baseUrl: `https://${HUB_API_HOST}` };
  const scheme = /^(https?):\/\//i.exec(input.trim())?.[1]?.toLowerCase();
  const useHttp = scheme ? scheme === 'http' : isLoopbackHost(address.host.replace(/:[0-9]+$/, ''));
  return { host: address.host, baseUrl: `${useHttp ? 'http' : 'https'}://${address.host}` };
}

/** A repository path as the reference grammar allows it (`library/busybox`, `team/app`), checked before it goes in a URL. */
export function checkRepository(repository: string): string {
  const fail = () =>
    new CoreError('INVALID_ARGUMENT', `"${repository.slice(0, 200)}" is not a repository name (lowercase path such as team/app)`);
  if (repository.length === 0 || repository.length > NAME_TOTAL_LENGTH_MAX) throw fail();
  // As ParseNormalizedNamed: a name that is 64 hex digits would read as an image ID (distribution answers it with a 500).
  if (/^[a-f0-9]{64}$/.test(repository)) {
    throw new CoreError('INVALID_ARGUMENT', `invalid repository name (${repository}), cannot specify 64-byte hexadecimal strings`);
  }
  for (const component of repository.split('/')) {
    if (component === '' || /[:@]/.test(component)) throw fail();
    try {
      const r = parse(component);
      if (r.domain !== '' || r.path !== component) throw fail();
    } catch (err) {
      if (err instanceof InvalidReferenceError) throw fail();
      throw err;
    }
  }
  return repository;
}

export function checkTag(tag: string): string {
  if (!isValidTag(tag)) throw new CoreError('INVALID_ARGUMENT', `"${tag.slice(0, 200)}" is not a valid tag`);
  return tag;
}

/** One challenge from WWW-Authenticate: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses the first challenge of a WWW-Authenticate header (registries send one). */
export function parseChallenge(header: string | null): AuthChallenge | undefined {
  if (!header) return undefined;
  const m = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const paramRe = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?\s*/gy;
  paramRe.lastIndex = 0;
  let p: RegExpExecArray | null;
  while ((p = paramRe.exec(m[2])) !== null && p[0] !== '') {
    params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
  }
  return { scheme: m[1].toLowerCase(), params };
}

/** user and password from an AuthConfig (`auth` is base64 "user:password", as config.json stores it). */
export function basicCredentials(auth: AuthConfig | null): { username: string; password: string } | undefined {
  if (!auth) return undefined;
  if (auth.username && auth.password) return { username: auth.username, password: auth.password };
  return (auth.auth && decodeAuth(auth.auth)) || undefined;
}

/** Whether a stored login holds anything we could have sent (an anonymous token does not count). */
export function hasCredentials(auth: AuthConfig | null): boolean {
  return basicCredentials(auth) !== undefined || Boolean(auth?.identitytoken || auth?.registrytoken);
}

const basicHeader = (c: { username: string; password: string }) =>
  `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;

/** The registry's own words from its error body (`{"errors":[{"code","message"}]}`), as the CLI prints them. */
export function registryWords(body: string, fallback: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: string; message?: string }[] };
    const words = (parsed.errors ?? [])
      // errcode.Error: the code in lower case with spaces (MANIFEST_UNKNOWN -> "manifest unknown").
      .map((e) => [e.code?.toLowerCase().replace(/_/g, ' '), e.message].filter(Boolean).join(': '))
      .filter((s) => s !== '');
    if (words.length > 0) return words.join('; ');
  } catch {
    // Not JSON: a proxy's or a non-registry's page.
  }
  return fallback;
}

export interface RegistryRequest {
  method?: 'GET' | 'HEAD' | 'DELETE' | 'PUT' | 'POST' | 'PATCH';
  /** Path under the base URL, already escaped, e.g. `/v2/_catalog?n=100`. */
  path: string;
  accept?: string[];
  /** More request headers (Content-Type, Content-Range); Accept, Authorization and User-Agent stay the client's. */
  headers?: Record<string, string>;
  /**
   * The request's body. A stream (web or Node) is sent once, as it is read (`duplex: 'half'`), so a
   * request carrying one is never resent after a 401: settle the handshake first with a request of
   * the same scope and no stream (an upload's POST). A request with a body never follows a redirect.
   */
  body?: string | Uint8Array | ReadableStream<Uint8Array> | NodeJS.ReadableStream;
  /**
   * 'storage': a blob GET the registry may redirect to its storage (S3, a CDN): at most 5 hops, the
   * credentials sent to the registry's own origin only, plain http only on loopback. Default:
   * fetch's own following.
   */
  redirect?: 'follow' | 'storage';
  /** No overall time limit (a blob of any size); the caller's signal bounds the request then. */
  untimed?: boolean;
  /** The token scope this request needs when the registry does not name one in its challenge. */
  scope?: string;
  signal?: AbortSignal;
}

export interface RegistryClientOptions {
  authFor: AuthResolver;
  timeoutMs?: number;
  /** The engine's insecure registries (/info RegistryConfig), asked before plain http to a non-loopback host. */
  registryConfig?: RegistryConfigSource;
  /** The HTTP function (tests pass a recording one); by default undici's, through the registry's proxy and certs.d (registry-transport.ts). */
  fetch?: typeof fetch;
}

export const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Only a body we hold whole can be sent again (after a 401); a stream has been read. */
const replayable = (body: RegistryRequest['body']) => body === undefined || typeof body === 'string' || body instanceof Uint8Array;

/** Where a blob GET's redirect points, refused when it would leave https for another host than a loopback one. */
export function storageRedirect(endpoint: RegistryEndpoint, from: string, location: string | null): string {
  let to: URL;
  try {
    to = new URL(location ?? '', from);
  } catch {
    to = new URL('about:blank');
  }
  const sameOrigin = to.origin === new URL(endpoint.baseUrl).origin;
  const loopback = to.protocol === 'http:' && isLoopbackHost(to.hostname) && isLoopbackHost(hostnameOf(endpoint.host));
  if (!location || !(to.protocol === 'https:' || sameOrigin || loopback)) {
    throw new CoreError('INTERNAL', `The registry at ${endpoint.host} redirected a download to ${to.origin}, which is not https`, {
      registry: endpoint.host,
    });
  }
  return to.toString();
}

/** Network failures Node's fetch reports in `cause.code`: the registry cannot be reached at all. */
export function unreachable(endpoint: RegistryEndpoint, err: unknown): CoreError {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const why = cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
  return new CoreError('REGISTRY_UNREACHABLE', `Cannot reach the registry at ${endpoint.baseUrl} (${why})`, {
    registry: endpoint.host,
  });
}

/**
 * A v2 client for one registry. It first asks without credentials and answers the registry's
 * challenge (Basic, or a Bearer token from the realm it names), remembering the answer for the
 * next requests of the same scope.
 */
export class RegistryClient {
  readonly endpoint: RegistryEndpoint;
  private readonly authFor: AuthResolver;
  private readonly timeoutMs: number;
  private readonly registryConfig: RegistryConfigSource | undefined;
  private readonly fetchFn: typeof fetch;
  /** Settles once the plain-http rule allowed this registry's base URL (checked before the first request). */
  private transportChecked: Promise<void> | undefined;
  private auth: AuthConfig | null | undefined;
  /** The Authorization header that worked, per scope ('' for Basic, which has no scope). */
  private readonly authorizations = new Map<string, string>();

  constructor(host: string, opts: RegistryClientOptions) {
    this.endpoint = registryEndpoint(host);
    this.authFor = opts.authFor;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.registryConfig = opts.registryConfig;
    // The proxy and certs.d of this registry, as docker's own client would use them (registry-transport.ts).
    this.fetchFn = opts.fetch ?? registryFetch(this.endpoint.host);
  }

  /** Sends a request (answering an auth challenge once) and returns a 2xx response, else throws a contract error. */
  async request(req: RegistryRequest): Promise<Response> {
    await this.checkTransport();
    const scopeKey = req.scope ?? '';
    let authorization = this.authorizationFor(scopeKey);
    let res = await this.send(req, authorization);
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers.get('www-authenticate'));
      const answer = challenge ? await this.answer(challenge, req) : undefined;
      if (answer !== undefined && answer !== authorization && replayable(req.body)) {
        await res.body?.cancel();
        authorization = answer;
        res = await this.send(req, authorization);
        if (res.ok) this.authorizations.set(challenge?.scheme === 'basic' ? '' : scopeKey, authorization);
      }
    }
    if (res.ok) return res;
    throw await this.errorFor(res, req, hasCredentials(this.auth ?? null));
  }

  /** Waits for the plain-http rule to allow this registry (asked once); every request, streamed ones too, goes after it. */
  async checkTransport(): Promise<void> {
    if (this.endpoint.baseUrl.startsWith('http:')) {
      this.transportChecked ??= checkPlainHttp(this.endpoint.host, this.registryConfig);
      await this.transportChecked;
    }
  }

  /**
   * The Authorization header an earlier request of this scope settled (registry-stream.ts sends it
   * as is: a streamed body cannot answer a challenge), or undefined when none was needed yet.
   */
  authorizationFor(scope = ''): string | undefined {
    return this.authorizations.get(scope) ?? this.authorizations.get('');
  }

  /** The contract error for a registry's non-2xx answer to a request sent outside request() (registry-stream.ts). */
  refusal(res: Response, method: RegistryRequest['method']): Promise<CoreError> {
    return this.errorFor(res, { method, path: '' }, hasCredentials(this.auth ?? null));
  }

  async json<T>(req: RegistryRequest): Promise<{ body: T; response: Response }> {
    const response = await this.request({ ...req, accept: req.accept ?? ['application/json'] });
    const text = await response.text();
    try {
      return { body: JSON.parse(text) as T, response };
    } catch {
      throw new CoreError(
        'INTERNAL',
        `The registry at ${this.endpoint.host} answered ${req.path.split('?')[0]} with something that is not JSON`,
      );
    }
  }

  private async send(req: RegistryRequest, authorization: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { ...req.headers, 'User-Agent': 'Stevedore' };
    if (req.accept) headers.Accept = req.accept.join(', ');
    if (authorization) headers.Authorization = authorization;
    const init: RequestInit & { duplex?: 'half' } = { method: req.method ?? 'GET', headers };
    if (req.body !== undefined) Object.assign(init, { body: req.body as RequestInit['body'], duplex: 'half', redirect: 'manual' });
    if (req.redirect === 'storage') init.redirect = 'manual';
    let url = `${this.endpoint.baseUrl}${req.path}`;
    let res = await this.fetch(url, init, req.signal, req.untimed);
    for (let hop = 0; req.redirect === 'storage' && REDIRECTS.has(res.status) && hop < 5; hop++) {
      const next = storageRedirect(this.endpoint, url, res.headers.get('location'));
      await res.body?.cancel();
      // The storage's own signed URL is its credential: ours stay with the registry's origin.
      if (new URL(next).origin !== new URL(this.endpoint.baseUrl).origin) delete headers.Authorization;
      url = next;
      res = await this.fetch(url, { method: 'GET', headers, redirect: 'manual' }, req.signal, req.untimed);
    }
    return res;
  }

  private async fetch(url: string, init: RequestInit, signal?: AbortSignal, untimed = false): Promise<Response> {
    const timeout = AbortSignal.timeout(untimed ? 2 ** 31 - 1 : this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await this.fetchFn(url, { redirect: 'follow', ...init, signal: combined });
    } catch (err) {
      if (signal?.aborted) throw new CoreError('CANCELLED', 'Cancelled');
      // The transport's own contract errors keep their code and words (not "Cannot reach…").
      if (err instanceof CoreError) throw err;
      if (timeout.aborted) {
        throw new CoreError(
          'REGISTRY_UNREACHABLE',
          `The registry at ${this.endpoint.baseUrl} did not answer within ${Math.round(this.timeoutMs / 1000)} s`,
          {
            registry: this.endpoint.host,
          },
        );
      }
      throw unreachable(this.endpoint, err);
    }
  }

  private async credentials(): Promise<AuthConfig | null> {
    if (this.auth === undefined) this.auth = await resolveAuth(this.authFor, this.endpoint.host);
    return this.auth;
  }

  /** The Authorization header answering a challenge, or undefined when we have nothing to offer. */
  private async answer(challenge: AuthChallenge, req: RegistryRequest): Promise<string | undefined> {
    const auth = await this.credentials();
    if (challenge.scheme === 'basic') {
      const basic = basicCredentials(auth);
      return basic ? basicHeader(basic) : undefined;
    }
    if (challenge.scheme !== 'bearer') return undefined;
    if (auth?.registrytoken) return `Bearer ${auth.registrytoken}`;
    const realm = challenge.params.realm;
    if (!realm) return undefined;
    const token = await this.fetchToken(realm, challenge.params.service, challenge.params.scope ?? req.scope, auth, req.signal);
    return `Bearer ${token}`;
  }

  /**
   * The token server handshake (distribution's token spec): GET the realm with service and scope,
   * with Basic credentials when we have them (anonymous otherwise, which public repos allow);
   * with an identity token, the OAuth2 refresh-token POST instead.
   */
  private async fetchToken(
    realm: string,
    service: string | undefined,
    scope: string | undefined,
    auth: AuthConfig | null,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    let realmUrl: URL;
    try {
      realmUrl = new URL(realm);
    } catch {
      throw new CoreError('UNAUTHORIZED', `The registry at ${this.endpoint.host} named an invalid token server`, {
        registry: this.endpoint.host,
      });
    }
    if (realmUrl.protocol !== 'https:' && realmUrl.protocol !== 'http:') {
      throw new CoreError('UNAUTHORIZED', `The registry at ${this.endpoint.host} named an invalid token server`, {
        registry: this.endpoint.host,
      });
    }
    // Credentials and refresh tokens go to a token server over https only; plain http is allowed
    // only when both the registry and its token server are on this computer.
    const registryIsLoopback = isLoopbackHost(hostnameOf(this.endpoint.host));
    if (realmUrl.protocol === 'http:' && !(isLoopbackHost(realmUrl.hostname) && registryIsLoopback)) {
      throw new CoreError(
        'UNAUTHORIZED',
        `The registry at ${this.endpoint.host} named a token server on plain http (${realmUrl.origin}); Stevedore sends credentials to a token server only over https`,
        { registry: this.endpoint.host },
      );
    }
    let res: Response;
    if (auth?.identitytoken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: auth.identitytoken, client_id: 'stevedore' });
      if (service) form.set('service', service);
      if (scope) form.set('scope', scope);
      res = await this.fetch(
        realmUrl.toString(),
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Stevedore' },
          body: form.toString(),
          // A 307/308 would resend the refresh token to wherever it points, http included.
          redirect: 'manual',
        },
        signal,
      );
    } else {
      if (service) realmUrl.searchParams.set('service', service);
      if (scope) realmUrl.searchParams.set('scope', scope);
      const headers: Record<string, string> = { 'User-Agent': 'Stevedore' };
      const basic = basicCredentials(auth);
      if (basic) {
        headers.Authorization = basicHeader(basic);
        realmUrl.searchParams.set('account', basic.username);
      }
      res = await this.fetch(realmUrl.toString(), { method: 'GET', headers }, signal);
    }
    const text = await res.text();
    if (!res.ok) {
      const fallback = `the token server answered ${res.status} ${res.statusText}`.trim();
      throw new CoreError('UNAUTHORIZED', registryWords(text, fallback), { registry: this.endpoint.host, status: res.status });
    }
    let body: { token?: string; access_token?: string };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = {};
    }
    const token = body.token ?? body.access_token;
    if (!token)
      throw new CoreError('UNAUTHORIZED', `The token server of ${this.endpoint.host} gave no token`, { registry: this.endpoint.host });
    return token;
  }

  private async errorFor(res: Response, req: RegistryRequest, sentCredentials: boolean): Promise<CoreError> {
    const text = await res.text().catch(() => '');
    const detail = { registry: this.endpoint.host, status: res.status };
    const words = registryWords(text, `${res.status} ${res.statusText}`.trim());
    switch (res.status) {
      case 401:
        return new CoreError(
          'UNAUTHORIZED',
          sentCredentials
            ? `${words} (the registry refused the credentials stored for ${this.endpoint.host})`
            : `${words} (log in to ${this.endpoint.host} first)`,
          detail,
        );
      case 403:
        return new CoreError('UNAUTHORIZED', words, detail);
      case 404:
        return new CoreError('NOT_FOUND', words, detail);
      case 405:
        if (req.method === 'DELETE') {
          return new CoreError(
            'INVALID_ARGUMENT',
            `The registry at ${this.endpoint.host} does not allow deleting (${words}); it must run with deletes enabled (storage.delete.enabled, REGISTRY_STORAGE_DELETE_ENABLED=true)`,
            detail,
          );
        }
        return new CoreError('INVALID_ARGUMENT', words, detail);
      case 400:
        return new CoreError('INVALID_ARGUMENT', words, detail);
      case 502:
      case 503:
      case 504:
        return new CoreError('REGISTRY_UNREACHABLE', `The registry at ${this.endpoint.host} is unavailable (${words})`, detail);
      default:
        return new CoreError('INTERNAL', `The registry at ${this.endpoint.host} answered: ${words}`, detail);
    }
  }
}
