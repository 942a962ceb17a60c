// The browser's file port decides, for a load preview, between asking core about a manifest the
// page read itself (no upload) and uploading the archive to the bridge's preview route. Real tars
// (tar-stream), a scripted contract and a recording fetch.
import { Blob as NodeBlob } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { pack } from 'tar-stream';
import type { TarPreview } from '../../../shared/contract';
import { TRANSFER_ROUTES } from '../../../shared/bridge-protocol';
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
  const tickets = async () => ({ ok: false as const, error: { code: 'INTERNAL' as const, message: 'no downloads here' } });
  return { files: browserFiles({ token: 'token', downloadTicket: tickets }, api, fetchImpl), callsTo, uploads };
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
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('notes.txt is not an image archive') },
    });
    expect(callsTo('images.describeArchive')).toHaveLength(0);
    expect(uploads).toEqual([]);
  });
});

describe('the browser download', () => {
  /** Just enough of `document` to see the link the port clicks. */
  function fakeDocument() {
    const clicked: { href: string; download: string }[] = [];
    const doc = {
      createElement: () => {
        const a = {
          href: '',
          download: '',
          rel: '',
          hidden: false,
          remove: () => undefined,
          click: () => clicked.push({ href: a.href, download: a.download }),
        };
        return a;
      },
      body: { append: () => undefined },
    };
    return { doc, clicked };
  }

  it('asks the bridge for a ticket for exactly these images and clicks a link that carries only the ticket', async () => {
    const { doc, clicked } = fakeDocument();
    const asked: string[][] = [];
    const downloadTicket = async (refs: readonly string[]) => {
      asked.push([...refs]);
      return { ok: true as const, value: { url: '/transfer/save?ticket=one-time', expiresInMs: 60_000 } };
    };
    const { api } = fakeApi({});
    const files = browserFiles({ token: 'long-lived-token-0123456789abcdefgh', downloadTicket }, api);
    const g = globalThis as { document?: unknown };
    g.document = doc;
    try {
      expect(await files.download(['web:1', 'web:2'])).toEqual({ ok: true, value: undefined });
    } finally {
      delete g.document;
    }
    expect(asked).toEqual([['web:1', 'web:2']]);
    expect(clicked).toEqual([{ href: '/transfer/save?ticket=one-time', download: '' }]);
    expect(clicked[0].href).not.toContain('long-lived-token');
  });

  it('clicks nothing and says why when the bridge gives no ticket', async () => {
    const { doc, clicked } = fakeDocument();
    const refused = { code: 'INVALID_REFERENCE' as const, message: 'invalid reference format' };
    const { api } = fakeApi({});
    const files = browserFiles({ token: 't', downloadTicket: async () => ({ ok: false, error: refused }) }, api);
    const g = globalThis as { document?: unknown };
    g.document = doc;
    try {
      expect(await files.download(['Web:1'])).toEqual({ ok: false, error: refused });
    } finally {
      delete g.document;
    }
    expect(clicked).toEqual([]);
  });
});
