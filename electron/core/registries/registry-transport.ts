// Owns how the registry client's requests leave this computer: through the proxy the environment
// names and with the TLS files certs.d holds for the registry, as the docker CLI and engine send
// theirs. One undici dispatcher per registry host, cached while its settings and files stay the
// same; every request of that registry's client goes through it, the token server's and any
// redirect's included (moby's registry transport does the same: one TLS config per registry).
//
// Proxy rule (proxy-env.ts, Go's http.ProxyFromEnvironment): HTTPS_PROXY for https, HTTP_PROXY for
// http, upper case first; localhost and loopback addresses are NEVER proxied, whatever NO_PROXY
// says; NO_PROXY takes `*`, hosts (and their subdomains), `.domain`, `*.domain`, `host:port`, IPs and
// CIDRs (the latter matched against IP literals only). https goes through a CONNECT tunnel; plain
// http is sent to the proxy as an absolute-form request, as Go does.
// TLS (certs-dir.ts, moby's ReadCertsDirectory): `~/.docker/certs.d/<host[:port]>/` then
// `/etc/docker/certs.d/<host[:port]>/`; `*.crt` CA roots are added to the ones Node trusts and the
// system's (trusted for every registry, as docker uses the system pool, where the runtime can list
// them); a `*.cert` + `*.key` pair is the client certificate.
// Docker Hub gets no certs.d, as in moby (its endpoint uses the default TLS config).
// Secrets: a proxy URL's user:password goes only into undici's Proxy-Authorization header; errors
// name a proxy by scheme://host:port (proxyLabel) and are scrubbed of any URL user info.
//
// undici's own fetch sends the requests: the runtime's global fetch is a different undici copy
// (Node 20's is 6.x), which is not guaranteed to accept this copy's dispatchers.
import { join } from 'node:path';
import * as tls from 'node:tls';
import { Agent, type Dispatcher, fetch as undiciFetch, ProxyAgent } from 'undici';
import { HUB_HOST } from '../credentials/registry-host';
import { CertsDirError, defaultCertsDirs, hostDirName, type HostTlsFiles, readCertsDirs, signature } from './certs-dir';
import { type ProxyEnv, proxyEnvFrom, proxyFor, proxyLabel } from './proxy-env';

export interface TransportOptions {
  /** The certs.d folders, in order; defaultCertsDirs() (read at each use, so HOME counts) when absent. */
  certsDirs?: readonly string[];
  /** Where HTTPS_PROXY and friends are read; process.env when absent. */
  env?: NodeJS.ProcessEnv;
}

interface Transport {
  dispatcher: Dispatcher;
  env: ProxyEnv;
  files: HostTlsFiles | undefined;
  /** Where a CA for this registry would go, for the "unknown authority" advice. */
  advisedDir: string;
  close(): Promise<void>;
}

/** Schemes undici's ProxyAgent speaks (Go's Transport takes the same set). */
const PROXY_SCHEMES = new Set(['http:', 'https:', 'socks5:', 'socks:']);

const cache = new Map<string, { key: string; transport: Promise<Transport> }>();

/** tls.getCACertificates, which Node >= 22.15 (and so Electron) has and Node 20 has not. */
export type CaLister = (which: 'default' | 'system') => string[];

/** The roots every registry is checked against, and whether the system's store widened Node's own. */
export interface BaseRoots {
  roots: string[];
  system: boolean;
}

/**
 * What Node trusts by default plus the system's store where the runtime can list it: docker checks
 * every registry against the system pool, so a company root installed there counts without any
 * certs.d. Where it cannot be listed (Node 20), Node's bundled roots alone.
 */
export function baseRootsOf(list: CaLister | undefined): BaseRoots {
  if (!list) return { roots: [...tls.rootCertificates], system: false };
  const defaults = list('default');
  let system: string[] = [];
  try {
    system = list('system');
  } catch {
    // no readable system store: the defaults stand
  }
  const roots = [...new Set([...defaults, ...system])];
  return { roots, system: roots.length > defaults.length };
}

/** The CA list a registry's connections use: undefined for Node's defaults, else the base roots plus certs.d's CAs. */
export function caListFor(base: BaseRoots, certsDirCa: readonly string[]): string[] | undefined {
  if (certsDirCa.length > 0) return [...new Set([...base.roots, ...certsDirCa])];
  return base.system ? base.roots : undefined;
}

// Read once: listing and parsing the system store costs tens of milliseconds, and it changes rarely.
let baseRoots: BaseRoots | undefined;
let systemContext: tls.SecureContext | undefined;
const trustedRoots = () => (baseRoots ??= baseRootsOf((tls as unknown as { getCACertificates?: CaLister }).getCACertificates));

function connectOptions(files: HostTlsFiles | undefined): tls.ConnectionOptions {
  const ca = caListFor(trustedRoots(), files?.ca ?? []);
  if (!files?.client && (!files || files.ca.length === 0)) {
    if (!ca) return {};
    // Shared by every registry without certs.d files: one parse of the system's roots, not one per host.
    systemContext ??= tls.createSecureContext({ ca });
    return { secureContext: systemContext };
  }
  // One secure context per registry: handing `ca` to every connect would parse all roots each time.
  return { secureContext: tls.createSecureContext({ ca, cert: files.client?.cert, key: files.client?.key }) };
}

async function build(host: string, roots: readonly string[], env: ProxyEnv, useCertsDir: boolean): Promise<Transport> {
  const files = useCertsDir ? await readCertsDirs(host, roots) : undefined;
  const connect = connectOptions(files);
  const direct = new Agent({ connect });
  const proxies = new Map<string, ProxyAgent>();
  const through = (proxy: URL): ProxyAgent => {
    let agent = proxies.get(proxy.href);
    if (!agent) {
      // proxyTunnel false: plain-http targets go to an http proxy as absolute-form requests (Go's
      // way); https targets are always tunnelled with CONNECT.
      agent = new ProxyAgent({ uri: proxy.href, requestTls: connect, proxyTunnel: false });
      proxies.set(proxy.href, agent);
    }
    return agent;
  };
  // Routed per request origin: a token server or a storage redirect may need another decision.
  const dispatcher = direct.compose((dispatch) => (opts, handler) => {
    const proxy = opts.origin ? proxyFor(new URL(String(opts.origin)), env) : undefined;
    return proxy ? through(proxy).dispatch(opts, handler) : dispatch(opts, handler);
  });
  return {
    dispatcher,
    env,
    files,
    advisedDir: join(roots[0] ?? defaultCertsDirs()[0], useCertsDir ? hostDirName(host) : host),
    close: async () => {
      await Promise.all([direct.close(), ...[...proxies.values()].map((a) => a.close())]);
    },
  };
}

/** The host's transport, rebuilt when the proxy settings or the certs.d files changed since the last one. */
async function transportFor(host: string, opts: TransportOptions): Promise<Transport> {
  const roots = opts.certsDirs ?? defaultCertsDirs();
  const env = proxyEnvFrom(opts.env ?? process.env);
  const useCertsDir = host !== HUB_HOST;
  const key = JSON.stringify([roots, env, useCertsDir ? await signature(host, roots) : '']);
  const cached = cache.get(host);
  if (cached?.key === key) return cached.transport;
  // A replaced transport is not closed: a client may still be using it; its idle sockets time out.
  const transport = build(host, roots, env, useCertsDir);
  cache.set(host, { key, transport });
  // A broken certs.d is read again on the next request rather than remembered.
  transport.catch(() => {
    if (cache.get(host)?.transport === transport) cache.delete(host);
  });
  return transport;
}

/** Closes every cached dispatcher (tests; an app quitting needs nothing, idle sockets are unref'd). */
export async function closeRegistryTransports(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  await Promise.all(all.map((c) => c.transport.then((t) => t.close()).catch(() => undefined)));
}

/** Any `scheme://user:pass@` in a text loses its user info. */
const scrub = (text: string) => text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1');

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

interface ErrorLike {
  code?: unknown;
  message?: string;
  cause?: unknown;
  socket?: { bytesRead?: number };
}

/** The innermost error that has a code (fetch wraps the socket's error, an abort wraps the proxy's answer). */
function rootCause(err: unknown): ErrorLike {
  let found = err as ErrorLike;
  for (let e = err as ErrorLike | undefined, depth = 0; e && typeof e === 'object' && depth < 8; e = e.cause as ErrorLike, depth++) {
    if (typeof e.code === 'string') found = e;
  }
  return found ?? {};
}

/** Words for a failed request, in place of undici's bare `fetch failed`. */
function explain(err: unknown, url: URL, proxy: URL | undefined, t: Transport): string {
  const cause = rootCause(err);
  const code = typeof cause.code === 'string' ? cause.code : '';
  const via = proxy ? ` (through the proxy ${proxyLabel(proxy)})` : '';
  const clientCert = t.files?.client?.certFile;
  if (UNKNOWN_AUTHORITY.has(code)) {
    return `x509: certificate signed by unknown authority (${code})${via}; to trust the registry's CA, put it in ${join(t.advisedDir, 'ca.crt')}`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `the registry's certificate is not valid for ${url.hostname} (${code})${via}`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return `the registry's certificate is out of its dates (${code})${via}`;
  if (/CERTIFICATE_REQUIRED|BAD_CERTIFICATE|ALERT_UNKNOWN_CA|CERTIFICATE_UNKNOWN|HANDSHAKE_FAILURE/.test(code)) {
    return clientCert
      ? `the registry refused the client certificate ${clientCert} (${code})${via}`
      : `the registry asks for a client certificate (${code})${via}; put client.cert and client.key in ${t.advisedDir}`;
  }
  // With TLS 1.3 a server that wants a client certificate checks it after the handshake and just
  // hangs up (or resets): the request went out and not one byte came back.
  const hungUp = (code === 'UND_ERR_SOCKET' && cause.socket?.bytesRead === 0) || code === 'ECONNRESET';
  if (hungUp && url.protocol === 'https:') {
    return clientCert
      ? `the registry closed the connection without answering${via}; it may have refused the client certificate ${clientCert}`
      : `the registry closed the connection without answering${via}; if it requires a client certificate, put client.cert and client.key in ${t.advisedDir}`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const how = proxy ? via : t.env.httpsProxy || t.env.httpProxy ? ' (sent direct: NO_PROXY names it)' : '';
    return `${code}: the name ${url.hostname} does not resolve${how}`;
  }
  if (code === 'ERR_INVALID_PROXY_ADDRESS' && cause.message) return scrub(cause.message);
  // undici's own errors (a proxy refusing the tunnel: "Proxy response (407) !== 200") say more than their code.
  if (code.startsWith('UND_ERR') && cause.message) return `${scrub(cause.message)}${via}`;
  return `${code || scrub(cause.message ?? String(err))}${via}`;
}

/** A failure the client reports as unreachable, with `words` as its reason (no `code`, so the words are used). */
const failed = (words: string) => new TypeError('fetch failed', { cause: new Error(words) });

/** What registry-stream.ts sends with: the host's dispatcher and the words for a failed request on it. */
export interface RegistrySender {
  dispatcher: Dispatcher;
  /** Why a request to `url` cannot go (a proxy scheme undici cannot speak), as registryFetch refuses it; undefined when it can. */
  refuse(url: URL): Error | undefined;
  /** A failure of a request to `url` as an error the client reports as unreachable (as registryFetch throws it). */
  failure(err: unknown, url: URL): Error;
}

/**
 * The dispatcher registryFetch(host) sends through, for requests made with undici's request()
 * (a blob streamed with back-pressure and a known length: registry-stream.ts). Looked up once per
 * client, as registryFetch does; throws as registryFetch does for broken certs.d files.
 */
export async function registrySender(host: string, opts: TransportOptions = {}): Promise<RegistrySender> {
  let t: Transport;
  try {
    t = await transportFor(host, opts);
  } catch (err) {
    if (err instanceof CertsDirError) throw failed(`the TLS files for ${host} cannot be used: ${err.message}`);
    throw err;
  }
  return {
    dispatcher: t.dispatcher,
    refuse: (url) => {
      const proxy = proxyFor(url, t.env);
      return proxy && !PROXY_SCHEMES.has(proxy.protocol)
        ? failed(`the proxy ${proxyLabel(proxy)} has a scheme Stevedore cannot use (http, https or socks5)`)
        : undefined;
    },
    failure: (err, url) => failed(explain(err, url, proxyFor(url, t.env), t)),
  };
}

/**
 * The fetch a RegistryClient for `host` (host[:port], `docker.io` for Docker Hub) sends with. Its
 * transport is looked up once per client (one certs.d check per client, not per request).
 */
export function registryFetch(host: string, opts: TransportOptions = {}): typeof fetch {
  let transport: Promise<Transport> | undefined;
  // The client passes a URL string and an init; a Request object is not something it sends.
  const send = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    transport ??= transportFor(host, opts);
    let t: Transport;
    try {
      t = await transport;
    } catch (err) {
      if (err instanceof CertsDirError) throw failed(`the TLS files for ${host} cannot be used: ${err.message}`);
      throw err;
    }
    const url = new URL(String(input));
    const proxy = proxyFor(url, t.env);
    if (proxy && !PROXY_SCHEMES.has(proxy.protocol)) {
      throw failed(`the proxy ${proxyLabel(proxy)} has a scheme Stevedore cannot use (http, https or socks5)`);
    }
    try {
      const res = await undiciFetch(url, { ...(init as object), dispatcher: t.dispatcher } as Parameters<typeof undiciFetch>[1]);
      return res as unknown as Response;
    } catch (err) {
      if (init?.signal?.aborted) throw err;
      throw failed(explain(err, url, proxy, t));
    }
  };
  return send as typeof fetch;
}
