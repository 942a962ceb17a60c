// Owns `npm run preview`: the real core and the built renderer served on loopback for a browser.
import { resolve } from 'node:path';
import { installLastResort } from '../core/support/last-resort';
import { StevedoreCore } from '../core/service';
import { refuseUnconfirmedEngines } from './bridge-engine';
import { bridgeTokenProblem } from './bridge-token';
import { startBridge } from './server';

// Logs and survives whatever escapes every listener: one hostile request must not end the bridge.
installLastResort();

async function main(): Promise<void> {
  const token = process.env.STEVEDORE_BRIDGE_TOKEN || undefined;
  // Refused before anything starts: a short token is a guessable key to the Docker engine.
  const problem = token === undefined ? null : bridgeTokenProblem(token, 'STEVEDORE_BRIDGE_TOKEN');
  if (problem) {
    console.error(`Stevedore bridge not started: ${problem}`);
    process.exit(2);
  }
  // A remote engine edited into settings.json is used only if the desktop app confirmed it.
  const core = new StevedoreCore({ confirmEngine: refuseUnconfirmedEngines() });
  const status = (await core.start()) as { reachable: boolean; host: string; error?: string };
  const bridge = await startBridge({
    core,
    staticDir: resolve(process.env.STEVEDORE_RENDERER_DIR ?? 'dist/renderer'),
    port: Number(process.env.STEVEDORE_BRIDGE_PORT ?? 0),
    token,
  });
  console.log(`Stevedore bridge for ${status.host} (${status.reachable ? 'reachable' : `unreachable: ${status.error}`})`);
  // Machine-readable line for test harnesses, then the human one.
  console.log(`STEVEDORE_BRIDGE_URL=${bridge.url}`);
  console.log(`Open ${bridge.url} in a browser. Ctrl+C stops.`);
  const stop = async () => {
    core.dispose();
    await bridge.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
