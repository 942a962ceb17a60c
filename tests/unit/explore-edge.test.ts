// The desktop edge of the explorer (electron/transfer-edge.ts): save out writes only where the
// native save dialog said, and may replace a file only when the dialog confirmed it; an archive is
// opened only when it was picked or dropped this session, as a load's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTransferEdge, type Dialogs } from '../../electron/transfer-edge';

const made: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-explore-edge-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function rig(savePath: string | undefined) {
  const calls: [string, unknown][] = [];
  const core = {
    handle: async (channel: string, request: unknown) => (calls.push([channel, request]), { ok: true as const, value: 'core' }),
  };
  const asked: unknown[] = [];
  const dialogs: Dialogs = {
    showSaveDialog: async (o) => (asked.push(o), savePath ? { canceled: false, filePath: savePath } : { canceled: true }),
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  };
  const dir = tempDir();
  return { edge: createTransferEdge(core, dialogs, { defaultDirectory: () => dir }), calls, asked, dir };
}

const saveOut = (destination: string, extra: object = {}) => ({
  sessionId: 's1',
  layer: 'merged',
  path: 'etc/passwd',
  destination,
  ...extra,
});

describe('explorer desktop edge', () => {
  it('saves out only to the path the save dialog gave, once, replacing only a confirmed file', async () => {
    const dir = tempDir();
    const fresh = join(dir, 'passwd');
    const { edge, calls, asked } = rig(fresh);
    expect(await edge.handle('explore.saveOut', saveOut(fresh))).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await edge.handle('dialogs.saveOut', { suggestedName: '../../.bashrc', folder: false })).toEqual({
      ok: true,
      value: { path: fresh },
    });
    expect(asked[0]).toMatchObject({ defaultPath: expect.stringMatching(/\/bashrc$/) });
    // The page's own `overwrite` is never taken: the dialog's answer is.
    await edge.handle('explore.saveOut', saveOut(fresh, { overwrite: true }));
    expect(calls).toEqual([['explore.saveOut', saveOut(fresh, { overwrite: false })]]);
    expect(await edge.handle('explore.saveOut', saveOut(fresh))).toMatchObject({ ok: false });

    const existing = join(dir, 'there.tar');
    writeFileSync(existing, 'x');
    const second = rig(existing);
    await second.edge.handle('dialogs.saveOut', { suggestedName: 'etc', folder: true });
    await second.edge.handle('explore.saveOut', saveOut(existing));
    expect(second.calls).toEqual([['explore.saveOut', saveOut(existing, { overwrite: true })]]);
  });

  it('a cancelled dialog answers null', async () => {
    const { edge } = rig(undefined);
    expect(await edge.handle('dialogs.saveOut', { suggestedName: 'x', folder: false })).toEqual({ ok: true, value: null });
  });

  it('opens an archive only when it was given this session; an image by name passes', async () => {
    const { edge, calls } = rig(undefined);
    const source = { kind: 'archive', path: '/home/someone/.ssh/id_rsa' };
    expect(await edge.handle('explore.open', { source })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    edge.grantLoadPath(source.path);
    await edge.handle('explore.open', { source });
    await edge.handle('explore.open', { source: { kind: 'image', image: 'busybox' } });
    expect(calls.map(([c]) => c)).toEqual(['explore.open', 'explore.open']);
  });
});
