// Owns how a registry address typed by a person (or found in config.json) becomes the host and
// the credential key the docker CLI would use: ConvertToHostname, and Docker Hub's aliases.
import { CoreError } from '../engine/engine-errors';

/**
 * Docker Hub's credential key: the engine's /info `IndexServerAddress`, which every engine
 * reports as this constant, so core does not ask the engine for it on each credential lookup.
 */
export const HUB_SERVER_ADDRESS = 'https://index.docker.io/v1/';
/** The registry part of a reference on Docker Hub (distribution/reference's default domain). */
export const HUB_HOST = 'docker.io';
/** Names people (and older tools) use for Docker Hub; all of them mean HUB_SERVER_ADDRESS. */
const HUB_ALIASES = new Set([HUB_HOST, 'index.docker.io', 'registry-1.docker.io']);

/** host, IPv4 or [IPv6], optional port: nothing that could add a path, query or user info. */
const HOST_RE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/;

/**
 * The CLI's ConvertToHostname: drop an `http://` or `https://` scheme, then everything from the
 * first `/`. `https://index.docker.io/v1/` -> `index.docker.io`.
 */
export function convertToHostname(address: string): string {
  const stripped = address.replace(/^https?:\/\//, '');
  const slash = stripped.indexOf('/');
  return slash < 0 ? stripped : stripped.slice(0, slash);
}

/** Whether a host (or a config.json key such as `https://index.docker.io/v1/`) is Docker Hub. */
export function isHubAddress(address: string): boolean {
  return address === HUB_SERVER_ADDRESS || HUB_ALIASES.has(convertToHostname(address).toLowerCase());
}

export interface RegistryAddress {
  /** host[:port] as shown to people; `docker.io` for Docker Hub. */
  host: string;
  /** The key the CLI stores credentials under: the host, or HUB_SERVER_ADDRESS for Docker Hub. */
  key: string;
  hub: boolean;
}

/**
 * What `docker login <input>` would store under. Empty input means Docker Hub, as in the CLI.
 * Throws INVALID_ARGUMENT for anything that is not host[:port] after the scheme and path go.
 */
export function registryAddress(input: string): RegistryAddress {
  const trimmed = input.trim();
  if (trimmed === '' || isHubAddress(trimmed)) return { host: HUB_HOST, key: HUB_SERVER_ADDRESS, hub: true };
  const host = convertToHostname(trimmed);
  if (!HOST_RE.test(host)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `"${trimmed.slice(0, 200)}" is not a registry address (host[:port], e.g. localhost:5000 or registry.example.com)`,
    );
  }
  return { host, key: host, hub: false };
}

/** The host a config.json key stands for (`docker.io` for any Hub key), for listing and matching. */
export function hostOfKey(key: string): string {
  return isHubAddress(key) ? HUB_HOST : convertToHostname(key);
}
