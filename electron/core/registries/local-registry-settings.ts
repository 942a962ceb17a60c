// Owns the local registries' remembered deploy options (<dataDir>/local-registry.json): what each
// registry was last deployed with (never a password), read leniently, changed under one lock per file
// and written atomically, forgotten on remove; and the addresses of the registries Stevedore deployed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { type LocalRegistryOptions, RememberedLocalRegistry } from '../../../shared/registries';
import { serialized, writeFileAtomic } from '../credentials/docker-config';

/** A deploy request: the options, and for a shared registry its user and password. */
export type DeployRequest = z.output<typeof LocalRegistryOptions>;
/** The options a registry was deployed with, as remembered: never a password. */
export type RegistryOptions = z.output<typeof RememberedLocalRegistry>;

const SETTINGS_FILE = 'local-registry.json';

interface SettingsFile {
  registries: Record<string, RegistryOptions>;
}

const settingsPath = (dataDir: string) => path.join(dataDir, SETTINGS_FILE);

/** The options each registry was last deployed with; a missing or unreadable file is "none yet". */
export async function readRegistrySettings(dataDir: string): Promise<SettingsFile> {
  try {
    const parsed = JSON.parse(await readFile(settingsPath(dataDir), 'utf8')) as Partial<SettingsFile>;
    const registries: Record<string, RegistryOptions> = {};
    for (const [name, raw] of Object.entries(parsed.registries ?? {})) {
      // A file from before "Share on my network" has no `shared`: it parses as local-only.
      const checked = RememberedLocalRegistry.safeParse(raw);
      if (checked.success && checked.data.containerName === name) registries[name] = checked.data;
    }
    return { registries };
  } catch {
    return { registries: {} };
  }
}

/** Read-modify-write under one lock per file, written atomically (fsync + rename): two deploys never lose each other's options. */
function changeSettings(dataDir: string, change: (registries: SettingsFile['registries']) => boolean): Promise<void> {
  const file = settingsPath(dataDir);
  return serialized(file, async () => {
    const settings = await readRegistrySettings(dataDir);
    if (change(settings.registries)) await writeFileAtomic(file, `${JSON.stringify(settings, null, 2)}\n`);
  });
}

export function rememberOptions(dataDir: string, request: DeployRequest): Promise<void> {
  // The password is in the htpasswd file as a bcrypt hash and nowhere else.
  const { password: _secret, ...options } = request;
  return changeSettings(dataDir, (registries) => {
    registries[options.containerName] = RememberedLocalRegistry.parse(options);
    return true;
  });
}

/** A removed registry is no longer one Stevedore manages: not "Local" in the list, no remembered port. */
export function forgetOptions(dataDir: string, containerName: string): Promise<void> {
  return changeSettings(dataDir, (registries) => containerName in registries && delete registries[containerName]);
}

/**
 * The addresses of the registries Stevedore deployed (by their remembered options): `localhost:<port>`,
 * as the panel names it, first, then `127.0.0.1:<port>`, the same registry by its loopback number.
 * Another registry that happens to listen on the loopback is not one of them.
 */
export async function managedRegistryHosts(dataDir: string): Promise<{ listed: string[]; all: Set<string> }> {
  const ports = [...new Set(Object.values((await readRegistrySettings(dataDir)).registries).map((o) => o.port))];
  const listed = ports.map((port) => `localhost:${port}`);
  return { listed, all: new Set([...listed, ...ports.map((port) => `127.0.0.1:${port}`)]) };
}

export async function optionsFor(dataDir: string, containerName: string): Promise<RegistryOptions> {
  return (await readRegistrySettings(dataDir)).registries[containerName] ?? RememberedLocalRegistry.parse({ containerName });
}
