// Owns "is this image a registry?": the deploy's check of the image it is about to run, from the
// image's own config (its entrypoint and command, its exposed port), made before any container is
// created, so a typo or a stray tag never becomes a container with --restart=always.
import type Dockerode from 'dockerode';
import { engineCall } from '../engine/engine-api';
import { CoreError } from '../engine/engine-errors';
import { imagePath } from '../engine/engine-name';

/** The parts of `GET /images/{name}/json` .Config the check reads. */
export interface ImageRunConfig {
  Entrypoint?: string[] | string | null;
  Cmd?: string[] | string | null;
  ExposedPorts?: Record<string, unknown> | null;
}

/** distribution's binary, as the official image (`registry`) and Debian (`docker-registry`) name it. */
const REGISTRY_BINARY = /(^|\/)(docker-)?registry$/;
/** The configuration the official images' entrypoint serves: registry:2's and registry:3's. */
const REGISTRY_CONFIG = /^\/etc\/(docker\/registry|distribution)\/[^/]+\.ya?ml$/;
/** The official images' entrypoint script, which runs `registry serve <config>` for a config path. */
const ENTRYPOINT_SCRIPT = /(^|\/)(docker-)?entrypoint\.sh$/;

const words = (v: string[] | string | null | undefined): string[] => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []);

/** The command the image runs by default: Entrypoint then Cmd, as the engine joins them. */
export function imageCommand(config: ImageRunConfig): string[] {
  return [...words(config.Entrypoint), ...words(config.Cmd)];
}

/**
 * Whether the image runs a registry: the registry binary serving a configuration
 * (`registry serve /etc/docker/registry/config.yml`), or the official entrypoint script given the
 * registry's configuration path (registry:2: `/entrypoint.sh /etc/docker/registry/config.yml`).
 * An exposed 5000/tcp alone is not enough: many web apps expose 5000 too.
 */
export function runsRegistry(config: ImageRunConfig): boolean {
  const argv = imageCommand(config);
  const [program, ...args] = argv;
  if (!program) return false;
  if (REGISTRY_BINARY.test(program)) return args[0] === 'serve' || args.some((a) => REGISTRY_CONFIG.test(a));
  if (ENTRYPOINT_SCRIPT.test(program)) return args.some((a) => REGISTRY_CONFIG.test(a));
  return false;
}

export const exposesRegistryPort = (config: ImageRunConfig): boolean => Object.hasOwn(config.ExposedPorts ?? {}, '5000/tcp');

/** Why `image` is refused as a registry (null: it is one), in words that say what was found. */
export function notARegistryReason(image: string, config: ImageRunConfig): string | null {
  if (runsRegistry(config)) return null;
  const argv = imageCommand(config);
  const runs = argv.length > 0 ? `it runs "${argv.join(' ')}"` : 'it names no command to run';
  const port = exposesRegistryPort(config) ? ' (it exposes 5000/tcp, but so do many other programs)' : '';
  return (
    `${image} is not a registry image: ${runs}${port}, not the registry serving /etc/docker/registry/config.yml. ` +
    'Deploy registry:2, or an image built from it.'
  );
}

/** Inspects the (present) image and refuses it with INVALID_ARGUMENT when it is not a registry. */
export async function checkRegistryImage(docker: Dockerode, image: string): Promise<void> {
  const info = await engineCall<{ Config?: ImageRunConfig | null }>(docker, { method: 'GET', path: imagePath(image, '/json') });
  const reason = notARegistryReason(image, info.Config ?? {});
  if (reason) throw new CoreError('INVALID_ARGUMENT', reason, { image, notARegistry: true });
}
