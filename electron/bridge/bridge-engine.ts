// Owns the browser preview's answer about a remote engine named in settings.json: the bridge has
// no native dialog to ask with, and a page must never be the one who says yes, so an engine that
// the desktop app has not confirmed (confirmed-engines.json, written only by the desktop app's
// main process) is never used here. DOCKER_HOST and the docker context stay the person's choice.
import type { AskEngine, EngineQuestion } from '../core/engine/engine-confirmation';

/** The line the bridge prints when it refuses such an engine. */
export function unconfirmedEngineMessage(question: EngineQuestion): string {
  return (
    `Stevedore bridge: not connecting to the engine at ${question.address} named in settings.json: ` +
    'it is not on this machine and was never confirmed in the desktop app. Confirm it there once, ' +
    'or start the preview with DOCKER_HOST set to the engine you mean.'
  );
}

/** The bridge's confirmation port: never a yes; says why on the console. */
export function refuseUnconfirmedEngines(log: (line: string) => void = (line) => console.error(line)): AskEngine {
  return async (question) => {
    log(unconfirmedEngineMessage(question));
    return false;
  };
}
