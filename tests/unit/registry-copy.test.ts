// The pure parts of the registry copy (issue #19 part 3): what a manifest names, the platform
// picked from an index, blobs once each, upload locations, bounded work, errors naming a side,
// and the client's request shapes a copy relies on (stream bodies, storage redirects).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../electron/core/engine/engine-errors';
import { RegistryClient } from '../../electron/core/registries/registry-client';
import { uploadPath } from '../../electron/core/registry-copy/blob-copy';
import { checkDigest, type IndexEntry, pickEntry, readManifest, uniqueBlobs } from '../../electron/core/registry-copy/copy-plan';
import { copySide, sideError } from '../../electron/core/registry-copy/copy-side';
import { checkCopyRequest } from '../../electron/core/registry-copy/registry-copy';
import { copyTitle } from '../../electron/core/registry-copy/registry-copy-handlers';
import { runLimited } from '../../electron/core/registry-copy/run-limited';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'no error';
};

describe('readManifest', () => {
  it('reads an index’s entries with their platforms and keeps the bytes as they came', () => {
    const bytes = json({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: d('a'),
          size: 10,
          platform: { os: 'linux', architecture: 'amd64' },
        },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d('b'), size: 11 },
      ],
    });
    const m = readManifest(bytes, d('f'), 'application/vnd.oci.image.index.v1+json', 'x:1');
    expect(m.bytes).toBe(bytes);
    expect(m.blobs).toEqual([]);
    expect(m.entries).toEqual([
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: d('a'),
        size: 10,
        platform: { os: 'linux', architecture: 'amd64' },
      },
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d('b'), size: 11 },
    ]);
  });

  it('names an image’s config and layers, leaving out foreign layers a registry never holds', () => {
    const m = readManifest(
      json({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: d('c'), size: 5 },
        layers: [
          { mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', digest: d('e'), size: 9 },
          { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: d('1'), size: 7 },
        ],
      }),
      d('f'),
      '',
      'x:1',
    );
    expect(m.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(m.blobs.map((b) => b.digest)).toEqual([d('c'), d('1')]);
    const oci = readManifest(
      json({ schemaVersion: 2, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: d('c'), size: 5 }, layers: [] }),
      d('f'),
      '',
      'x:1',
    );
    expect(oci.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
  });

  it('refuses schema 1, digests it cannot check and sizes that are not sizes', () => {
    expect(codeOf(() => readManifest(json({ schemaVersion: 1, fsLayers: [] }), d('f'), '', 'x:1'))).toBe('INVALID_ARGUMENT');
    const image = (digest: string, size: unknown) => json({ schemaVersion: 2, config: { digest, size }, layers: [] });
    expect(codeOf(() => readManifest(image('sha256:../../_catalog', 1), d('f'), '', 'x:1'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => readManifest(image(`sha512:${'a'.repeat(128)}`, 1), d('f'), '', 'x:1'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => readManifest(image(d('a'), -1), d('f'), '', 'x:1'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => readManifest(image(d('a'), '5'), d('f'), '', 'x:1'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => readManifest(Buffer.from('not json'), d('f'), '', 'x:1'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => checkDigest(d('A'), 'x'))).toBe('INVALID_ARGUMENT');
  });
});

describe('pickEntry', () => {
  const entry = (c: string, os: string, architecture: string, variant?: string): IndexEntry => ({
    mediaType: 'm',
    digest: d(c),
    size: 1,
    platform: { os, architecture, ...(variant ? { variant } : {}) },
  });
  const index = [
    entry('a', 'linux', 'amd64'),
    entry('b', 'linux', 'arm', 'v6'),
    entry('c', 'linux', 'arm', 'v7'),
    entry('d', 'unknown', 'unknown'),
  ];

  it('matches os and architecture, and the variant when one is asked for', () => {
    expect(pickEntry(index, { os: 'linux', architecture: 'amd64' })?.digest).toBe(d('a'));
    expect(pickEntry(index, { os: 'linux', architecture: 'arm', variant: 'v7' })?.digest).toBe(d('c'));
    expect(pickEntry(index, { os: 'linux', architecture: 'arm', variant: 'v8' })).toBeUndefined();
    expect(pickEntry(index, { os: 'linux', architecture: 'arm' })?.digest).toBe(d('b'));
    expect(pickEntry(index, { os: 'windows', architecture: 'amd64' })).toBeUndefined();
  });

  it('prefers an entry without a variant when none is asked for', () => {
    expect(
      pickEntry([entry('b', 'linux', 'arm64', 'v8'), entry('a', 'linux', 'arm64')], { os: 'linux', architecture: 'arm64' })?.digest,
    ).toBe(d('a'));
  });
});

describe('uniqueBlobs', () => {
  it('lists a blob shared by platforms or tags once', () => {
    const m = (digests: string[]) => ({
      bytes: Buffer.alloc(0),
      digest: '',
      mediaType: '',
      entries: [],
      blobs: digests.map((x) => ({ mediaType: '', digest: x, size: 1 })),
    });
    expect(uniqueBlobs([m([d('1'), d('2')]), m([d('1'), d('3')]), m([d('2')])]).map((b) => b.digest)).toEqual([d('1'), d('2'), d('3')]);
  });
});

describe('uploadPath', () => {
  const base = 'http://127.0.0.1:5011';
  it('takes the registry’s Location, relative or absolute on its own origin, and adds the digest to its query', () => {
    expect(uploadPath(base, '/v2/a/b/blobs/uploads/u1?_state=xyz', d('1'))).toBe(
      `/v2/a/b/blobs/uploads/u1?_state=xyz&digest=${encodeURIComponent(d('1'))}`,
    );
    expect(uploadPath(base, 'http://127.0.0.1:5011/v2/a/b/blobs/uploads/u1')).toBe('/v2/a/b/blobs/uploads/u1');
  });

  it('refuses a Location on another origin (credentials never follow it) or none', () => {
    expect(codeOf(() => uploadPath(base, 'http://evil.example/v2/a/blobs/uploads/u1'))).toBe('INTERNAL');
    expect(codeOf(() => uploadPath(base, 'http://127.0.0.1:5012/v2/a/blobs/uploads/u1'))).toBe('INTERNAL');
    expect(codeOf(() => uploadPath(base, null))).toBe('INTERNAL');
  });
});

describe('runLimited', () => {
  it('keeps at most `limit` items in flight and does them all', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await runLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      done.push(n);
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('throws the first failure, tells the items in flight through their signal and starts no more', async () => {
    const started: number[] = [];
    const aborted: number[] = [];
    const failure = new Error('first');
    const run = runLimited([1, 2, 3, 4], 2, async (n, signal) => {
      started.push(n);
      if (n === 1) throw failure;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      aborted.push(n);
      throw new Error('aborted');
    });
    await expect(run).rejects.toBe(failure);
    expect(started).toEqual([1, 2]);
    expect(aborted).toEqual([2]);
  });
});

describe('errors naming a side', () => {
  const side = (role: 'source' | 'target') =>
    copySide(role, new RegistryClient('127.0.0.1:5012', { authFor: () => null }), '127.0.0.1:5012', 'team/app');

  it('says which registry refused what, in its words, keeping the code', () => {
    const err = sideError(
      side('target'),
      'the upload of x',
      new CoreError('UNAUTHORIZED', 'unauthorized: authentication required', { status: 401 }),
    );
    expect(err).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'The target registry 127.0.0.1:5012 refused the upload of x: unauthorized: authentication required',
    });
    const broke = sideError(side('source'), 'serving y', new CoreError('REGISTRY_UNREACHABLE', 'it broke off (ECONNRESET)'));
    expect(broke).toMatchObject({ message: 'The source registry 127.0.0.1:5012 failed serving y: it broke off (ECONNRESET)' });
  });

  it('leaves a cancel as a cancel', () => {
    const cancel = new CoreError('CANCELLED', 'Cancelled');
    expect(sideError(side('source'), 'x', cancel)).toBe(cancel);
  });
});

describe('checkCopyRequest', () => {
  const req = (over: Record<string, unknown> = {}) => ({
    source: { host: '127.0.0.1:5011', repository: 'team/app', tags: ['1'] },
    target: { host: '127.0.0.1:5012', repository: 'team/app' },
    ...over,
  });
  it('lets a copy to another registry or repository through and refuses a copy onto itself', () => {
    expect(codeOf(() => checkCopyRequest(req()))).toBe('no error');
    expect(codeOf(() => checkCopyRequest(req({ target: { host: '127.0.0.1:5011', repository: 'team/app' } })))).toBe('INVALID_ARGUMENT');
  });

  it('takes Docker Hub as a source, as a Hub row in the images list names it (docker.io, library/…)', () => {
    const hub = { host: 'docker.io', repository: 'library/nginx', tags: ['latest'] };
    expect(codeOf(() => checkCopyRequest(req({ source: hub })))).toBe('no error');
    expect(new RegistryClient('docker.io', { authFor: () => null }).endpoint.baseUrl).toBe('https://registry-1.docker.io');
  });

  it('refuses hosts, repositories and tags outside the grammar', () => {
    expect(codeOf(() => checkCopyRequest(req({ target: { host: 'a b', repository: 'x' } })))).toBe('INVALID_ARGUMENT');
    // The login door drops a URL's path; a copy's host must be the host whole.
    expect(codeOf(() => checkCopyRequest(req({ target: { host: '127.0.0.1:5000/../x', repository: 'x' } })))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => checkCopyRequest(req({ target: { host: 'user@127.0.0.1:5000', repository: 'x' } })))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => checkCopyRequest(req({ target: { host: 'http://127.0.0.1:5000', repository: 'x' } })))).toBe('no error');
    expect(codeOf(() => checkCopyRequest(req({ target: { host: '127.0.0.1:5012', repository: 'a/../b' } })))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => checkCopyRequest(req({ source: { host: '127.0.0.1:5011', repository: 'a', tags: ['-x'] } })))).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('titles the job with what it copies', () => {
    expect(copyTitle(req())).toBe('Copy 127.0.0.1:5011/team/app 1 to 127.0.0.1:5012/team/app');
    expect(copyTitle({ ...req(), source: { host: 'h', repository: 'r' }, platform: 'linux/arm64' })).toBe(
      'Copy h/r all tags (linux/arm64) to 127.0.0.1:5012/team/app',
    );
  });
});

describe('the client’s request shapes for a copy', () => {
  type Call = { url: string; method: string; headers: Record<string, string>; redirect?: string };
  const recording = (answers: ((c: Call) => Response)[]) => {
    const calls: Call[] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      const call = { url, method: init.method ?? 'GET', headers: { ...(init.headers as Record<string, string>) }, redirect: init.redirect };
      calls.push(call);
      const next = answers.shift();
      if (!next) throw new Error('unexpected request');
      return next(call);
    }) as unknown as typeof fetch;
    return { calls, fetchFn };
  };
  const basic = { authFor: () => ({ username: 'u', password: 'p' }) };

  it('follows a blob GET to its storage without the registry’s credentials', async () => {
    const { calls, fetchFn } = recording([
      () => new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="r"' } }),
      () => new Response(null, { status: 307, headers: { Location: 'https://storage.example/blob?sig=1' } }),
      () => new Response('bytes', { status: 200 }),
    ]);
    const client = new RegistryClient('127.0.0.1:5011', { ...basic, fetch: fetchFn });
    const r = await client.request({ path: `/v2/a/blobs/${d('1')}`, redirect: 'storage' });
    expect(await r.text()).toBe('bytes');
    expect(calls.map((c) => [c.url, c.redirect, Boolean(c.headers.Authorization)])).toEqual([
      [`http://127.0.0.1:5011/v2/a/blobs/${d('1')}`, 'manual', false],
      [`http://127.0.0.1:5011/v2/a/blobs/${d('1')}`, 'manual', true],
      ['https://storage.example/blob?sig=1', 'manual', false],
    ]);
  });

  it('refuses a storage redirect to plain http off this computer', async () => {
    const { fetchFn } = recording([() => new Response(null, { status: 302, headers: { Location: 'http://storage.example/blob' } })]);
    const client = new RegistryClient('127.0.0.1:5011', { ...basic, fetch: fetchFn });
    await expect(client.request({ path: '/v2/a/blobs/x', redirect: 'storage' })).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('sends a body with its headers, and never resends a stream after a 401', async () => {
    const { calls, fetchFn } = recording([() => new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="r"' } })]);
    const client = new RegistryClient('127.0.0.1:5011', { ...basic, fetch: fetchFn });
    const body = new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    await expect(
      client.request({ method: 'PUT', path: '/v2/a/blobs/uploads/u', headers: { 'Content-Type': 'application/octet-stream' }, body }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'PUT', redirect: 'manual', headers: { 'Content-Type': 'application/octet-stream' } });
  });

  it('resends a body it holds whole after a 401, with the credentials', async () => {
    const digest = `sha256:${createHash('sha256').update('{}').digest('hex')}`;
    const { calls, fetchFn } = recording([
      () => new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="r"' } }),
      () => new Response(null, { status: 201, headers: { 'Docker-Content-Digest': digest } }),
    ]);
    const client = new RegistryClient('127.0.0.1:5011', { ...basic, fetch: fetchFn });
    const r = await client.request({ method: 'PUT', path: '/v2/a/manifests/1', body: Buffer.from('{}') });
    expect(r.status).toBe(201);
    expect(calls.map((c) => Boolean(c.headers.Authorization))).toEqual([false, true]);
  });
});
