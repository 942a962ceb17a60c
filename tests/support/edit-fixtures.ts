// Images and containers of the editing tests (remove, prune, tag, commit), all namespaced so the
// shared engine's other users never see a change to theirs: images `stevedore-fixture/edit-*`
// (or untagged, with label org.stevedore.test=edit-<run>), containers `stevedore-edit-<run>-*`.
// Everything made through these helpers is removed by `cleanup()`.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pack as tarPack } from 'tar-stream';
import { dockerCli, type DockerCliResult } from './stack';

export const RUN = randomBytes(4).toString('hex');
export const NS = 'stevedore-fixture';
export const TEST_LABEL = 'org.stevedore.test';

const BUSYBOX = process.env.STEVEDORE_BUSYBOX || '/bin/busybox';
const APPLETS = ['sh', 'sleep', 'echo', 'cat', 'true', 'dd', 'head'];

const madeImages = new Set<string>();
const madeContainers = new Set<string>();

export async function cli(args: string[], input?: string | Buffer): Promise<DockerCliResult> {
  return dockerCli(args, { input, timeoutMs: 120_000 });
}

/** Like `cli` but fails loudly. */
export async function mustCli(args: string[], input?: string | Buffer): Promise<string> {
  const r = await cli(args, input);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout.trim();
}

/** A root filesystem tar: busybox (when asked) plus a nonce file, so every image has its own layer. */
export function rootfsTar(opts: { busybox?: boolean; nonce?: string; bytes?: number } = {}): Promise<Buffer> {
  const p = tarPack();
  const mtime = new Date(946684800000);
  if (opts.busybox) {
    p.entry({ name: 'bin/', type: 'directory', mode: 0o755, mtime });
    p.entry({ name: 'bin/busybox', mode: 0o755, mtime }, readFileSync(BUSYBOX));
    for (const a of APPLETS) p.entry({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox', mode: 0o777, mtime });
    p.entry({ name: 'tmp/', type: 'directory', mode: 0o1777, mtime });
  }
  p.entry({ name: 'nonce', mode: 0o644, mtime }, Buffer.from(`${opts.nonce ?? randomBytes(8).toString('hex')}\n`));
  if (opts.bytes) p.entry({ name: 'payload', mode: 0o644, mtime }, randomBytes(opts.bytes));
  p.finalize();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    p.on('data', (c: unknown) => chunks.push(c as Buffer));
    p.on('end', () => resolve(Buffer.concat(chunks)));
    p.on('error', reject);
  });
}

export interface ImportOptions {
  busybox?: boolean;
  bytes?: number;
  labels?: Record<string, string>;
}

/** `docker import` of a fresh root filesystem; returns the full ID. `ref` undefined makes a dangling image. */
export async function importImage(ref: string | undefined, opts: ImportOptions = {}): Promise<string> {
  const labels = { [TEST_LABEL]: `edit-${RUN}`, ...opts.labels };
  const changes = Object.entries(labels).flatMap(([k, v]) => ['--change', `LABEL ${k}=${v}`]);
  if (opts.busybox) changes.push('--change', 'ENV PATH=/bin', '--change', 'CMD ["/bin/sh"]');
  const tar = await rootfsTar({ busybox: opts.busybox, bytes: opts.bytes });
  const id = await mustCli(['import', ...changes, '-', ...(ref ? [ref] : [])], tar);
  madeImages.add(id);
  return id;
}

export function containerName(what: string): string {
  return `stevedore-edit-${RUN}-${what}`;
}

/** A container that ran a command and exited (a stopped container). */
export async function ranContainer(what: string, image: string, command: string[]): Promise<string> {
  const name = containerName(what);
  madeContainers.add(name);
  await mustCli(['run', '--network', 'none', '--name', name, image, ...command]);
  return (await mustCli(['inspect', '--format', '{{.Id}}', name])).trim();
}

/** A running `sleep` container. */
export async function runningContainer(what: string, image: string, seconds = 300): Promise<string> {
  const name = containerName(what);
  madeContainers.add(name);
  return mustCli(['run', '-d', '--network', 'none', '--name', name, image, 'sleep', String(seconds)]);
}

/** A created, never started container (counts as stopped). */
export async function createdContainer(what: string, image: string): Promise<string> {
  const name = containerName(what);
  madeContainers.add(name);
  return mustCli(['create', '--network', 'none', '--name', name, image, 'true']);
}

/** `docker commit` from the CLI (for building chains); returns the full ID. */
export async function cliCommit(container: string, ref?: string, changes: string[] = []): Promise<string> {
  const id = await mustCli(['commit', ...changes.flatMap((c) => ['--change', c]), container, ...(ref ? [ref] : [])]);
  madeImages.add(id);
  return id;
}

export function trackImage(id: string): void {
  madeImages.add(id);
}

export async function removeContainer(name: string): Promise<void> {
  await cli(['rm', '-f', name]);
  madeContainers.delete(name);
}

export async function imageExists(ref: string): Promise<boolean> {
  return (await cli(['image', 'inspect', '--format', '{{.Id}}', ref])).code === 0;
}

export async function imageIdOf(ref: string): Promise<string | undefined> {
  const r = await cli(['image', 'inspect', '--format', '{{.Id}}', ref]);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** Removes every container and image these helpers made (by ID, forced), children first. */
export async function cleanup(): Promise<void> {
  for (const c of madeContainers) await cli(['rm', '-f', c]);
  madeContainers.clear();
  // Newest first, so children go before their parents; repeat for chains.
  for (let pass = 0; pass < 3 && madeImages.size > 0; pass++) {
    for (const id of [...madeImages].reverse()) {
      const r = await cli(['rmi', '-f', id]);
      if (r.code === 0 || /No such image/.test(r.stderr)) madeImages.delete(id);
    }
  }
}

/**
 * Rewrites IDs to placeholders by order of first appearance (full and short separately) and the
 * given names to neutral ones, so two runs of the same story on different images compare equal.
 */
export function normalizeLines(lines: readonly string[], names: Record<string, string>): string[] {
  const ids = new Map<string, string>();
  const id = (raw: string, kind: string) => {
    if (!ids.has(raw)) ids.set(raw, `<${kind}${ids.size + 1}>`);
    return ids.get(raw) as string;
  };
  return lines.map((line) => {
    let out = line;
    for (const [from, to] of Object.entries(names)) out = out.split(from).join(to);
    out = out.replace(/sha256:[0-9a-f]{64}/g, (m) => id(m, 'id'));
    return out.replace(/\b[0-9a-f]{12}\b/g, (m) => id(m, 'short'));
  });
}
