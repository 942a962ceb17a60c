// HOSTILE: a corpus of hostile image names (`..` in every position, percent- and double-encoded
// forms, `?`, `#`, CR/LF, NUL, backslashes, Unicode look-alikes, overlong names, valid references
// that point at nothing) sent through every contract channel that takes an image name or reads
// names from an archive, directly to the core, over the loopback bridge (WebSocket; the HTTP upload
// preview for crafted tars; the save download's one-time tickets and its route) and through the
// Electron main process's IPC handlers (the shipped dist/electron/main.cjs under Node with the
// stand-in electron module, tests/support/fake-electron.ts: its load and save paths granted by the
// stubbed native dialogs), plus crafted tars (hostile tags, Config and Layers) through all three
// preview paths. Many names aim at a loopback probe server (`../../127.0.0.1:<probe>/x`: the
// engine's router used to answer a 301 there, and docker-modem followed it). The probe must
// receive nothing, every attempt must get an answer, each answer must be INVALID_ARGUMENT
// (INVALID_REFERENCE, its reference-grammar form) or NOT_FOUND in words, an invalid archive tag is
// listed as refused, and nothing may reach the process's last-resort handler. The Electron bundle is
// built by `npm run build:electron`'s script when the file starts (about a second). This file runs the
// cases; the corpus, the checks, the attempts and what they run against are in support/hostile-*.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installLastResort, lastResortCount } from '../../electron/core/support/last-resort';
import { attemptsOf, type Attempt } from './support/hostile-attempts';
import { HostileRig } from './support/hostile-rig';
import { Tally } from './support/tally';

const tally = new Tally('HOSTILE', 'names');
const rig = new HostileRig();

// The probe's port is known only once it listens, but every case is declared at collection: the
// corpus is built with a placeholder port to declare the cases, and built again with the real one.
for (const batch of attemptsOf('127.0.0.1:1', rig).values()) for (const a of batch) tally.declare(a.key);
tally.set('probe_hits', 'unknown');

describe('hostile names reach nothing but a refusal', () => {
  let batches: Map<string, Attempt[]>;

  beforeAll(async () => {
    tally.write();
    installLastResort(() => undefined);
    await rig.start();
    batches = attemptsOf(`127.0.0.1:${rig.probePort}`, rig);
  }, 120_000);

  afterAll(async () => {
    tally.set('probe_hits', rig.probeHits.length);
    tally.write();
    await rig.close();
  });

  for (const label of attemptsOf('127.0.0.1:1', rig).keys()) {
    it(
      label,
      async () => {
        const failures: string[] = [];
        for (const attempt of batches.get(label)!) {
          try {
            await attempt.run();
            // The process answers after every attempt: the core, the bridge and main's IPC.
            await alive();
            tally.record(attempt.key, true);
          } catch (err) {
            tally.record(attempt.key, false);
            failures.push(String((err as Error).message).split('\n')[0]);
          }
        }
        expect(failures).toEqual([]);
        // The process still answers a valid engine request after the batch, through each door.
        expect(await rig.coreInvoke('images.list', {})).toMatchObject({ ok: true });
        expect(await rig.ipcInvoke('images.list', {})).toMatchObject({ ok: true });
      },
      300_000,
    );
  }

  /** A cheap request through each door answers (a hang or a dead handler fails the attempt). */
  async function alive(): Promise<void> {
    for (const [what, answer] of [
      ['core', rig.coreInvoke('jobs.list', {})],
      ['bridge', rig.wsInvoke('settings.get', {})],
      ['ipc', rig.ipcInvoke('settings.get', {})],
    ] as const) {
      expect(await answer, `${what} answers after the attempt`).toMatchObject({ ok: true });
    }
  }

  it('the probe received nothing and nothing reached the last-resort handler', async () => {
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.probeHits).toEqual([]);
    expect(lastResortCount()).toBe(0);
  });
});
