// The two contenders of `npm run bench:explore`, each proving its work after its timed part: the
// core indexing the image from the engine (indexImage: `GET /images/{id}/get` streamed, every
// layer's headers read, the model built) and the raw API streaming the same archive to /dev/null
// (curl on the socket, by the same ID). Also the core's resident memory: its peak while indexing,
// read from the kernel's high-water mark (reset before each run) rather than by sampling, which
// a busy event loop would delay past the peak.
import { spawn } from 'node:child_process';
import type { EngineConnection } from '../../electron/core/engine/engine';
import { indexImage } from '../../electron/core/explore/image-index';
import { prove } from './bench-kit';
import type { Fixture } from './explore-fixture';
import type { PlanFigures } from './explore-plan';
import { withPeakRss } from './rss-peak';

/** One measured run of one side: its time and the bytes it proved it moved. */
export interface SideRun {
  ms: number;
  bytes: number;
}

/** What the core's run indexed, checked against the plan. */
export interface CoreRun extends SideRun {
  /** Headers indexed over all layers (whiteouts included). */
  entries: number;
  merged: number;
  /** Peak RSS of this process during the run (bytes). */
  peakRss: number;
  /** CPU seconds (user + system) this process spent in the run: what the core adds over the stream. */
  cpuS: number;
}

/** The raw API: curl streams `GET /images/<id>/get` to /dev/null; returns its time and the bytes it received. */
export function apiRun(socketPath: string, id: string): Promise<SideRun> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(
      'curl',
      ['-sS', '--fail', '--unix-socket', socketPath, '-o', '/dev/null', '-w', '%{size_download}', `http://x/images/${id}/get`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => reject(new Error(`curl could not run: ${e.message}`)));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) return reject(new Error(`curl GET /images/${id.slice(0, 19)}/get failed (exit ${code}): ${err.trim()}`));
      resolve({ ms, bytes: Number(out.trim()) });
    });
  });
}

/**
 * The core: indexImage of the fixture by its ref, timed from the call to the index with its model.
 * Proves it read the fixture (its ID and layers), every header of every layer (the plan's counts),
 * the merged view the plan predicts, and every byte of the archive (`apiBytes`, what curl received).
 */
export async function coreRun(
  engine: EngineConnection,
  fixture: Fixture,
  plan: PlanFigures,
  apiBytes: number | undefined,
): Promise<CoreRun> {
  let bytes = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const { value: index, peak } = await withPeakRss(() =>
    indexImage(engine, { kind: 'image', image: fixture.ref }, { onProgress: (read) => (bytes = Math.max(bytes, read)) }),
  );
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(c0);
  prove(index.imageId === fixture.id, `the core indexed ${index.imageId.slice(0, 19)}, not the fixture ${fixture.id.slice(0, 19)}`);
  const diffIds = index.layers.map((l) => l.diffId);
  prove(
    JSON.stringify(diffIds) === JSON.stringify(fixture.diffIds),
    `the core's layers (${diffIds.length}) are not the image's RootFS.Layers (${fixture.diffIds.length})`,
  );
  const headers = index.layers.map((l) => l.raw.length);
  prove(
    JSON.stringify(headers) === JSON.stringify(plan.headers),
    `the core indexed ${headers.join('+')} entries per layer, the image has ${plan.headers.join('+')}`,
  );
  prove(
    index.model.merged.length === plan.merged,
    `the core's merged view has ${index.model.merged.length} entries, the image ${plan.merged}`,
  );
  if (apiBytes !== undefined)
    prove(bytes === apiBytes, `the core read ${bytes} bytes of the archive, the raw API streamed ${apiBytes}: it did not read all of it`);
  return {
    ms,
    bytes,
    entries: headers.reduce((a, b) => a + b, 0),
    merged: index.model.merged.length,
    peakRss: peak,
    cpuS: (cpu.user + cpu.system) / 1e6,
  };
}
