import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus, ImagesChangedEvent } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { loadStackEnv, requireEngine } from '../support/stack';

// Stops and restarts the dedicated test engine, so it never runs against a user's own engine.
const skipReason = requireEngine();
const stack = loadStackEnv();
const ownEngine = !stack.externalEngine;
let core: StevedoreCore;

function engineScript(action: 'start' | 'stop'): void {
  execFileSync('bash', ['scripts/test-stack/engine.sh', action], { stdio: 'inherit', timeout: 120_000 });
}

function waitFor<T>(subscribe: (cb: (v: T) => void) => () => void, predicate: (v: T) => boolean, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out'));
    }, ms);
    const off = subscribe((v) => {
      if (!predicate(v)) return;
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

describe.skipIf(Boolean(skipReason) || !ownEngine)('engine going away and coming back', () => {
  beforeAll(async () => {
    core = new StevedoreCore({
      engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' }, maxRetryMs: 1000 }),
    });
    expect((await core.start()) as EngineStatus).toMatchObject({ reachable: true });
  });
  afterAll(() => {
    core?.dispose();
    engineScript('start');
  });

  it('reports unreachable when the engine stops, then recovers and asks for a refresh when it returns', async () => {
    const down = waitFor<EngineStatus>(
      (cb) => core.events.on('engine.status', cb),
      (s) => !s.reachable,
      60_000,
    );
    engineScript('stop');
    const status = await down;
    expect(status.error).toMatch(/Cannot connect|did not answer/);
    const list = await core.handle('images.list', {});
    expect(list).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });

    const up = waitFor<EngineStatus>(
      (cb) => core.events.on('engine.status', cb),
      (s) => s.reachable,
      90_000,
    );
    const refreshed = waitFor<ImagesChangedEvent>(
      (cb) => core.events.on('images.changed', cb),
      (e) => e.reason === 'reconnected',
      90_000,
    );
    engineScript('start');
    await up;
    await refreshed;
    expect(await core.handle('images.list', {})).toMatchObject({ ok: true });
  });
});
