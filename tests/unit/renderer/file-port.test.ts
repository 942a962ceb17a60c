// The browser's file port decides, for a load preview, between asking core about a manifest the
// page read itself (no upload) and uploading the archive to the bridge's preview route. Real tars
// (tar-stream), a scripted contract and a recording fetch.
import { Blob as NodeBlob } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { pack } from 'tar-stream';
import type { TarPreview } from '../../../shared/contract';
import { TRANSFER_ROUTES } from '../../../electron/bridge/protocol';
import { browserFiles } from '../../../renderer/src/transport/file-port';
import { fakeApi } from './fake-api';

const CONFIG = `${'c'.repeat(64)}.json`;

async function tarOf(manifest: unknown): Promise<Buffer> {
  const p = pack();
  p.entry({ name: `${'d'.repeat(64)}/layer.tar` }, Buffer.alloc(1024));
  p.entry({ name: CONFIG }, '{}');
  p.entry({ name: 'manifest.json' }, JSON.stringify(manifest));
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const asFile = (bytes: Buffer, name: string) => Object.assign(new NodeBlob([bytes]), { name }) as unknown as File;

const answer: TarPreview = { name: 'x', compression: 'tar', size: 0, tags: [], images: [], layers: 1, moves: [], present: [] };

function setup() {
  const { api, callsTo } = fakeApi({ 'images.describeArchive': async () => answer });
  const uploads: string[] = [];
  const fetchImpl = (async (url: string) => {
    uploads.push(String(url).split('?')[0]);
    return new Response(JSON.stringify({ ok: true, value: answer }), { status: 200 });
  }) as typeof fetch;
  return { files: browserFiles('token', api, fetchImpl), callsTo, uploads };
}

describe('the browser preview of an archive', () => {
  it('asks core about the manifest it read, uploading nothing', async () => {
    const { files, callsTo, uploads } = setup();
    const tar = await tarOf([{ Config: CONFIG, RepoTags: ['web:1'], Layers: [`${'d'.repeat(64)}/layer.tar`] }]);
    expect(await files.preview(asFile(tar, 'web.tar'))).toEqual({ ok: true, value: answer });
    expect(callsTo('images.describeArchive')).toHaveLength(1);
    expect(callsTo('images.describeArchive')[0].request).toMatchObject({ name: 'web.tar', compression: 'tar', size: tar.length });
    expect(uploads).toEqual([]);
  });

  it("uploads instead when the manifest is beyond the channel's bounds (more tags than the schema takes), so core gives the verdict", async () => {
    const { files, callsTo, uploads } = setup();
    const tags = Array.from({ length: 1100 }, (_, i) => `web:${i}`);
    const tar = await tarOf([{ Config: CONFIG, RepoTags: tags, Layers: [`${'d'.repeat(64)}/layer.tar`] }]);
    expect(await files.preview(asFile(tar, 'many-tags.tar'))).toEqual({ ok: true, value: answer });
    expect(callsTo('images.describeArchive')).toHaveLength(0);
    expect(uploads).toEqual([TRANSFER_ROUTES.preview]);
  });

  it('refuses a file that is not an archive in the page: neither core nor the bridge is asked', async () => {
    const { files, callsTo, uploads } = setup();
    const r = await files.preview(asFile(Buffer.from('notes\n'.repeat(200)), 'notes.txt'));
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('notes.txt is not an image archive') } });
    expect(callsTo('images.describeArchive')).toHaveLength(0);
    expect(uploads).toEqual([]);
  });
});
