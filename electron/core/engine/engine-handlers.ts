// Owns the engine.* channels: the connection's status, and Reconnect (which first asks again about
// an engine from settings.json the person declined, since nothing may reach it before a yes).
import type { Handlers } from '../support/handlers';
import type { EngineConnection } from './engine';
import type { HeldStartupEngine } from './engine-confirmation';

export function createEngineHandlers(
  engine: EngineConnection,
  heldEngine: HeldStartupEngine | undefined,
): Pick<Handlers, 'engine.status' | 'engine.reconnect'> {
  return {
    'engine.status': async () => engine.status,
    'engine.reconnect': async () => {
      // Reconnect to an engine from settings.json that was declined: ask again.
      // (While the question is open, the status says so and the answer is not waited for.)
      if (heldEngine?.held && !heldEngine.open) await heldEngine.ask();
      return engine.check();
    },
  };
}
