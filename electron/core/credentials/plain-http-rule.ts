// Owns the one rule for plain http to a registry, the docker CLI's and the engine's: credentials,
// tokens (and, in Stevedore's own client, any request at all) go over http only to loopback or to a
// registry the engine itself lists as insecure in GET /info (moby registry/config.go isSecureIndex).
import { BlockList, isIP } from 'node:net';
import type Dockerode from 'dockerode';
import { CoreError } from '../engine/engine-errors';
import { isLoopbackHost } from '../engine/engine-locality';

export { isLoopbackHost };

/** The part of the engine's /info `RegistryConfig` the rule reads. */
export interface EngineRegistryConfig {
  IndexConfigs?: Record<string, { Name?: string; Secure?: boolean } | null> | null;
  InsecureRegistryCIDRs?: string[] | null;
}

/** Where the rule gets the engine's registry configuration; undefined when the engine cannot say. */
export type RegistryConfigSource = () => Promise<EngineRegistryConfig | undefined>;

/** `[::1]:5000` -> `::1`, `10.1.2.3:5000` -> `10.1.2.3`, `example.com` -> `example.com` (Go's SplitHostPort, or the whole). */
export function hostnameOf(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1];
  const colons = host.split(':').length - 1;
  if (colons === 1) return host.slice(0, host.indexOf(':'));
  return host; // no port, or a bare IPv6 address
}

function cidrsContain(cidrs: readonly string[], ip: string): boolean {
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, bits] = cidr.split('/');
    const kind = isIP(net);
    const prefix = Number(bits);
    if (kind === 0 || !Number.isInteger(prefix)) continue; // the engine only reports valid CIDRs
    try {
      list.addSubnet(net, prefix, kind === 6 ? 'ipv6' : 'ipv4');
    } catch {
      // a prefix out of range for its family: not a network, so it contains nothing
    }
  }
  return list.check(ip, family);
}

/**
 * moby's isSecureIndex: the registry's own entry in IndexConfigs decides when there is one (an
 * `--insecure-registry host:port` by name); otherwise it is secure unless its IP falls in
 * InsecureRegistryCIDRs. Unlike the engine, a host name is not resolved to match CIDRs (no DNS
 * query leaves for a name the person typed): name such a registry itself in insecure-registries.
 */
export function isSecureIndex(config: EngineRegistryConfig | undefined, host: string): boolean {
  const indexes = config?.IndexConfigs ?? {};
  const entry = indexes[host] ?? indexes[host.toLowerCase()];
  if (entry && typeof entry.Secure === 'boolean') return entry.Secure;
  const ip = hostnameOf(host);
  if (isIP(ip) === 0) return true;
  return !cidrsContain(config?.InsecureRegistryCIDRs ?? [], ip);
}

/** Whether plain http to `host` (host[:port]) is allowed: loopback, or insecure by the engine's own list. */
export function mayUsePlainHttp(host: string, config: EngineRegistryConfig | undefined): boolean {
  return isLoopbackHost(hostnameOf(host)) || !isSecureIndex(config, host);
}

/**
 * The refusal, in the words `docker login` prints for such a registry (the engine tries only
 * https for a registry it does not list as insecure), said plainly first.
 */
export function plainHttpRefused(host: string): CoreError {
  return new CoreError(
    'INVALID_ARGUMENT',
    `Refusing plain http to ${host}: the engine does not list it as an insecure registry, so credentials go to it only over https. ` +
      `docker login would try https and fail with: Get "https://${host}/v2/": http: server gave HTTP response to HTTPS client. ` +
      `To use plain http, add "${host}" to the engine's insecure-registries (daemon.json) and restart it.`,
    { registry: host },
  );
}

/**
 * Throws before anything is sent when `host` may not be spoken to over plain http. The engine is
 * asked only for a non-loopback host; an engine that cannot answer lists nothing as insecure.
 */
export async function checkPlainHttp(host: string, source: RegistryConfigSource | undefined): Promise<void> {
  if (isLoopbackHost(hostnameOf(host))) return;
  const config = await (source?.() ?? Promise.resolve(undefined)).catch(() => undefined);
  if (!mayUsePlainHttp(host, config)) throw plainHttpRefused(host);
}

/** The engine's /info RegistryConfig, read when the rule needs it (it changes only with a daemon restart). */
export function engineRegistryConfig(docker: () => Dockerode): RegistryConfigSource {
  return async () => {
    const info = (await docker().info()) as { RegistryConfig?: EngineRegistryConfig };
    return info?.RegistryConfig ?? undefined;
  };
}
