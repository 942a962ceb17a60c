// Owns which proxy a registry request goes through, by the rule the docker CLI and engine follow:
// Go's http.ProxyFromEnvironment (golang.org/x/net/http/httpproxy), re-stated here because undici's
// EnvHttpProxyAgent differs from it in ways a person would notice:
//   - HTTPS_PROXY / https_proxy for https URLs, HTTP_PROXY / http_proxy for http URLs, the upper-case
//     name first; an https URL is never sent to HTTP_PROXY (undici falls back to it).
//   - localhost and loopback addresses (127.0.0.0/8, ::1) are never proxied, whatever NO_PROXY says
//     (undici proxies them).
//   - NO_PROXY / no_proxy, comma-separated: `*` (nothing is proxied); an IP or a CIDR (`10.0.0.0/8`,
//     matched against IP literals only, never a resolved name); `example.com` (the host and its
//     subdomains), `.example.com` and `*.example.com` (subdomains only); any entry may end in `:port`
//     (`[::1]:5000` for IPv6). undici knows no CIDR.
//   - A value without a scheme means http:// (`proxy:3128`). One that does not parse fails every
//     request it would carry (`invalid proxy address …`, as Go's ProxyFromEnvironment did until
//     x/net's httpproxy took over and began to ignore it): a mistyped proxy must not quietly send
//     traffic around the proxy a network requires. Loopback and NO_PROXY hosts still go direct.
// A proxy URL may carry user:password; it goes only into the Proxy-Authorization header undici
// builds, and every text shown to a person uses proxyLabel(), which drops it.
import { BlockList, isIP } from 'node:net';
import { isLoopbackHost } from '../engine/engine-locality';

/** The three settings, as read from an environment. */
export interface ProxyEnv {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

const envAny = (env: NodeJS.ProcessEnv, ...names: string[]): string | undefined => {
  for (const name of names) {
    const value = env[name];
    if (value) return value;
  }
  return undefined;
};

/** Go's FromEnvironment: the upper-case name wins when both are set and non-empty. */
export function proxyEnvFrom(env: NodeJS.ProcessEnv = process.env): ProxyEnv {
  return {
    httpProxy: envAny(env, 'HTTP_PROXY', 'http_proxy'),
    httpsProxy: envAny(env, 'HTTPS_PROXY', 'https_proxy'),
    noProxy: envAny(env, 'NO_PROXY', 'no_proxy'),
  };
}

/** Go's parseProxy: a bare `host:port` is http://host:port; undefined when it cannot be a URL at all. */
export function parseProxyUrl(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  const attempt = (s: string): URL | undefined => {
    try {
      const url = new URL(s);
      return url.host !== '' ? url : undefined;
    } catch {
      return undefined;
    }
  };
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? attempt(value) : attempt(`http://${value}`);
}

/** A proxy variable that is no URL; `code` lets the transport tell it from a socket's error. */
export class InvalidProxyError extends Error {
  readonly code = 'ERR_INVALID_PROXY_ADDRESS';
  constructor(value: string) {
    // Shown without any `user:password@` it may hold (everything up to the last `@`).
    super(`invalid proxy address ${value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/is, '$1').slice(0, 200)}`);
    this.name = 'InvalidProxyError';
  }
}

/** A proxy as it may be shown: scheme, host and port, never user or password. */
export function proxyLabel(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

type Matcher = (host: string, port: string, ip: boolean) => boolean;

/** `[::1]:5000` -> ['::1', '5000'], `a.b` -> ['a.b', ''], `::1` -> ['::1', ''] (an IPv6 literal keeps its colons). */
function splitHostPort(entry: string): [string, string] {
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(entry);
  if (bracketed) return [bracketed[1], bracketed[2] ?? ''];
  const m = /^([^:]*):(\d+)$/.exec(entry);
  return m ? [m[1], m[2]] : [entry, ''];
}

function matchers(noProxy: string): Matcher[] | 'all' {
  const list: Matcher[] = [];
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return 'all';
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
    if (cidr && isIP(cidr[1]) !== 0) {
      const family = isIP(cidr[1]) === 6 ? 'ipv6' : 'ipv4';
      const block = new BlockList();
      try {
        block.addSubnet(cidr[1], Number(cidr[2]), family);
      } catch {
        continue; // a prefix too long for its family: Go's ParseCIDR refuses it, and then it is no entry
      }
      list.push((host, _port, ip) => ip && isIP(host) !== 0 && block.check(host, isIP(host) === 6 ? 'ipv6' : 'ipv4'));
      continue;
    }
    const [entryHost, entryPort] = splitHostPort(entry);
    if (entryHost === '') continue;
    const portOk = (port: string) => entryPort === '' || entryPort === port;
    if (isIP(entryHost) !== 0) {
      const canonical = canonicalIp(entryHost);
      list.push((host, port, ip) => ip && canonicalIp(host) === canonical && portOk(port));
      continue;
    }
    const subdomainsOnly = entryHost.startsWith('.') || entryHost.startsWith('*.');
    const domain = entryHost.replace(/^\*?\./, '');
    list.push((host, port, ip) => !ip && (host.endsWith(`.${domain}`) || (!subdomainsOnly && host === domain)) && portOk(port));
  }
  return list;
}

/** One spelling per address, so `::1` and `0:0:0:0:0:0:0:1` are the same entry (Go compares parsed IPs). */
function canonicalIp(ip: string): string {
  return isIP(ip) === 6 ? new URL(`http://[${ip}]/`).hostname : ip;
}

/** Whether NO_PROXY sends `host` (a name or an IP, no brackets) on `port` direct. */
export function noProxyMatches(noProxy: string | undefined, host: string, port: string): boolean {
  if (!noProxy) return false;
  const list = matchers(noProxy);
  if (list === 'all') return true;
  const h = host.toLowerCase();
  const ip = isIP(h) !== 0;
  return list.some((m) => m(h, port, ip));
}

/** The proxy for one request URL, or undefined to go direct; InvalidProxyError when its proxy variable is no URL. */
export function proxyFor(target: URL, env: ProxyEnv): URL | undefined {
  const value = target.protocol === 'https:' ? env.httpsProxy : target.protocol === 'http:' ? env.httpProxy : undefined;
  if (!value) return undefined;
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isLoopbackHost(host)) return undefined;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  if (noProxyMatches(env.noProxy, host, port)) return undefined;
  const proxy = parseProxyUrl(value);
  if (!proxy) throw new InvalidProxyError(value);
  return proxy;
}
