import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, requestSchemas } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';

const EDIT_CHANNELS = [
  'images.removePlan',
  'images.remove',
  'images.prunePlan',
  'images.prune',
  'images.tag',
  'images.validateTag',
  'images.undoUntag',
  'containers.list',
  'images.commit',
] as const;

describe('the editing channels in the contract', () => {
  it('are named and have a schema', () => {
    for (const c of EDIT_CHANNELS) {
      expect(CHANNEL_NAMES).toContain(c);
      expect(requestSchemas[c]).toBeDefined();
    }
  });

  it('fill the CLI defaults', () => {
    expect(requestSchemas['images.remove'].parse({ names: ['a'] })).toEqual({ names: ['a'], force: false, noPrune: false });
    expect(requestSchemas['images.prune'].parse({})).toEqual({ all: false, filters: [] });
    expect(requestSchemas['images.undoUntag'].parse({ imageId: `sha256:${'a'.repeat(64)}`, references: ['x:1'] })).toMatchObject({
      overwrite: false,
    });
  });

  const core = new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host: 'unix:///nonexistent/stevedore.sock', source: 'env' } }),
  });

  it.each([
    ['images.remove', {}],
    ['images.remove', { names: [] }],
    ['images.remove', { names: [''] }],
    ['images.remove', { names: ['a'], force: 'yes' }],
    ['images.removePlan', { names: ['a'], prune: true }],
    ['images.prune', { all: 1 }],
    ['images.prune', { filters: 'label=a' }],
    ['images.prunePlan', { dangling: true }],
    ['images.tag', { source: 'a' }],
    ['images.tag', { source: 'a', target: 'b', force: true }],
    ['images.validateTag', { target: 'x'.repeat(5000) }],
    ['images.undoUntag', { imageId: 'abc', references: ['a'] }],
    ['images.undoUntag', { imageId: `sha256:${'a'.repeat(64)}`, references: [] }],
    ['containers.list', { all: true }],
    ['images.commit', {}],
    ['images.commit', { container: 'c', changes: 'CMD x' }],
    ['images.commit', { container: 'c', pause: 'no' }],
  ])('%s %j is INVALID_ARGUMENT before any request', async (channel, request) => {
    expect(await core.handle(channel, request)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('tag target mistakes are answered without an engine', async () => {
    const r = await core.handle('images.tag', { source: 'a', target: 'B' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_REFERENCE', detail: { part: 'repository-lowercase' } } });
  });

  it('a dead engine fails a remove as ENGINE_UNREACHABLE, not as per-item errors', async () => {
    expect(await core.handle('images.remove', { names: ['a'] })).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });
  });
});
