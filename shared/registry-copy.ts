// Owns the registry-to-registry copy part of the contract: copy a tag, several tags or a whole
// repository from registry X to registry Y with no engine involved, as `skopeo copy` does: blobs
// streamed from X to Y (skipped when Y has them, mounted when X and Y are one registry), then the
// manifest bytes put unchanged so the digest on Y equals the digest on X.
import { z } from 'zod';
import { commandLine } from './docker-command';
import { PLATFORM_MAX, PLATFORM_RE } from './platform';

const registryHost = z.string().min(1).max(512);
const repository = z.string().min(1).max(1024);
const tag = z.string().min(1).max(128);
/** `os/arch[/variant]`, as `--platform` takes it: the one grammar of shared/platform.ts. */
const platform = z.string().max(PLATFORM_MAX).regex(PLATFORM_RE);

export const RegistryCopyRequest = z
  .object({
    source: z
      .object({
        host: registryHost,
        repository,
        /** The tags to copy; absent: every tag of the repository (`/tags/list`, all pages). */
        tags: z.array(tag).min(1).max(1000).optional(),
      })
      .strict(),
    /** Tags keep their names on the target. */
    target: z.object({ host: registryHost, repository }).strict(),
    /** Copy only this platform of an index (put as a single-platform manifest); absent: the index whole. */
    platform: platform.optional(),
  })
  .strict();
export type RegistryCopyRequest = z.infer<typeof RegistryCopyRequest>;

/** One tag as it arrived on the target. */
export interface CopiedTag {
  tag: string;
  /** The digest on the target: equal to the source's unless a platform was picked out of an index. */
  digest: string;
  mediaType: string;
  /** `os/arch[/variant]` of each manifest kept, for an index; one entry for a single-platform image. */
  platforms: string[];
}

/** `result` of a succeeded copy job. */
export interface RegistryCopyJobResult {
  source: { host: string; repository: string };
  target: { host: string; repository: string };
  tags: CopiedTag[];
  blobs: {
    /** Streamed from X into Y. */
    uploaded: number;
    /** Y already had them (HEAD answered 200). */
    skipped: number;
    /** Cross-repository mounts (X and Y are the same registry). */
    mounted: number;
  };
  /** Bytes streamed from X to Y (uploaded blobs and manifests). */
  bytes: number;
}

export const registryCopyRequestSchemas = {
  'registry.copy': RegistryCopyRequest,
} as const satisfies Record<string, z.ZodType>;

export interface RegistryCopyResponseMap {
  /** Starts a job (kind 'copy', byte progress, cancellable); result: RegistryCopyJobResult. */
  'registry.copy': { jobId: string };
}

const plainHttp = (host: string) => /^(localhost|127\.[0-9.]+|\[::1\])(:[0-9]+)?$/i.test(host);

/**
 * The `skopeo copy` commands that do the same copy (one per tag; `--all` keeps every platform of an
 * index, as Stevedore does unless a platform is picked). Loopback registries speak plain http, which
 * skopeo needs told with `--src-tls-verify=false` / `--dest-tls-verify=false`.
 */
export function skopeoCopyCommands(req: RegistryCopyRequest, tags: string[]): string[] {
  return tags.map((t) => {
    const words = ['skopeo', 'copy'];
    if (req.platform) {
      const [os, arch, variant] = req.platform.split('/');
      words.push('--override-os', os, '--override-arch', arch);
      if (variant) words.push('--override-variant', variant);
    } else {
      words.push('--all');
    }
    if (plainHttp(req.source.host)) words.push('--src-tls-verify=false');
    if (plainHttp(req.target.host)) words.push('--dest-tls-verify=false');
    words.push(`docker://${req.source.host}/${req.source.repository}:${t}`, `docker://${req.target.host}/${req.target.repository}:${t}`);
    return commandLine(words);
  });
}
