// Owns the handler of the lineage channel: an image's names, parents, children and containers.
import type { EngineConnection } from '../engine/engine';
import type { Handlers } from '../support/handlers';
import { imageLineage } from './lineage';

export function createLineageHandlers(engine: EngineConnection): Pick<Handlers, 'images.lineage'> {
  return {
    'images.lineage': ({ image }) => imageLineage(engine.docker, image),
  };
}
