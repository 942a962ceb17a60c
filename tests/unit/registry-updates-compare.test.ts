// Update detection's rule (update-compare.ts) and which local tags it looks at (local-tags.ts):
// up to date, newer, multi-arch aware (never a false "newer" for an index whose entry for this
// platform did not change), the per-registry bound on requests in flight, and what is asked of a
// registry (remote-manifest.ts through the one client, with a recording fetch).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RegistryClient } from '../../electron/core/registries/registry-client';
import { remoteManifests } from '../../electron/core/registry-updates/remote-manifest';
import { compareTag, entryFor, type IndexEntry, type RemoteHead } from '../../electron/core/registry-updates/update-compare';
import { canonicalTag, localTags } from '../../electron/core/registry-updates/local-tags';
import { DeadRegistries, Limiter } from '../../electron/core/registry-updates/update-checker';
import { CoreError } from '../../electron/core/engine/engine-errors';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const INDEX = 'application/vnd.oci.image.index.v1+json';
const LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const amd64 = { os: 'linux', architecture: 'amd64' };

/** A registry in memory: what the tag names, the indexes and the manifests' configs; counts what was asked. */
function remote(head: RemoteHead, indexes: Record<string, IndexEntry[]> = {}, configs: Record<string, string> = {}) {
  const asked: string[] = [];
  return {
    asked,
    head: async () => {
      asked.push('head');
      return head;
    },
    index: async (d: string) => {
      asked.push(`index ${d}`);
      return indexes[d] ?? [];
    },
    configDigest: async (d: string) => {
      asked.push(`config ${d}`);
      return configs[d];
    },
  };
}

const local = (digests: string[], imageId = D('0'), platform: { os: string; architecture: string; variant?: string } = amd64) => {
  const seen = { platformAsked: 0 };
  return {
    seen,
    side: {
      imageId,
      digests,
      platform: async () => {
        seen.platformAsked++;
        return platform;
      },
    },
  };
};

describe('compareTag', () => {
  it('is up to date when the tag names a local digest, and asks nothing more (not even the platform)', async () => {
    const r = remote({ digest: D('a'), mediaType: INDEX });
    const l = local([D('a')]);
    expect(await compareTag(l.side, r)).toEqual({ status: 'upToDate', localDigest: D('a'), remoteDigest: D('a') });
    expect(r.asked).toEqual(['head']);
    expect(l.seen.platformAsked).toBe(0);
  });

  it('is newer when a single-platform tag names another manifest with another config', async () => {
    const r = remote({ digest: D('b'), mediaType: MANIFEST }, {}, { [D('b')]: D('c') });
    expect(await compareTag(local([D('a')]).side, r)).toEqual({ status: 'newer', localDigest: D('a'), remoteDigest: D('b') });
  });

  it('is up to date when the other manifest holds the same config (the image ID): the same image', async () => {
    const r = remote({ digest: D('b'), mediaType: MANIFEST }, {}, { [D('b')]: D('9') });
    expect(await compareTag(local([D('a')], D('9')).side, r)).toMatchObject({ status: 'upToDate' });
  });

  it("compares an index's entry for the image's platform with the local platform manifest", async () => {
    const entries: IndexEntry[] = [
      { digest: D('c'), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { digest: D('a'), platform: { os: 'linux', architecture: 'amd64' } },
      { digest: D('e'), platform: { os: 'unknown', architecture: 'unknown' } },
    ];
    const r = remote({ digest: D('i'), mediaType: INDEX }, { [D('i')]: entries });
    expect(await compareTag(local([D('a')]).side, r)).toEqual({
      status: 'upToDate',
      localDigest: D('a'),
      remoteDigest: D('i'),
      platform: 'linux/amd64',
    });
    expect(r.asked).toEqual(['head', `index ${D('i')}`]);
  });

  it('never says newer for a changed index whose entry for this platform is still this image (local digest an old index)', async () => {
    // Pulled as index D(1); the index now is D(2) (arm64 rebuilt); its amd64 entry's config is the local image.
    const entries: IndexEntry[] = [
      { digest: D('a'), platform: amd64 },
      { digest: D('f'), platform: { os: 'linux', architecture: 'arm64' } },
    ];
    const r = remote({ digest: D('2'), mediaType: LIST }, { [D('2')]: entries }, { [D('a')]: D('9') });
    expect(await compareTag(local([D('1')], D('9')).side, r)).toMatchObject({ status: 'upToDate', platform: 'linux/amd64' });
  });

  it("is newer when the index's entry for this platform is another image", async () => {
    const entries: IndexEntry[] = [{ digest: D('b'), platform: amd64 }];
    const r = remote({ digest: D('2'), mediaType: INDEX }, { [D('2')]: entries }, { [D('b')]: D('8') });
    expect(await compareTag(local([D('1')], D('9')).side, r)).toEqual({
      status: 'newer',
      localDigest: D('1'),
      remoteDigest: D('2'),
      platform: 'linux/amd64',
    });
  });

  it("can't tell (noPlatform), never newer, when the index has no entry for this platform", async () => {
    const r = remote(
      { digest: D('2'), mediaType: INDEX },
      { [D('2')]: [{ digest: D('b'), platform: { os: 'linux', architecture: 's390x' } }] },
    );
    expect(await compareTag(local([D('1')], D('9'), { os: 'linux', architecture: 'arm64' }).side, r)).toEqual({
      status: 'unknown',
      reason: 'noPlatform',
      message: 'The index has no entry for linux/arm64',
      localDigest: D('1'),
      remoteDigest: D('2'),
      platform: 'linux/arm64',
    });
  });

  it("can't tell (noPlatform) when the image's inspect names no architecture, and reads no index", async () => {
    const r = remote({ digest: D('2'), mediaType: INDEX }, { [D('2')]: [{ digest: D('b'), platform: amd64 }] });
    expect(await compareTag(local([D('1')], D('9'), { os: 'linux', architecture: '' }).side, r)).toMatchObject({
      status: 'unknown',
      reason: 'noPlatform',
    });
    expect(r.asked).toEqual(['head']);
  });

  it('matches the platform as containerd does: arm64/v8 is arm64, arm is arm/v7', async () => {
    const entries: IndexEntry[] = [
      { digest: D('a'), platform: { os: 'linux', architecture: 'arm64' } },
      { digest: D('b'), platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
    ];
    const r = () => remote({ digest: D('2'), mediaType: INDEX }, { [D('2')]: entries });
    const arm64v8 = local([D('a')], D('9'), { os: 'linux', architecture: 'arm64', variant: 'v8' }).side;
    expect(await compareTag(arm64v8, r())).toMatchObject({ status: 'upToDate', localDigest: D('a'), platform: 'linux/arm64/v8' });
    const arm = local([D('b')], D('9'), { os: 'linux', architecture: 'arm' }).side;
    expect(await compareTag(arm, r())).toMatchObject({ status: 'upToDate', localDigest: D('b') });
  });

  it("containerd's store (image ID = the old index digest): up to date when the old index had this very entry for the platform", async () => {
    // Pulled as index D(1), whose amd64 entry is D(a); the tag now names index D(2) (arm64 rebuilt), amd64 entry still D(a).
    const entries = (arm: string): IndexEntry[] => [
      { digest: D('a'), platform: amd64 },
      { digest: D(arm), platform: { os: 'linux', architecture: 'arm64' } },
    ];
    const r = remote({ digest: D('2'), mediaType: INDEX }, { [D('1')]: entries('c'), [D('2')]: entries('f') }, { [D('a')]: D('8') });
    expect(await compareTag(local([D('1')], D('1')).side, r)).toEqual({
      status: 'upToDate',
      localDigest: D('1'),
      remoteDigest: D('2'),
      platform: 'linux/amd64',
    });
  });

  it("containerd's store: newer when the old index's entry differs; an old index the registry no longer has is no answer", async () => {
    const r = remote(
      { digest: D('2'), mediaType: INDEX },
      { [D('1')]: [{ digest: D('b'), platform: amd64 }], [D('2')]: [{ digest: D('a'), platform: amd64 }] },
      { [D('a')]: D('8') },
    );
    expect(await compareTag(local([D('1')], D('1')).side, r)).toMatchObject({ status: 'newer', localDigest: D('1') });
    const gone = {
      ...remote({ digest: D('2'), mediaType: INDEX }, { [D('2')]: [{ digest: D('a'), platform: amd64 }] }),
      index: async (d: string) => {
        if (d === D('2')) return [{ digest: D('a'), platform: amd64 }];
        throw Object.assign(new Error('manifest unknown'), { code: 'NOT_FOUND' });
      },
    };
    expect(await compareTag(local([D('1')], D('1')).side, gone)).toMatchObject({ status: 'newer' });
    const down = {
      ...gone,
      index: async (d: string) =>
        d === D('2')
          ? [{ digest: D('a'), platform: amd64 }]
          : Promise.reject(Object.assign(new Error('down'), { code: 'REGISTRY_UNREACHABLE' })),
    };
    await expect(compareTag(local([D('1')], D('1')).side, down)).rejects.toThrow('down');
  });

  it('passes a registry failure through (the checker turns it into a reason)', async () => {
    const failing = { head: async () => Promise.reject(new Error('down')), index: async () => [], configDigest: async () => undefined };
    await expect(compareTag(local([D('a')]).side, failing)).rejects.toThrow('down');
  });
});

describe('entryFor', () => {
  const arm = (variant?: string): IndexEntry => ({
    digest: D(variant ? variant.slice(-1) : 'n'),
    platform: { os: 'linux', architecture: 'arm', ...(variant ? { variant } : {}) },
  });
  it('matches os, architecture and the variant asked for', () => {
    expect(entryFor([arm('v6'), arm('v7')], { os: 'linux', architecture: 'arm', variant: 'v7' })?.digest).toBe(D('7'));
    expect(entryFor([arm('v6')], { os: 'linux', architecture: 'arm', variant: 'v7' })).toBeUndefined();
  });
  it("normalises the default variants (arm: none is v7; arm64: none is v8) and takes no other variant's entry", () => {
    expect(entryFor([arm('v6'), arm()], { os: 'linux', architecture: 'arm' })?.digest).toBe(D('n'));
    expect(entryFor([arm('v6'), arm('v7')], { os: 'linux', architecture: 'arm' })?.digest).toBe(D('7'));
    expect(entryFor([arm('v6'), arm()], { os: 'linux', architecture: 'arm', variant: 'v7' })?.digest).toBe(D('n'));
    expect(entryFor([arm('v6')], { os: 'linux', architecture: 'arm' })).toBeUndefined();
    const arm64 = { digest: D('8'), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } };
    expect(entryFor([arm64], { os: 'linux', architecture: 'arm64' })?.digest).toBe(D('8'));
    expect(
      entryFor([{ ...arm64, platform: { os: 'linux', architecture: 'arm64' } }], { os: 'linux', architecture: 'arm64', variant: 'v8' })
        ?.digest,
    ).toBe(D('8'));
    expect(entryFor([arm64], { os: 'linux', architecture: 'aarch64' })?.digest).toBe(D('8'));
  });
  it('never matches another os', () => {
    expect(entryFor([{ digest: D('w'), platform: { os: 'windows', architecture: 'amd64' } }], amd64)).toBeUndefined();
  });
});

describe('localTags', () => {
  it("pairs each tag with its image's digests for that tag's repository only", () => {
    const tags = localTags([
      {
        Id: D('1'),
        RepoTags: ['busybox:latest', 'me/copy:1', '127.0.0.1:5000/team/app:2'],
        RepoDigests: [`busybox@${D('a')}`, `127.0.0.1:5000/team/app@${D('b')}`, `127.0.0.1:5000/team/app@${D('c')}`],
      },
      { Id: D('2'), RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] },
      { Id: D('3'), RepoTags: ['built:1'], RepoDigests: [] },
    ]);
    expect(tags).toEqual([
      {
        reference: '127.0.0.1:5000/team/app:2',
        canonical: '127.0.0.1:5000/team/app:2',
        registry: '127.0.0.1:5000',
        repository: 'team/app',
        tag: '2',
        imageId: D('1'),
        digests: [D('b'), D('c')],
        fromRegistry: true,
      },
      expect.objectContaining({ reference: 'built:1', digests: [], fromRegistry: false }),
      {
        reference: 'busybox:latest',
        canonical: 'docker.io/library/busybox:latest',
        registry: 'docker.io',
        repository: 'library/busybox',
        tag: 'latest',
        imageId: D('1'),
        digests: [D('a')],
        fromRegistry: true,
      },
      expect.objectContaining({ reference: 'me/copy:1', registry: 'docker.io', repository: 'me/copy', digests: [], fromRegistry: true }),
    ]);
  });

  it('keys a reference as the cache does, and refuses what is no tag', () => {
    expect(canonicalTag('busybox')).toBe('docker.io/library/busybox:latest');
    expect(canonicalTag('docker.io/library/busybox:1')).toBe('docker.io/library/busybox:1');
    expect(() => canonicalTag('Busybox')).toThrow(expect.objectContaining({ code: 'INVALID_REFERENCE' }));
    expect(() => canonicalTag(`busybox@${D('a')}`)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('Limiter', () => {
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };

  it('runs at most its limit at once and starts the next one when one ends', async () => {
    const limiter = new Limiter(4);
    const gates: (() => void)[] = [];
    let started = 0;
    const all = Array.from({ length: 10 }, () =>
      limiter.run(async () => {
        started++;
        await new Promise<void>((r) => gates.push(r));
      }),
    );
    await turns(5);
    expect(started).toBe(4);
    gates[0]();
    await turns(5);
    expect(started).toBe(5);
    while (gates.length < 10) {
      gates.forEach((g) => g());
      await turns(5);
    }
    gates.forEach((g) => g());
    await Promise.all(all);
    expect(started).toBe(10);
  });
});

describe('DeadRegistries (one check)', () => {
  it('once a registry answered unreachable, the tags queued for it fail with the same words without being sent', async () => {
    const limiter = new Limiter(4);
    const dead = new DeadRegistries();
    const sent: string[] = [];
    const gates: (() => void)[] = [];
    const tags = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const all = tags.map((tag) =>
      limiter
        .run(() =>
          dead.guard('127.0.0.1:5999', async () => {
            sent.push(tag);
            await new Promise<void>((r) => gates.push(r));
            throw new CoreError('REGISTRY_UNREACHABLE', 'Cannot reach the registry at http://127.0.0.1:5999 (ECONNREFUSED)');
          }),
        )
        .catch((err: CoreError) => err),
    );
    while (gates.length < 4) await new Promise((r) => setImmediate(r));
    gates.forEach((g) => g());
    const errors = await Promise.all(all);
    expect(sent).toEqual(['t0', 't1', 't2', 't3']);
    for (const e of errors) expect(e).toMatchObject({ code: 'REGISTRY_UNREACHABLE', message: expect.stringContaining('127.0.0.1:5999') });
  });

  it('another registry, and any other failure, still goes ahead', async () => {
    const dead = new DeadRegistries();
    await expect(dead.guard('a', () => Promise.reject(new CoreError('UNAUTHORIZED', 'no')))).rejects.toThrow('no');
    expect(await dead.guard('a', async () => 'sent')).toBe('sent');
    await expect(dead.guard('a', () => Promise.reject(new CoreError('REGISTRY_UNREACHABLE', 'down')))).rejects.toThrow('down');
    expect(await dead.guard('b', async () => 'sent')).toBe('sent');
    await expect(dead.guard('a', async () => 'sent')).rejects.toThrow('down');
  });
});

describe('remoteManifests (through the one registry client, with a recording fetch)', () => {
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: [{ digest: D('a'), platform: amd64 }] }));
  const indexDigest = `sha256:${createHash('sha256').update(index).digest('hex')}`;

  function registry(answer: (method: string, url: string) => Response) {
    const seen: string[] = [];
    const fetchFn = (async (url: string | URL | Request, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      seen.push(`${method} ${String(url)} ${(init?.headers as Record<string, string>)?.Accept ?? ''}`);
      return answer(method, String(url));
    }) as typeof fetch;
    const client = new RegistryClient('127.0.0.1:5999', { authFor: () => null, fetch: fetchFn });
    return { seen, client };
  }

  it('HEADs the tag with every manifest and index type accepted', async () => {
    const { seen, client } = registry(() => new Response(null, { headers: { 'Docker-Content-Digest': D('b'), 'Content-Type': LIST } }));
    expect(await remoteManifests(client, 'team/app', '1').head()).toEqual({ digest: D('b'), mediaType: LIST });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^HEAD http:\/\/127\.0\.0\.1:5999\/v2\/team\/app\/manifests\/1 /);
    for (const type of [MANIFEST, LIST, 'application/vnd.oci.image.manifest.v1+json', INDEX]) expect(seen[0]).toContain(type);
  });

  it('GETs and hashes the bytes when HEAD gives no digest, and reads an index from them', async () => {
    const { seen, client } = registry((method) =>
      method === 'HEAD'
        ? new Response(null, { headers: { 'Content-Type': INDEX } })
        : new Response(index, { headers: { 'Content-Type': INDEX } }),
    );
    expect(await remoteManifests(client, 'team/app', '1').head()).toEqual({ digest: indexDigest, mediaType: INDEX });
    expect(seen.map((s) => s.split(' ')[0])).toEqual(['HEAD', 'GET']);
  });

  it('takes a tag whose HEAD says plain application/json (or no type) for an index when its body has manifests', async () => {
    const bare = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ digest: D('a'), platform: amd64 }] }));
    const bareDigest = `sha256:${createHash('sha256').update(bare).digest('hex')}`;
    for (const type of ['application/json', 'application/json; charset=utf-8', undefined]) {
      const headers: Record<string, string> = { 'Docker-Content-Digest': bareDigest, ...(type ? { 'Content-Type': type } : {}) };
      const { seen, client } = registry((method) => new Response(method === 'HEAD' ? null : bare, { headers }));
      expect(await remoteManifests(client, 'team/app', '1').head()).toEqual({ digest: bareDigest, mediaType: INDEX });
      expect(seen.map((s) => s.split(' ')[0])).toEqual(['HEAD', 'GET']);
    }
  });

  it('refuses a digest from the registry that is no digest, before it goes into a URL', async () => {
    const { client } = registry(() => new Response(null, { headers: { 'Docker-Content-Digest': '../../x', 'Content-Type': LIST } }));
    await expect(remoteManifests(client, 'team/app', '1').head()).rejects.toThrow(/invalid digest/);
    await expect(remoteManifests(client, 'team/app', '1').index('../../x')).rejects.toThrow(/invalid digest/);
  });

  it('refuses a repository or tag the grammar refuses before anything is sent', async () => {
    const { seen, client } = registry(() => new Response(null));
    expect(() => remoteManifests(client, '../x', '1')).toThrow(/not a repository name/);
    await expect(remoteManifests(client, 'team/app', '../1').head()).rejects.toThrow(/not a valid tag/);
    expect(seen).toEqual([]);
  });

  it('refuses a manifest larger than a registry may store', async () => {
    const { client } = registry(() => new Response('x', { headers: { 'Content-Length': String(5 * 1024 * 1024) } }));
    await expect(remoteManifests(client, 'team/app', '1').configDigest(D('a'))).rejects.toThrow(/larger than a manifest/);
  });
});
