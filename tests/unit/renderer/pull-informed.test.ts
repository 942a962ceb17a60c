// The pull dialog's registry half without a registry: what the typed text names, the tag order (the
// v2 API has no dates: latest first, then names descending with numbers as numbers), the filter, the
// platform picker's options, the pull slice's requests (platform only when picked), the `docker pull
// --platform` Copy as shows, the contract's platform grammar, and the core's reading of an index's and
// a config's platforms (attestations and words that are no `--platform` left out).
import { describe, expect, it } from 'vitest';
import { ImagePullRequest, type RegistryPlatforms } from '../../../shared/contract';
import { pullCommand } from '../../../shared/docker-command';
import { isPlatform, platformString } from '../../../shared/platform';
import { indexPlatforms, platformOf } from '../../../electron/core/registries/manifest-platforms';
import { checkRepository } from '../../../electron/core/registries/registry-client';
import {
  compareTags,
  enginePlatform,
  filterTags,
  indexHasPlatform,
  platformChoices,
  platformsKey,
  sortTags,
  tagsKey,
  typedRepository,
  withTag,
} from '../../../renderer/src/features/search-pull/pull-model';
import { createAppStore } from '../../../renderer/src/store';
import { fakeApi } from './fake-api';

const D = (c: string) => `sha256:${c.repeat(64)}`;

describe('what the typed reference names', () => {
  it('a host, a repository path and the name as typed, with or without a tag', () => {
    expect(typedRepository('127.0.0.1:5011/stevedore-pull/multi')).toEqual({
      host: '127.0.0.1:5011',
      repository: 'stevedore-pull/multi',
      name: '127.0.0.1:5011/stevedore-pull/multi',
    });
    expect(typedRepository(' localhost:5000/team/app:1.2 ')).toEqual({
      host: 'localhost:5000',
      repository: 'team/app',
      name: 'localhost:5000/team/app',
      tag: '1.2',
    });
  });

  it('a bare name is Docker Hub, library/ for official images', () => {
    expect(typedRepository('busybox:1.36')).toMatchObject({
      host: 'docker.io',
      repository: 'library/busybox',
      name: 'busybox',
      tag: '1.36',
    });
    expect(typedRepository('me/app')).toMatchObject({ host: 'docker.io', repository: 'me/app', name: 'me/app' });
  });

  it('nothing for text that is no reference; a digest reference has no tag to ask about', () => {
    for (const bad of ['', '  ', 'Bad/Name', 'x:', '../x', 'a b']) expect(typedRepository(bad), bad).toBeNull();
    const digest = typedRepository(`reg.example.com/x:1@${D('a')}`);
    expect(digest).toMatchObject({ host: 'reg.example.com', repository: 'x', tag: '1', digest: D('a'), name: 'reg.example.com/x' });
    expect(platformsKey(digest)).toBe('');
  });

  it('asks for tags once per repository (typing a tag does not ask again), for platforms once per tag', () => {
    const a = typedRepository('127.0.0.1:5011/x');
    const b = typedRepository('127.0.0.1:5011/x:1');
    expect(tagsKey(a)).toBe(tagsKey(b));
    expect(platformsKey(a)).toBe('');
    expect(platformsKey(b)).toBe('127.0.0.1:5011/x:1');
    expect(tagsKey(null)).toBe('');
  });

  it('a picked tag replaces the typed one', () => {
    expect(withTag(typedRepository('127.0.0.1:5011/x:old')!, '1.10')).toBe('127.0.0.1:5011/x:1.10');
    expect(withTag(typedRepository('busybox')!, 'musl')).toBe('busybox:musl');
  });
});

describe('tag order and filter', () => {
  it('latest first, then names descending with numbers compared as numbers', () => {
    expect(sortTags(['1.9', '1.10', '1.2', 'latest', '2', '10', '1.10.1', '1'])).toEqual([
      'latest',
      '10',
      '2',
      '1.10.1',
      '1.10',
      '1.9',
      '1.2',
      '1',
    ]);
  });

  it('is a total order: names that compare equal as numbers still get a fixed place, duplicates once', () => {
    expect(sortTags(['1', '01', '1', '001'])).toEqual(['1', '01', '001']);
    expect(sortTags(['01', '1', '001'])).toEqual(sortTags(['001', '01', '1']));
    expect(compareTags('latest', 'latest')).toBe(0);
    expect(compareTags('latest', 'zzz')).toBeLessThan(0);
  });

  it('filters by a substring in any case; blank keeps all', () => {
    const tags = ['latest', '1.36-musl', '1.36-glibc', 'Musl-edge'];
    expect(filterTags(tags, 'MUSL')).toEqual(['1.36-musl', 'Musl-edge']);
    expect(filterTags(tags, '  ')).toEqual(tags);
    expect(filterTags(tags, 'nope')).toEqual([]);
  });
});

describe('the platform picker', () => {
  const index: RegistryPlatforms = {
    repository: 'x',
    tag: '1',
    digest: D('0'),
    mediaType: 'application/vnd.oci.image.index.v1+json',
    index: true,
    platforms: [
      { os: 'linux', architecture: 'amd64', digest: D('1'), size: 500 },
      { os: 'linux', architecture: 'arm64', variant: 'v8', digest: D('2'), size: 500 },
      { os: 'linux', architecture: 'arm', variant: 'v7', digest: D('3'), size: 500 },
    ],
  };

  it("the engine's own os/arch from its status", () => {
    expect(enginePlatform({ os: 'linux', arch: 'amd64' })).toBe('linux/amd64');
    expect(enginePlatform({ os: 'linux' })).toBeNull();
    expect(enginePlatform(null)).toBeNull();
    expect(enginePlatform({ os: 'Linux', arch: 'x 86' })).toBeNull();
  });

  it("offers the index's other entries after the engine's own; none for a single manifest", () => {
    expect(platformChoices(index, 'linux/amd64')).toEqual(['linux/arm64/v8', 'linux/arm/v7']);
    expect(platformChoices(index, null)).toEqual(['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7']);
    expect(platformChoices({ ...index, index: false, platforms: index.platforms.slice(1, 2) }, 'linux/amd64')).toBeNull();
    expect(platformChoices(null, 'linux/amd64')).toBeNull();
  });

  it("knows when the index has no entry for the engine's platform (any variant counts)", () => {
    expect(indexHasPlatform(index, 'linux/amd64')).toBe(true);
    expect(indexHasPlatform(index, 'linux/arm64')).toBe(true);
    expect(indexHasPlatform(index, 'linux/s390x')).toBe(false);
  });

  it('Copy as shows --platform for a picked one, nothing more otherwise', () => {
    expect(pullCommand('127.0.0.1:5011/stevedore-pull/multi:1', { platform: 'linux/arm64' })).toBe(
      'docker pull --platform linux/arm64 127.0.0.1:5011/stevedore-pull/multi:1',
    );
    expect(pullCommand('busybox', {})).toBe('docker pull busybox');
  });
});

describe('the pull slice', () => {
  it('sends the platform only when one was picked, and asks the registry channels as typed', async () => {
    const f = fakeApi({
      'images.pull': () => ({ jobId: 'j' }),
      'registry.tags': (req) => ({ repository: (req as { repository: string }).repository, tags: ['1'] }),
      'registry.platforms': () => ({ repository: 'x', tag: '1', digest: D('0'), mediaType: '', index: false, platforms: [] }),
    });
    const store = createAppStore({ api: f.api });
    const p = () => store.getState().pull;
    await p().start(' 127.0.0.1:5011/x:1 ', 'linux/arm64');
    await p().start('127.0.0.1:5011/x:1');
    await p().remoteTags('127.0.0.1:5011', 'x');
    await p().remotePlatforms('127.0.0.1:5011', 'x', '1');
    expect(f.calls.map((c) => [c.channel, c.request])).toEqual([
      ['images.pull', { reference: '127.0.0.1:5011/x:1', platform: 'linux/arm64' }],
      ['images.pull', { reference: '127.0.0.1:5011/x:1' }],
      ['registry.tags', { host: '127.0.0.1:5011', repository: 'x' }],
      ['registry.platforms', { host: '127.0.0.1:5011', repository: 'x', tag: '1' }],
    ]);
  });
});

describe('the platform grammar', () => {
  it('the contract takes os/arch[/variant] in lowercase words, nothing else', () => {
    for (const good of ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'windows/amd64', 'linux/ppc64le', 'linux/riscv64', 'wasip1/wasm']) {
      expect(ImagePullRequest.safeParse({ reference: 'x', platform: good }).success, good).toBe(true);
      expect(isPlatform(good), good).toBe(true);
    }
    for (const bad of [
      '',
      'linux',
      'linux/',
      '/amd64',
      'Linux/amd64',
      'linux/amd64/v8/x',
      'linux/../arm64',
      'linux/./x',
      'linux/amd64 ',
      'linux\\amd64',
      'linux/amd64\n',
      `linux/${'a'.repeat(80)}`,
      'linux/arm64?x=1',
    ]) {
      expect(ImagePullRequest.safeParse({ reference: 'x', platform: bad }).success, JSON.stringify(bad)).toBe(false);
      expect(isPlatform(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(ImagePullRequest.safeParse({ reference: 'x' }).success).toBe(true);
    expect(platformString({ os: 'linux', architecture: 'arm', variant: 'v7' })).toBe('linux/arm/v7');
  });
});

describe("reading a tag's platforms (core)", () => {
  it("an index's entries in order, attestations and entries whose words are no platform left out", () => {
    const body = {
      manifests: [
        { digest: D('1'), size: 10, platform: { os: 'linux', architecture: 'amd64' } },
        { digest: D('2'), size: 11, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        { digest: D('3'), size: 12, platform: { os: 'unknown', architecture: 'unknown' } },
        { digest: D('4'), size: 13, platform: { os: 'linux', architecture: '../x' } },
        { digest: 'sha256:short', size: 1, platform: { os: 'linux', architecture: 's390x' } },
        { digest: D('5'), size: -1, platform: { os: 'linux', architecture: 'ppc64le', variant: 'A B' } },
        { digest: D('6'), platform: { os: 'windows', architecture: 'amd64', variant: '' } },
        { digest: D('7') },
      ],
    };
    expect(indexPlatforms(body)).toEqual([
      { os: 'linux', architecture: 'amd64', digest: D('1'), size: 10 },
      { os: 'linux', architecture: 'arm64', variant: 'v8', digest: D('2'), size: 11 },
      { os: 'windows', architecture: 'amd64', digest: D('6'), size: 0 },
    ]);
    expect(indexPlatforms({})).toEqual([]);
  });

  it('a repository that is 64 hex digits is refused in the CLI words before any request (distribution answers it with a 500)', () => {
    expect(() => checkRepository('0'.repeat(64))).toThrow(/cannot specify 64-byte hexadecimal strings/);
    expect(checkRepository(`x/${'0'.repeat(64)}`)).toBe(`x/${'0'.repeat(64)}`);
    expect(checkRepository('deadbeef0')).toBe('deadbeef0');
  });

  it("a config's os, architecture and variant", () => {
    expect(platformOf({ os: 'linux', architecture: 'arm', variant: 'v7' })).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(platformOf({ os: 'linux', architecture: 7 })).toBeNull();
    expect(platformOf(undefined)).toBeNull();
  });
});
