// Owns the pure parts of the Registries UI: how a registry is named to people, the docker commands
// the dialogs are equivalent to, the deploy form's checks, the references the browser pulls, and
// what a finished push job offers (its digest, or "Log in to <registry>" when the registry refused).
import type { ImageRow, JobSnapshot, LocalRegistryOptions, PushJobResult, RegistryEntry } from '../../../../shared/contract';
import type { z } from 'zod';
import { DEFAULT_REGISTRY_RUN, registryRunCommand } from '../../../../shared/docker-command';
import { HTPASSWD_PASSWORD_MAX_BYTES, HTPASSWD_USER } from '../../../../shared/local-registry-rules';
import { rowReference } from '../edit/edit-model';

/** The host core names Docker Hub by (its config.json key is `https://index.docker.io/v1/`). */
export const HUB_HOST = 'docker.io';
export const DEFAULT_LOCAL_CONTAINER = DEFAULT_REGISTRY_RUN.containerName;
export const DEFAULT_LOCAL_PORT = DEFAULT_REGISTRY_RUN.port;
export const DEFAULT_LOCAL_VOLUME = DEFAULT_REGISTRY_RUN.volume;
export const DEFAULT_LOCAL_IMAGE = DEFAULT_REGISTRY_RUN.image;

export const isHub = (host: string): boolean => host === HUB_HOST;

/** Where a registry's login is (or would be) kept, as people know it. */
export function storeText(entry: Pick<RegistryEntry, 'store'>): string {
  if (entry.store.kind === 'helper') return `docker-credential-${entry.store.helper ?? '?'}`;
  if (entry.store.kind === 'file') return 'config.json';
  return '';
}

/** The reference `docker pull` takes for a tag seen in a registry (Hub's names need no host). */
export function pullReference(host: string, repository: string, tag: string): string {
  return isHub(host) ? `${repository}:${tag}` : `${host}/${repository}:${tag}`;
}

/** The name one image row is pushed (or tagged) by, found by its grid key. */
export function rowReferenceByKey(images: { view: readonly ImageRow[]; rows: readonly ImageRow[] }, key: string): string | null {
  const row = images.view.find((r) => r.key === key) ?? images.rows.find((r) => r.key === key);
  return row ? rowReference(row) : null;
}

/** The registry to log in to when a job failed because the registry wanted credentials. */
export function loginTargetOf(job: Pick<JobSnapshot, 'state' | 'error'>): string | null {
  if (job.state !== 'failed' || job.error?.code !== 'UNAUTHORIZED') return null;
  const registry = job.error.detail?.registry;
  return typeof registry === 'string' && registry !== '' ? registry : null;
}

/** A succeeded push's result, when the job is one and carries it. */
export function pushResultOf(job: JobSnapshot): PushJobResult | null {
  if (job.kind !== 'push' || job.state !== 'succeeded' || !job.result || typeof job.result !== 'object') return null;
  const r = job.result as Partial<PushJobResult>;
  return typeof r.reference === 'string' && typeof r.digest === 'string' ? (r as PushJobResult) : null;
}

// ---------------------------------------------------------------------------------------------
// Local registry deploy form (the password is never shown in its command: it lives only in the htpasswd hash)

export type DeployOptions = z.input<typeof LocalRegistryOptions>;

export interface DeployDraft {
  port: string;
  containerName: string;
  volume: string;
  hostNetwork: boolean;
  /** Empty: registry:2. */
  image?: string;
  /** "Share on my network": every interface, behind the user and password below. */
  shared?: boolean;
  username?: string;
  /** Held only while the form is open; sent once with the deploy and then dropped. */
  password?: string;
}

type DeployField = 'port' | 'containerName' | 'volume' | 'image' | 'username' | 'password';
/** What is wrong with one field, as an i18n key under `registries.local.invalid`. */
export type DeployFieldErrors = Partial<Record<DeployField, 'port' | 'name' | 'volume' | 'image' | 'username' | 'password'>>;

const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const VOLUME_NAME = /^([a-zA-Z0-9][a-zA-Z0-9_.-]*)?$/;

export const isContainerName = (name: string): boolean => CONTAINER_NAME.test(name) && name.length <= 128;

/** The form's options, or which fields are wrong (the same rules core's schema applies). */
export function deployOptions(draft: DeployDraft): { ok: true; options: DeployOptions } | { ok: false; errors: DeployFieldErrors } {
  const errors: DeployFieldErrors = {};
  const portText = draft.port.trim();
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65_535) errors.port = 'port';
  const containerName = draft.containerName.trim();
  if (!isContainerName(containerName)) errors.containerName = 'name';
  const volume = draft.volume.trim();
  if (!VOLUME_NAME.test(volume) || volume.length > 128) errors.volume = 'volume';
  const image = (draft.image ?? '').trim();
  if (image.length > 1024 || /\s/.test(image)) errors.image = 'image';
  const username = (draft.username ?? '').trim();
  const password = draft.password ?? '';
  if (draft.shared) {
    if (!HTPASSWD_USER.test(username) || username.length > 255) errors.username = 'username';
    // bcrypt reads 72 bytes at most: a longer password would be cut without a word.
    if (password.length < 8 || new TextEncoder().encode(password).length > HTPASSWD_PASSWORD_MAX_BYTES || /[\r\n]/.test(password)) {
      errors.password = 'password';
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const options: DeployOptions = { port, containerName, volume, hostNetwork: draft.hostNetwork };
  if (image) options.image = image;
  if (draft.shared) Object.assign(options, { shared: true, username, password });
  return { ok: true, options };
}

/**
 * The `docker run` the deploy form is equivalent to, as typed so far (shared/docker-command.ts
 * builds it; an unfinished port shows as typed, an empty container name as the default one).
 */
export function deployCommand(draft: DeployDraft, authFile?: string): string {
  return registryRunCommand({
    port: draft.port.trim(),
    containerName: draft.containerName.trim() || DEFAULT_LOCAL_CONTAINER,
    volume: draft.volume.trim(),
    hostNetwork: draft.hostNetwork,
    image: draft.image?.trim() || DEFAULT_LOCAL_IMAGE,
    shared: draft.shared ?? false,
    ...(authFile ? { authFile } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// Registry browser

/** Tags whose digest and size load by themselves when a repository opens; the rest on request. */
export const AUTO_TAG_INFO = 50;
/** Manifests asked for at once. */
export const TAG_INFO_CONCURRENCY = 4;
/** Repositories per catalog page ("More" asks for the next). */
export const CATALOG_PAGE = 100;

/** Appends a catalog page, each repository once (a registry may repeat the boundary one). */
export function mergeRepositories(shown: readonly string[], page: readonly string[]): string[] {
  const seen = new Set(shown);
  return [...shown, ...page.filter((r) => !seen.has(r) && (seen.add(r), true))];
}

/** Tags in the order people look for them: the registry's order is lexical; `latest` first. */
export function orderTags(tags: readonly string[]): string[] {
  return [...tags].sort((a, b) => (a === 'latest' ? -1 : b === 'latest' ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** The first 7+12 characters of a digest, as UIs show it (`sha256:0123456789ab`). */
export const shortDigest = (digest: string): string => digest.slice(0, 19);
