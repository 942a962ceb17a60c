// Owns the handlers of the explorer channels (shared/explore.ts). Work in progress of issue #17:
// every channel answers INTERNAL until the explorer lands.
import type { EngineConnection } from '../engine/engine';
import { CoreError } from '../engine/engine-errors';
import type { JobManager } from '../support/jobs';
import type { Handlers } from '../support/handlers';

type ExploreChannels =
  | 'explore.open'
  | 'explore.summary'
  | 'explore.entries'
  | 'explore.search'
  | 'explore.read'
  | 'explore.saveOut'
  | 'explore.close'
  | 'dialogs.saveOut';

export function createExploreHandlers(engine: EngineConnection, jobs: JobManager): Pick<Handlers, ExploreChannels> {
  void engine;
  void jobs;
  const notYet = async (): Promise<never> => {
    throw new CoreError('INTERNAL', 'The explorer is not built yet');
  };
  return {
    'explore.open': notYet,
    'explore.summary': notYet,
    'explore.entries': notYet,
    'explore.search': notYet,
    'explore.read': notYet,
    'explore.saveOut': notYet,
    'explore.close': notYet,
    'dialogs.saveOut': notYet,
  };
}
