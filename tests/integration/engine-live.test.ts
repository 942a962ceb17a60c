import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImagesChangedEvent } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { listImageSummaries } from '../../electron/core/images/images';
import { StevedoreCore } from '../../electron/core/service';
import { dockerCliSync as dockerCli, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
const stack = loadStackEnv();
let core: StevedoreCore;

function nextChange(predicate: (e: ImagesChangedEvent) => boolean, timeoutMs = 10_000): Promise<ImagesChangedEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no images.changed event in time'));
    }, timeoutMs);
    const off = core.events.on('images.changed', (e) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

describe.skipIf(Boolean(skipReason))('the core against the real test engine', () => {
  beforeAll(async () => {
    core = new StevedoreCore({
      engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }),
    });
    await core.start();
  });
  afterAll(() => core?.dispose());

  it('reports the engine version and API version', async () => {
    const r = await core.handle('engine.status', {});
    expect(r).toMatchObject({ ok: true, value: { reachable: true, host: stack.dockerHost } });
    const v = (r as { value: { apiVersion: string; version: string } }).value;
    expect(v.apiVersion).toBe(dockerCli(['version', '--format', '{{.Server.APIVersion}}']).stdout.trim());
    expect(v.version).toBe(dockerCli(['version', '--format', '{{.Server.Version}}']).stdout.trim());
  });

  it('an image tagged and removed from a terminal is announced without polling', async () => {
    const tag = 'stevedore-fixture/live-event:t1';
    const listed = async () => {
      const r = (await core.handle('images.list', {})) as { ok: true; value: { rows: { repository: string; tag: string }[] } };
      return r.value.rows.some((row) => `${row.repository}:${row.tag}` === tag);
    };
    dockerCli(['rmi', tag]);
    // Other suites may change images at the same time, and bursts are coalesced into one
    // notification: what matters is that a notification comes and the list then shows the change.
    const tagged = nextChange((e) => e.reason === 'event');
    expect(dockerCli(['tag', 'stevedore-fixture/busybox:latest', tag]).code).toBe(0);
    await tagged;
    expect(await listed()).toBe(true);
    const untagged = nextChange((e) => e.reason === 'event');
    expect(dockerCli(['rmi', tag]).code).toBe(0);
    await untagged;
    expect(await listed()).toBe(false);
  });

  it('applies `until` itself where the engine rejects it (API < 1.44), with the same meaning', async () => {
    const cli = dockerCli(['images', '--filter', 'until=1h']);
    const api = dockerCli(['version', '--format', '{{.Server.APIVersion}}']).stdout.trim();
    if (Number(api.split('.')[1]) < 44) {
      expect(cli.stderr).toContain("Invalid filter 'until'");
    }
    const all = await listImageSummaries(core.engine.docker, { all: false, filters: [] });
    const newest = Math.max(...all.map((i) => i.Created));
    const cutoff = String(newest); // unix seconds: strictly older images only
    const until = await listImageSummaries(core.engine.docker, { all: false, filters: [`until=${cutoff}`] });
    // The engine's order is unstable for images created in the same second: compare as sets.
    expect(until.map((i) => i.Id).sort()).toEqual(
      all
        .filter((i) => i.Created < newest)
        .map((i) => i.Id)
        .sort(),
    );
    expect(until.length).toBeLessThan(all.length);
    const r = await core.handle('images.list', { filters: ['until=2000-01-01T00:00:00Z'] });
    expect(r).toEqual({ ok: true, value: { rows: [], imageCount: 0 } });
  });

  it("an unknown filter gets the engine's words", async () => {
    const r = await core.handle('images.list', { filters: ['foo=123'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: "Invalid filter 'foo'" } });
  });
});
