// Owns the handlers of the disk channels: the Disk view's report as a cancellable job (histories
// of every image on a big host take a while; the request answers at once with the job's id) and
// the engine's LayersSize, asked around a remove to show what it really freed.
import type { EngineConnection } from '../engine/engine';
import type { Handlers } from '../support/handlers';
import type { JobManager } from '../support/jobs';
import { engineLayersSize, readDiskReport } from './disk-usage';
import { LayerSizeCache } from './layer-sizes';

export type DiskChannel = 'disk.report' | 'disk.layersSize';

export function createDiskHandlers(engine: EngineConnection, jobs: JobManager): Pick<Handlers, DiskChannel> {
  const cache = new LayerSizeCache();
  return {
    'disk.report': async () => {
      const jobId = jobs.start('disk', 'Disk usage', (ctx) =>
        readDiskReport(engine.docker, cache, { signal: ctx.signal, onProgress: (done, total) => ctx.progress(done, total) }),
      );
      return { jobId };
    },
    'disk.layersSize': async () => ({ layersSize: await engineLayersSize(engine.docker) }),
  };
}
