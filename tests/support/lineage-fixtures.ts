// Images and containers of the lineage and image diff tests: images `stevedore-lineage/*-<run>`,
// containers `stevedore-lineage-<run>-*`, so other users of the shared engine never see a change
// to theirs. Everything made here is removed by `cleanupLineage()` (containers, then images, children first).
import { randomBytes } from 'node:crypto';
import { dockerCli, type DockerCliResult } from './stack';
import { rootfsTar } from './edit-fixtures';

export const LRUN = randomBytes(4).toString('hex');
export const LNS = 'stevedore-lineage';

const images = new Set<string>();
const containers = new Set<string>();

export function lcli(args: string[], input?: string | Buffer): Promise<DockerCliResult> {
  return dockerCli(args, { input, timeoutMs: 120_000 });
}

export async function lmust(args: string[], input?: string | Buffer): Promise<string> {
  const r = await lcli(args, input);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout.trim();
}

export const lineageRef = (what: string, tag = '1'): string => `${LNS}/${what}-${LRUN}:${tag}`;
export const lineageContainer = (what: string): string => `stevedore-lineage-${LRUN}-${what}`;

/** `docker import` of busybox plus a nonce file; returns the full ID. */
export async function importBusybox(ref: string, changes: string[] = []): Promise<string> {
  const tar = await rootfsTar({ busybox: true });
  const all = ['ENV PATH=/bin', 'CMD ["/bin/sh"]', ...changes].flatMap((c) => ['--change', c]);
  const id = await lmust(['import', ...all, '-', ref], tar);
  images.add(id);
  return id;
}

export function trackLineageImage(id: string): void {
  images.add(id);
}

/** A container that ran `sh -c script` and exited; returns its ID. */
export async function ranLineageContainer(what: string, image: string, script = 'true'): Promise<string> {
  const name = lineageContainer(what);
  containers.add(name);
  await lmust(['run', '--network', 'none', '--name', name, image, 'sh', '-c', script]);
  return lmust(['inspect', '--format', '{{.Id}}', name]);
}

/** A created, never started container; returns its ID. */
export async function createdLineageContainer(what: string, image: string): Promise<string> {
  const name = lineageContainer(what);
  containers.add(name);
  return lmust(['create', '--network', 'none', '--name', name, image, 'true']);
}

/** `docker commit` of a container (its image becomes the new image's Parent); returns the full ID. */
export async function commitLineage(container: string, ref: string, changes: string[] = []): Promise<string> {
  const id = await lmust(['commit', ...changes.flatMap((c) => ['--change', c]), container, ref]);
  images.add(id);
  return id;
}

export async function cleanupLineage(): Promise<void> {
  for (const c of containers) await lcli(['rm', '-f', c]);
  containers.clear();
  for (let pass = 0; pass < 3 && images.size > 0; pass++) {
    for (const id of [...images].reverse()) {
      const r = await lcli(['rmi', '-f', id]);
      if (r.code === 0 || /No such image/.test(r.stderr)) images.delete(id);
    }
  }
}
