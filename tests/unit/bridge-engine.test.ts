// The browser preview (npm run preview) has no native dialog and must never let a page say yes to
// an engine: a remote engine edited into settings.json is used there only when the desktop app
// confirmed it before. A loopback listener stands in for the remote machine (asked about anyway,
// as the Electron wiring tests do), so nothing leaves this machine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { refuseUnconfirmedEngines } from '../../electron/bridge/bridge-engine';
import { CONFIRMED_ENGINES_FILE } from '../../electron/core/engine/engine-confirmation';
import { StevedoreCore } from '../../electron/core/service';

let server: Server;
let port = 0;
let connections = 0;
const root = mkdtempSync(join(tmpdir(), 'bridge-engine-'));
const cores: StevedoreCore[] = [];

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.on('error', () => undefined);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterEach(() => {
  for (const core of cores.splice(0)) core.dispose();
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });
});

function bridgeCore(dataDir: string, log: string[]) {
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ engine: { kind: 'tcp', host: '127.0.0.1', port, tls: false } }));
  const core = new StevedoreCore({
    dataDir,
    dockerConfigDir: join(dataDir, 'docker'),
    confirmEngine: refuseUnconfirmedEngines((line) => log.push(line)),
    confirmEngineHostsAnyway: ['127.0.0.1'],
  });
  cores.push(core);
  return core;
}

it('does not connect to a remote engine from settings.json that the desktop app never confirmed, and says why', async () => {
  const dataDir = mkdtempSync(join(root, 'data-'));
  const log: string[] = [];
  const before = connections;
  const status = (await bridgeCore(dataDir, log).start()) as { reachable: boolean; error?: string };
  expect(status.reachable).toBe(false);
  expect(status.error).toMatch(/^Not connected: you did not confirm the engine at tcp:\/\/127\.0\.0\.1:\d+ named in settings\.json/);
  expect(log).toEqual([expect.stringContaining(`not connecting to the engine at tcp://127.0.0.1:${port} named in settings.json`)]);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(connections - before, 'nothing was sent to the unconfirmed engine').toBe(0);
});

it('uses it when the desktop app confirmed it before (confirmed-engines.json)', async () => {
  const dataDir = mkdtempSync(join(root, 'data-'));
  writeFileSync(
    join(dataDir, CONFIRMED_ENGINES_FILE),
    JSON.stringify({ version: 1, confirmed: { [`tcp://127.0.0.1:${port} plain`]: { confirmedAt: new Date().toISOString() } } }),
  );
  const log: string[] = [];
  const before = connections;
  await bridgeCore(dataDir, log).start();
  expect(log).toEqual([]);
  await expect.poll(() => connections - before, { timeout: 10_000 }).toBeGreaterThan(0);
});
