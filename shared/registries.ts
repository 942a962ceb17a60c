// Owns the registries part of the contract: login state, push, the one-click local registry and
// the v2 registry browser. Secrets travel only renderer -> main (the login form); nothing here
// that goes main -> renderer ever holds a password, token or `auth` string.
import { z } from 'zod';
import { HTPASSWD_PASSWORD_MAX_BYTES, HTPASSWD_USER } from './local-registry-rules';

export {
  HTPASSWD_ENV,
  HTPASSWD_IN_CONTAINER,
  HTPASSWD_PASSWORD_MAX_BYTES,
  HTPASSWD_REALM,
  HTPASSWD_USER,
  LOCAL_REGISTRY_LABEL,
} from './local-registry-rules';

/** Where a registry's credentials live, as the docker CLI decides (credHelpers > credsStore > file). */
export type CredentialStoreKind = 'file' | 'helper' | 'none';

export interface RegistryEntry {
  /**
   * The registry's host[:port] as the CLI's `ConvertToHostname` gives it; `docker.io` for Docker Hub
   * (whose config.json key is `https://index.docker.io/v1/`).
   */
  host: string;
  /** The key under which the CLI stores its credentials (`https://index.docker.io/v1/` for Hub). */
  serverAddress: string;
  /**
   * Why it is listed: Docker Hub always, config.json (auths/credHelpers), added in Stevedore (by
   * hand, or logged in or out of here), the local registry, named by local images (RepoTags/RepoDigests).
   */
  sources: ('hub' | 'config' | 'user' | 'local' | 'images')[];
  /** The user name of the stored login; absent when logged out. Never the secret. */
  username?: string;
  loggedIn: boolean;
  /** Where a login would be (or is) stored: `helper` names the `docker-credential-<name>` program. */
  store: { kind: CredentialStoreKind; helper?: string };
  /** Whether this is the local registry Stevedore manages (`localhost:<port>`). */
  isLocal: boolean;
}

export interface LoginResult {
  host: string;
  username: string;
  /** The engine's words, `Login Succeeded`. */
  status: string;
  /** Where it was stored, e.g. `/root/.docker/config.json` or `docker-credential-pass`. */
  storedIn: string;
}

export interface LogoutResult {
  host: string;
  /** False when there was nothing to erase (the CLI still exits 0). */
  removed: boolean;
}

/** What a push of `reference` would do, so the UI can warn before starting it. */
export interface PushTarget {
  /** The reference as the engine will push it (`localhost:5000/app:1.0`, `docker.io/user/app:latest`). */
  reference: string;
  /** The registry host the name implies: `docker.io` when the name has no host part. */
  registry: string;
  repository: string;
  tag: string;
  /** Whether the local image exists under this name. */
  exists: boolean;
  /** Docker Hub needs `user/image`: true when the name has no namespace (e.g. `myapp`). */
  needsNamespace: boolean;
  /** The login user for that registry, if any (to suggest `user/image`). */
  username?: string;
  /** A suggested name to tag to when needsNamespace (`<username>/myapp:tag`). */
  suggestion?: string;
}

/** `result` of a succeeded push job (the CLI's `tag: digest: sha256:... size: N`). */
export interface PushJobResult {
  reference: string;
  tag: string;
  digest: string;
  size: number;
}

/** `restarting`: the engine keeps restarting it (--restart=always) because it exits at once (bad config, port in use). */
export type LocalRegistryState = 'running' | 'restarting' | 'stopped' | 'absent';

export interface LocalRegistryStatus {
  state: LocalRegistryState;
  containerName: string;
  /** `localhost:<port>` when deployed. */
  address?: string;
  port: number;
  hostNetwork: boolean;
  /**
   * Reachable from other machines (published on every interface, or listening on all of them with
   * host networking); false: 127.0.0.1 only. From the container when it exists, else as a deploy would.
   */
  shared: boolean;
  /** Asks for a user and password (htpasswd auth); a shared registry without it is open to the network. */
  auth: boolean;
  /** The user of a shared registry's htpasswd file, as remembered (never its password). */
  username?: string;
  /** Where Stevedore keeps (or would keep) this registry's htpasswd file, mounted read-only into it. */
  authFile: string;
  volume?: string;
  /** The image the container runs, or the one a deploy would use (`registry:2`). */
  image: string;
  /** Whether that image is present in the engine (a deploy pulls it otherwise). */
  imagePresent: boolean;
  containerId?: string;
  /** Restarting or stopped: the exit code of its last run, as the engine reports it. */
  exitCode?: number;
  /** Restarting or stopped with an error: the engine's error, else the last line the registry printed. */
  lastError?: string;
  /**
   * Absent, yet Stevedore deployed it before (its options are remembered and its address is listed
   * as Local): the container was removed outside Stevedore. Remove then only forgets it.
   */
  remembered?: boolean;
  /** Only in the answer to remove: the data volume left behind (`docker volume rm <name>` deletes it). */
  keptVolume?: string;
}

export interface CatalogPage {
  repositories: string[];
  /** Pass as `last` for the next page; absent on the last page. */
  next?: string;
}

export interface RegistryTagInfo {
  repository: string;
  tag: string;
  /** Manifest digest (Docker-Content-Digest). */
  digest: string;
  mediaType: string;
  /** Config + layers, compressed bytes. */
  size: number;
  layers: number;
}

/** One platform a tag offers: an index entry, or the single manifest's own (from its config blob). */
export interface RegistryPlatform {
  os: string;
  architecture: string;
  variant?: string;
  /** The platform manifest's digest (for a single manifest, the tag's own digest). */
  digest: string;
  /** The index entry's size (the manifest's bytes); for a single manifest, config + layers. */
  size: number;
}

/** `registry.platforms`: what a tag is made of, for the pull dialog's platform picker. */
export interface RegistryPlatforms {
  repository: string;
  tag: string;
  /** The tag's manifest digest (the index's, when it is one). */
  digest: string;
  mediaType: string;
  /** An OCI index or Docker manifest list: `platforms` are its entries. */
  index: boolean;
  /** In the index's order; entries that name no real platform (attestations, `unknown/unknown`) are left out. */
  platforms: RegistryPlatform[];
}

// ---------------------------------------------------------------------------------------------
// Requests

/** host[:port] (or a URL the CLI would accept for login); core normalises it as `ConvertToHostname`. */
const registryHost = z.string().min(1).max(512);
const repository = z.string().min(1).max(1024);

export const RegistryHostRequest = z.object({ host: registryHost }).strict();
export const RegistryLoginRequest = z
  .object({
    /** `docker.io` (or empty alias `https://index.docker.io/v1/`) for Docker Hub. */
    host: registryHost,
    username: z.string().min(1).max(512),
    /** Password or access token. Never echoed, logged or stored outside the credential store. */
    password: z.string().min(1).max(16_384),
  })
  .strict();
export const ImagePushRequest = z.object({ reference: z.string().min(1).max(1024) }).strict();
/** `docker tag <source> <target>` then `docker push <target>`: both names as typed, checked by core's doors. */
export const ImageTagPushRequest = z.object({ source: z.string().min(1).max(1024), target: z.string().min(1).max(1024) }).strict();

const localRegistryFields = {
  port: z.number().int().min(1).max(65_535).default(5000),
  containerName: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/)
    .max(128)
    .default('registry'),
  /** Named volume for /var/lib/registry; empty string for none. */
  volume: z
    .string()
    .regex(/^([a-zA-Z0-9][a-zA-Z0-9_.-]*)?$/)
    .max(128)
    .default('stevedore-registry-data'),
  /** `--network host` instead of `-p port:5000` (needed where the engine has no bridge). */
  hostNetwork: z.boolean().default(false),
  image: z.string().min(1).max(1024).default('registry:2'),
  /**
   * "Share on my network": reachable from other machines, behind a user and password. Off (the
   * default, and what an options file from before this choice means): 127.0.0.1 only.
   */
  shared: z.boolean().default(false),
};

const passwordBytes = (p: string) => new TextEncoder().encode(p).length;

/** What a deploy remembers in <dataDir>/local-registry.json: the options, the user, never the password. */
export const RememberedLocalRegistry = z
  .object({ ...localRegistryFields, username: z.string().regex(HTPASSWD_USER).max(255).optional() })
  .strict();

export const LocalRegistryOptions = z
  .object({
    ...localRegistryFields,
    /** Shared only: the user the registry's htpasswd file admits. */
    username: z.string().regex(HTPASSWD_USER, 'A user name may hold letters, digits and _ . @ - (no spaces or colons)').max(255).optional(),
    /** Shared only: hashed with bcrypt into the htpasswd file; never stored, echoed or logged. */
    password: z
      .string()
      .min(8, 'A password of at least 8 characters')
      .refine(
        (p) => passwordBytes(p) <= HTPASSWD_PASSWORD_MAX_BYTES,
        `A password of at most ${HTPASSWD_PASSWORD_MAX_BYTES} bytes (bcrypt ignores the rest)`,
      )
      .refine((p) => !/[\r\n]/.test(p), 'A password on one line')
      .optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.shared && (!o.username || !o.password)) {
      ctx.addIssue({
        code: 'custom',
        path: [o.username ? 'password' : 'username'],
        message: 'Sharing on the network needs a user and a password',
      });
    }
    if (!o.shared && (o.username !== undefined || o.password !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['shared'], message: 'A user and password are only for a registry shared on the network' });
    }
  });
export const LocalRegistryNameRequest = z
  .object({
    containerName: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/)
      .max(128)
      .default('registry'),
  })
  .strict();
export const LocalRegistryPushRequest = z
  .object({
    /** Local image (name[:tag] or ID). */
    image: z.string().min(1).max(1024),
    /** Repository path in the registry; default: the image's repository without its host. */
    repository: repository.optional(),
    tag: z.string().min(1).max(128).optional(),
    containerName: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/)
      .max(128)
      .default('registry'),
  })
  .strict();
export const RegistryCatalogRequest = z
  .object({ host: registryHost, last: z.string().max(1024).optional(), n: z.number().int().min(1).max(1000).default(100) })
  .strict();
export const RegistryRepoRequest = z.object({ host: registryHost, repository }).strict();
export const RegistryTagRequest = z.object({ host: registryHost, repository, tag: z.string().min(1).max(128) }).strict();
export const RegistryDeleteRequest = z
  .object({ host: registryHost, repository, digest: z.string().regex(/^sha256:[a-f0-9]{64}$/) })
  .strict();

export const registryRequestSchemas = {
  'registries.list': z.object({}).strict(),
  'registries.add': RegistryHostRequest,
  'registries.forget': RegistryHostRequest,
  'registries.login': RegistryLoginRequest,
  'registries.logout': RegistryHostRequest,
  'images.pushTarget': ImagePushRequest,
  'images.push': ImagePushRequest,
  'images.tagAndPush': ImageTagPushRequest,
  'localRegistry.status': LocalRegistryNameRequest,
  'localRegistry.deploy': LocalRegistryOptions,
  'localRegistry.start': LocalRegistryNameRequest,
  'localRegistry.stop': LocalRegistryNameRequest,
  'localRegistry.remove': LocalRegistryNameRequest,
  'localRegistry.push': LocalRegistryPushRequest,
  'localRegistry.pushPlan': LocalRegistryPushRequest,
  'registry.catalog': RegistryCatalogRequest,
  'registry.tags': RegistryRepoRequest,
  'registry.tagInfo': RegistryTagRequest,
  'registry.deleteTag': RegistryDeleteRequest,
  'registry.platforms': RegistryTagRequest,
} as const;

export interface RegistryResponseMap {
  'registries.list': RegistryEntry[];
  /** Remembers a registry (in Stevedore's data folder) so it is listed without a login. */
  'registries.add': RegistryEntry[];
  /** Forgets a user-added registry (does not log out). */
  'registries.forget': RegistryEntry[];
  /** Checked with the engine's /auth first; stored where the docker CLI would store it. */
  'registries.login': LoginResult;
  'registries.logout': LogoutResult;
  'images.pushTarget': PushTarget;
  /** Starts a push job (result: PushJobResult). An auth failure's error has detail.registry. */
  'images.push': { jobId: string };
  /**
   * Tags `source` as `target`, then starts the push job of `target` (its canonical reference). A
   * Docker Hub name without `user/` is refused before tagging (INVALID_REFERENCE, detail.needsNamespace).
   */
  'images.tagAndPush': { jobId: string; reference: string };
  'localRegistry.status': LocalRegistryStatus;
  /** Starts a job: pull the image if missing, create and start the container. Result: LocalRegistryStatus. */
  'localRegistry.deploy': { jobId: string };
  'localRegistry.start': LocalRegistryStatus;
  'localRegistry.stop': LocalRegistryStatus;
  /** Removes the container and forgets its deploy options (no longer "Local"); the data volume stays (keptVolume). */
  'localRegistry.remove': LocalRegistryStatus;
  /** Tags `localhost:<port>/<repository>:<tag>` and starts its push job. */
  'localRegistry.push': { jobId: string; reference: string };
  /** What `localRegistry.push` would tag and push, said before doing it; nothing is tagged. */
  'localRegistry.pushPlan': { reference: string };
  'registry.catalog': CatalogPage;
  'registry.tags': { repository: string; tags: string[] };
  'registry.tagInfo': RegistryTagInfo;
  /** DELETE /v2/<name>/manifests/<digest>; UNAUTHORIZED/INVALID_ARGUMENT when the registry refuses. */
  'registry.deleteTag': { deleted: true };
  /** A tag's platforms: an index's entries, or the one platform of a single manifest (read from its config). */
  'registry.platforms': RegistryPlatforms;
}
