// Owns the handlers of the image detail channels: history rows, history "Copy as...", inspect JSON.
import type { EngineConnection } from '../engine/engine';
import { CoreError } from '../engine/engine-errors';
import { FormatError } from './format/context-write';
import { formatHistory } from './format/history-format';
import { imageHistory, inspectImage } from './history';
import type { Handlers } from '../support/handlers';

export function createHistoryHandlers(
  engine: EngineConnection,
): Pick<Handlers, 'images.history' | 'images.historyFormat' | 'images.inspect'> {
  return {
    'images.history': async ({ image }) => ({ rows: await imageHistory(engine.docker, image) }),
    'images.historyFormat': async ({ image, noTrunc, human, quiet, format }) => {
      const rows = await imageHistory(engine.docker, image);
      try {
        return { text: formatHistory(rows, { format, noTrunc, human, quiet }) };
      } catch (err) {
        if (err instanceof FormatError) throw new CoreError('INVALID_ARGUMENT', err.message);
        throw err;
      }
    },
    'images.inspect': async ({ image }) => inspectImage(engine.docker, image),
  };
}
