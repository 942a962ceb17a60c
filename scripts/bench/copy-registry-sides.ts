// The two contenders of `bench:copy-registry`, each copying one source image to a repository of
// its own on the target: Debian's `skopeo copy` (a process per copy, as a person runs it) and the
// core's copyBetweenRegistries called in this process, with its resident-memory peak. skopeo runs
// with a fresh HOME each time and, when the bench runs as root, as nobody: its blob-info cache
// (root's lives in /var/lib/containers/cache, shared and kept) would otherwise remember the earlier
// rounds' repositories and spend requests trying to mount from them, which the core never does.
import { spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryCopyJobResult } from '../../shared/registry-copy';
import type { RegistryTarget } from '../../tests/support/registry-fixtures';
import { ms, prove } from './bench-kit';
import type { SourceImage } from './copy-registry-source';
import { withPeakRss } from './rss-peak';

export const SKOPEO = process.env.STEVEDORE_BENCH_SKOPEO || '/usr/bin/skopeo';
/** nobody: skopeo as root would use the machine's own blob-info cache. */
const NOBODY = 65534;

export interface Copy {
  image: SourceImage;
  source: RegistryTarget;
  sourceRepository: string;
  target: RegistryTarget;
  targetRepository: string;
}

const asRoot = () => process.getuid?.() === 0;

/** `skopeo --version`, or a failure saying how to get it. */
export function skopeoVersion(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(SKOPEO, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', () =>
      reject(new Error(`${SKOPEO} not found: install Debian's skopeo (bash scripts/test-stack/install-deps.sh as root)`)),
    );
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${SKOPEO} --version exited with ${code}`))));
  });
}

/** One `skopeo copy` of the image; its wall time, process start included (the CLI's cost as a person pays it). */
export async function skopeoCopy(c: Copy): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'stevedore-skopeo-home-'));
  if (asRoot()) chownSync(home, NOBODY, NOBODY);
  const args = ['copy', '--src-tls-verify=false', '--dest-tls-verify=false'];
  if (c.source.auth) args.push('--src-creds', `${c.source.auth.username}:${c.source.auth.password}`);
  if (c.target.auth) args.push('--dest-creds', `${c.target.auth.username}:${c.target.auth.password}`);
  args.push(
    `docker://${c.source.host}/${c.sourceRepository}:${c.image.tag}`,
    `docker://${c.target.host}/${c.targetRepository}:${c.image.tag}`,
  );
  try {
    return await new Promise<number>((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const child = spawn(SKOPEO, args, {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_RUNTIME_DIR: home },
        stdio: ['ignore', 'ignore', 'pipe'],
        ...(asRoot() ? { uid: NOBODY, gid: NOBODY } : {}),
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => {
        const elapsed = ms(t0);
        if (code === 0) resolve(elapsed);
        else reject(new Error(`skopeo copy of ${c.image.tag} failed (${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
      });
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

let core: typeof import('../../electron/core/registry-copy/registry-copy') | undefined;

/**
 * Loads the core's copy module, after the bench's own first fetch: its transport loads npm
 * undici, which installs its Agent as the runtime fetch's global dispatcher when none is set yet,
 * and Node 20's fetch then fails on an explicit Content-Length (the fixtures' uploads send one).
 * Also keeps module loading out of the first copy's time and memory.
 */
export async function loadCore(): Promise<void> {
  core ??= await import('../../electron/core/registry-copy/registry-copy');
}

export interface CoreCopy {
  ms: number;
  peakRss: number;
  result: RegistryCopyJobResult;
  /** The last byte count the progress said, against its total. */
  progress: { current: number; total: number };
}

/** The core's copy of the image, in this process, timed from the call to its result, with the RSS peak meanwhile. */
export async function coreCopy(c: Copy): Promise<CoreCopy> {
  const progress = { current: 0, total: 0 };
  const auths = new Map([c.source, c.target].filter((t) => t.auth).map((t) => [t.host, t.auth]));
  prove(core, 'loadCore() first');
  const { copyBetweenRegistries } = core;
  const t0 = process.hrtime.bigint();
  const { value: result, peak } = await withPeakRss(() =>
    copyBetweenRegistries(
      { authFor: (host) => auths.get(host) ?? null },
      {
        source: { host: c.source.host, repository: c.sourceRepository, tags: [c.image.tag] },
        target: { host: c.target.host, repository: c.targetRepository },
      },
      {
        onProgress: (p) => {
          if (p.total > 0) Object.assign(progress, { current: p.current, total: p.total });
        },
      },
    ),
  );
  const elapsed = ms(t0);
  // What the core says it did; the registry's log is the proof (copy-registry-proof.ts), this catches a core that misreports.
  prove(
    result.tags.length === 1 && result.tags[0].digest === c.image.manifestDigest,
    () => `the core's copy of ${c.image.tag} reports ${JSON.stringify(result.tags)}`,
  );
  prove(
    result.blobs.uploaded === c.image.blobs.length && result.blobs.skipped === 0 && result.blobs.mounted === 0,
    () => `the core's copy of ${c.image.tag} reports blobs ${JSON.stringify(result.blobs)}, not ${c.image.blobs.length} uploaded`,
  );
  return { ms: elapsed, peakRss: peak, result, progress };
}
