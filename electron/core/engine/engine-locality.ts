// Owns the one rule for whether an engine endpoint is on this machine (no confirmation needed) or
// remote (the person must confirm it before Stevedore sends it credentials or archives).
import { BlockList, isIP } from 'node:net';
import type { EngineEndpoint } from './engine-endpoint';

/** How the bytes to a remote engine travel: shown in the confirmation, part of what is remembered. */
export type EngineTransport = 'plain' | 'tls' | 'tls-unverified' | 'ssh' | 'other';

export type EngineLocality =
  | { local: true }
  | {
      local: false;
      /** The machine as the person knows it: host name or address (with the ssh user), no scheme. */
      machine: string;
      transport: EngineTransport;
    };

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * A loopback host: `localhost`, 127.0.0.0/8, ::1 (IPv4-mapped forms included). Anything else,
 * including names that merely look local (`127.1`, `localhost.`, `0.0.0.0`), counts as remote:
 * a wrong "remote" costs one question, a wrong "local" would cost the person's credentials.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && loopback.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Where an endpoint's requests go. unix sockets and named pipes are local; tcp/http(s) are local
 * only to a loopback host, parsed exactly as engine-endpoint.ts parses it for the connection; ssh
 * is always remote (an ssh host name can be an alias in ~/.ssh/config for any machine); an
 * unknown scheme is remote. An endpoint with a `problem` connects nowhere, so it is local.
 * `askAnyway` names hosts to treat as remote although they are loopback (tests use it to stand a
 * loopback listener in for a remote engine; it can only add questions, never remove one).
 */
export function engineLocality(endpoint: EngineEndpoint, askAnyway: readonly string[] = []): EngineLocality {
  if (endpoint.problem) return { local: true };
  const address = endpoint.host;
  if (/^(unix|npipe):\/\//i.test(address)) return { local: true };
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { local: false, machine: address, transport: 'other' };
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const forced = askAnyway.some((h) => h.replace(/^\[(.*)\]$/, '$1').toLowerCase() === hostname.toLowerCase());
  if (url.protocol === 'ssh:') {
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return { local: false, machine: `${user}${hostname}`, transport: 'ssh' };
  }
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    if (isLoopbackHost(hostname) && !forced) return { local: true };
    const secure = url.protocol === 'https:' || Boolean(endpoint.tls);
    const transport: EngineTransport = !secure ? 'plain' : endpoint.tls?.verify === false ? 'tls-unverified' : 'tls';
    return { local: false, machine: hostname, transport };
  }
  return { local: false, machine: hostname || address, transport: 'other' };
}

/**
 * What a confirmation is remembered by: the resolved address and how it is reached, so a
 * settings.json edited to another host, port, user or to plain tcp asks again.
 */
export function confirmationKey(endpoint: EngineEndpoint, transport: EngineTransport): string {
  return `${endpoint.host} ${transport}`;
}
