// Owns the registries view's list: Docker Hub, every registry config.json knows (auths and
// credHelpers), the ones added in Stevedore (<dataDir>/registries.json, which also remembers every
// registry logged in or out of here, so a logout does not take its row away), the ones the local
// images name, each with its login state (user name only) and whether it is the local registry
// Stevedore deployed (local-registry.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type Dockerode from 'dockerode';
import type { RegistryEntry } from '../../../shared/registries';
import { DEFAULT_DOMAIN, splitDockerDomain } from '../../../shared/reference';
import type { DockerCredentials } from '../credentials/credential-store';
import { authEntries, credHelpersOf, serialized, writeFileAtomic } from '../credentials/docker-config';
import { CoreError } from '../engine/engine-errors';
import { managedRegistryHosts } from './local-registry-settings';
import { HUB_HOST, HUB_SERVER_ADDRESS, hostOfKey, isHubAddress, registryAddress } from '../credentials/registry-host';

export const USER_REGISTRIES_FILE = 'registries.json';

type Source = RegistryEntry['sources'][number];

const userRegistriesPath = (dataDir: string) => path.join(dataDir, USER_REGISTRIES_FILE);

/** The hosts added in Stevedore, in the order they were added. */
export async function readUserRegistries(dataDir: string): Promise<string[]> {
  const file = userRegistriesPath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CoreError('IO', `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'read failed'}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CoreError('IO', `${file} is not valid JSON; fix or remove it`);
  }
  const list = (parsed as { registries?: unknown })?.registries;
  return Array.isArray(list) ? list.filter((h): h is string => typeof h === 'string') : [];
}

function changeUserRegistries(dataDir: string, change: (hosts: string[]) => string[] | null): Promise<void> {
  const file = userRegistriesPath(dataDir);
  return serialized(path.resolve(file), async () => {
    const next = change(await readUserRegistries(dataDir));
    if (next) await writeFileAtomic(file, `${JSON.stringify({ registries: next }, null, 2)}\n`);
  });
}

/** Remembers a registry so it is listed without a login. Docker Hub is always listed: nothing to add. */
export async function addUserRegistry(dataDir: string, input: string): Promise<void> {
  const { host, hub } = registryAddress(input);
  if (hub) return;
  await changeUserRegistries(dataDir, (hosts) => (hosts.includes(host) ? null : [...hosts, host]));
}

/** Forgets a user-added registry; a login stored for it stays (use logout for that). */
export async function forgetUserRegistry(dataDir: string, input: string): Promise<void> {
  const { host } = registryAddress(input);
  await changeUserRegistries(dataDir, (hosts) => (hosts.includes(host) ? hosts.filter((h) => h !== host) : null));
}

/** Docker Hub first, then the others by host. */
function byHost(a: RegistryEntry, b: RegistryEntry): number {
  if (a.host === HUB_HOST) return -1;
  if (b.host === HUB_HOST) return 1;
  return a.host.localeCompare(b.host);
}

/**
 * The registries images are named after (`127.0.0.1:5001/app:1`, or a pulled `host/app@sha256:…`):
 * the domain of every RepoTags and RepoDigests entry as splitDockerDomain reads it, in first-seen
 * order; Docker Hub is left out (it is always listed).
 */
export function registryHostsOf(images: readonly Pick<Dockerode.ImageInfo, 'RepoTags' | 'RepoDigests'>[]): string[] {
  const hosts = new Set<string>();
  for (const image of images) {
    for (const ref of [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])]) {
      if (ref.startsWith('<none>')) continue;
      const { domain } = splitDockerDomain(ref);
      if (domain !== DEFAULT_DOMAIN && !isHubAddress(domain)) hosts.add(domain);
    }
  }
  return [...hosts];
}

/**
 * registryHostsOf the engine's images: one GET /images/json (no `all`: intermediate layers have no
 * names). An engine that cannot answer leaves this source out, not the whole list.
 */
async function imageRegistryHosts(docker: Dockerode | undefined): Promise<string[]> {
  if (!docker) return [];
  try {
    return registryHostsOf(await docker.listImages());
  } catch {
    return [];
  }
}

export async function listRegistries(credentials: DockerCredentials, dataDir: string, docker?: Dockerode): Promise<RegistryEntry[]> {
  const [config, userHosts, managed, imageHosts] = await Promise.all([
    credentials.config(),
    readUserRegistries(dataDir),
    managedRegistryHosts(dataDir),
    imageRegistryHosts(docker),
  ]);
  const sources = new Map<string, Set<Source>>();
  const note = (host: string, source: Source) => {
    if (!sources.has(host)) sources.set(host, new Set());
    sources.get(host)?.add(source);
  };
  note(HUB_HOST, 'hub');
  for (const key of [...Object.keys(authEntries(config)), ...Object.keys(credHelpersOf(config))]) {
    const host = hostOfKey(key);
    if (host) note(host, 'config');
  }
  for (const host of userHosts) note(host, 'user');
  for (const host of imageHosts) note(host, 'images');
  // The registry Stevedore deployed is listed even before anyone logs in to it; a host from elsewhere
  // is "local" only when it is that registry (by either loopback name), not for being on the loopback.
  for (const host of managed.listed) note(host, 'local');
  for (const host of sources.keys()) if (managed.all.has(host)) note(host, 'local');

  const keyOf = (host: string) => (host === HUB_HOST ? HUB_SERVER_ADDRESS : host);
  const states = await credentials.loginStates(config, [...sources.keys()].map(keyOf));
  const entries: RegistryEntry[] = [];
  for (const [host, from] of sources) {
    const key = keyOf(host);
    const state = states.get(key);
    const entry: RegistryEntry = {
      host,
      serverAddress: key,
      sources: [...from],
      loggedIn: state?.loggedIn ?? false,
      store: state?.store ?? { kind: 'file' },
      isLocal: from.has('local'),
    };
    if (state?.username) entry.username = state.username;
    entries.push(entry);
  }
  return entries.sort(byHost);
}
