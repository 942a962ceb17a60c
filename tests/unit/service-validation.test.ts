import { describe, expect, it } from 'vitest';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';

// An engine that does not exist: validation must answer before anything is sent.
const core = new StevedoreCore({
  engine: new EngineConnection({ endpoint: { host: 'unix:///nonexistent/stevedore.sock', source: 'env' } }),
});

describe('every request is validated before any work', () => {
  it('an unknown channel is INVALID_ARGUMENT', async () => {
    expect(await core.handle('images.rmEverything', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it.each([
    ['images.list', { all: 'yes' }],
    ['images.list', { filters: 'dangling=true' }],
    ['images.list', { filters: ['x'.repeat(5000)] }],
    ['images.list', { unexpected: 1 }],
    ['images.format', { format: 42 }],
    ['jobs.cancel', {}],
    ['jobs.cancel', { jobId: '' }],
  ])('%s %j is INVALID_ARGUMENT naming the field', async (channel, request) => {
    const r = await core.handle(channel, request);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('a dead engine is ENGINE_UNREACHABLE, not a crash', async () => {
    const r = await core.handle('images.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });
  });

  it('a CLI filter without = gets the CLI message', async () => {
    const r = await core.handle('images.list', { filters: ['dangling'] });
    expect(r).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'bad format of filter (expected name=value)' } });
  });
});
