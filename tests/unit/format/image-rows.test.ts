// Specifies the one row expansion behind images.list and `docker images --format`: the grid's
// contract rows are exactly the CLI's rows (the ones formatImages renders, which
// tests/integration/images-format.test.ts compares byte for byte with the docker CLI), and the
// fast path for a tag in the same repository as the one before it splits as the full parse does.
import type { ImageInfo } from 'dockerode';
import { describe, expect, it } from 'vitest';
import { expandImage, expandImageRows, isDangling, isTag } from '../../../electron/core/images/format/image-rows';

const hex = (c: string) => c.repeat(64);
const DIGEST = `sha256:${hex('d')}`;
const image = (over: Partial<ImageInfo>): ImageInfo =>
  ({
    Id: `sha256:${hex('a')}`,
    ParentId: '',
    RepoTags: [],
    RepoDigests: [],
    Created: 1,
    Size: 2,
    SharedSize: -1,
    Labels: {},
    Containers: -1,
    ...over,
  }) as ImageInfo;

/** The grid's rows rebuilt from the CLI's rows, one field at a time. */
function fromCliRows(images: ImageInfo[], digests: boolean) {
  return images.flatMap((img) => {
    const rows = expandImage(img, { digests, formatUsesDigest: false });
    const untagged = rows.every((r) => r.tag === '<none>');
    return rows.map((r) => ({
      key: `${img.Id}|${r.repository}|${r.tag}|${r.digest}`,
      id: img.Id,
      repository: r.repository,
      tag: r.tag,
      digest: r.digest,
      created: img.Created,
      size: img.Size,
      virtualSize: (img as { VirtualSize?: number }).VirtualSize ?? img.Size,
      sharedSize: img.SharedSize ?? -1,
      containers: img.Containers ?? -1,
      labels: img.Labels ?? {},
      parentId: img.ParentId ?? '',
      dangling: untagged,
    }));
  });
}

function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

describe('image rows', () => {
  it('splits a run of tags in one repository as the full parse does, at every break in the run', () => {
    const img = image({
      RepoTags: [
        'app:1',
        'app:2',
        'app:2:x', // not a tag: skipped, the run goes on
        'app:@x', // a digest sign: skipped
        'app:-bad', // a tag must not start with '-'
        'docker.io/library/app:3', // the same familiar repository written another way
        'app/sub:4', // another repository that starts with the run's name
        'app:5',
        'App:6', // not a repository name
        'localhost:5000/app:7',
        'localhost:5000/app:8',
        'localhost:5000:9', // a port, not a tag: no repository
        `app:${'t'.repeat(128)}`,
        `app:${'t'.repeat(129)}`,
      ],
      RepoDigests: [`app@${DIGEST}`],
    });
    expect(expandImage(img, { digests: false, formatUsesDigest: false }).map((r) => `${r.repository}:${r.tag}`)).toEqual([
      'app:1',
      'app:2',
      'app:3',
      'app:5',
      `app:${'t'.repeat(128)}`,
      'app/sub:4',
      'localhost:5000/app:7',
      'localhost:5000/app:8',
    ]);
    expect(expandImage(img, { digests: true, formatUsesDigest: false }).map((r) => r.digest)).toEqual(
      Array(8).fill(DIGEST).fill('<none>', 5),
    );
  });

  it('gives the grid exactly the CLI rows, for any mix of tags, digests and dangling images', () => {
    const rnd = random(11);
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
    const names = [
      'app',
      'library/app',
      'docker.io/library/app',
      'user/app',
      'localhost:5000/x/y',
      '127.0.0.1:5001/ns/r',
      'Up/x',
      hex('b'),
      'a__b',
    ];
    const tags = ['1', 'latest', 'v1.2', '-x', 'a/b', 'a:b', '', 'x@y'];
    for (let trial = 0; trial < 400; trial++) {
      const images = Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, i) => {
        if (rnd() < 0.1) return image({ Id: `sha256:${hex(String(i))}`, RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] });
        const repoTags: string[] = [];
        for (let n = Math.floor(rnd() * 6); n > 0; n--) {
          const name = pick(names);
          for (let run = 1 + Math.floor(rnd() * 4); run > 0; run--) repoTags.push(`${name}:${pick(tags)}${run}`);
        }
        const repoDigests = Array.from({ length: Math.floor(rnd() * 3) }, () => `${pick(names)}@${DIGEST}`);
        return image({
          Id: `sha256:${hex(String(i))}`,
          RepoTags: repoTags,
          RepoDigests: repoDigests,
          Labels: rnd() < 0.5 ? { k: 'v' } : {},
        });
      });
      for (const digests of [false, true])
        expect(expandImageRows(images, { digests, formatUsesDigest: false })).toEqual(fromCliRows(images, digests));
    }
  });

  it('reads a tag by the reference grammar’s tag pattern', () => {
    const TAG = /^[\w][\w.-]{0,127}$/;
    const rnd = random(5);
    const chars = 'aZ09_.-:/@ é<>\n';
    const samples = ['', 'a', '_', '.a', '-a', 'a.', 'a-', 'A_9', 't'.repeat(128), 't'.repeat(129), 'a:b', 'a/b', 'a@b', 'é', 'a b'];
    for (let i = 0; i < 5000; i++)
      samples.push(Array.from({ length: Math.floor(rnd() * 6) }, () => chars[Math.floor(rnd() * chars.length)]).join(''));
    for (const s of samples) expect(isTag(s), JSON.stringify(s)).toBe(TAG.test(s));
  });

  it('gives a re-list its unchanged images’ rows again, and fresh rows for an image that changed in any field', () => {
    const list = () => [
      image({ Id: `sha256:${hex('1')}`, RepoTags: ['a:1', 'a:2'], Labels: { k: 'v' } }),
      image({ Id: `sha256:${hex('2')}`, RepoTags: ['b:1'], RepoDigests: [`b@${DIGEST}`] }),
    ];
    const opts = { digests: false, formatUsesDigest: false };
    const first = expandImageRows(list(), opts);
    const again = expandImageRows(list(), opts);
    expect(again).toEqual(first);
    again.forEach((row, i) => expect(row).toBe(first[i]));
    const changes: ((img: ImageInfo) => void)[] = [
      (img) => (img.Containers = 3),
      (img) => (img.Created += 1),
      (img) => (img.Size += 1),
      (img) => ((img as { VirtualSize?: number }).VirtualSize = 7),
      (img) => (img.SharedSize = 5),
      (img) => (img.ParentId = `sha256:${hex('9')}`),
      (img) => img.RepoTags!.push('a:3'),
      (img) => img.RepoTags!.reverse(),
      (img) => (img.RepoDigests = [`a@${DIGEST}`]),
      (img) => (img.Labels = { k: 'w' }),
      (img) => (img.Labels = { k: 'v', l: '' }),
    ];
    for (const change of changes) {
      const changed = list();
      change(changed[0]);
      const fresh = expandImageRows(changed, opts);
      expect(fresh).toEqual(fromCliRows(changed, false));
      expect(fresh[0]).not.toBe(first[0]);
      // The image that did not change keeps its rows.
      expect(fresh.at(-1)).toBe(first.at(-1));
      expandImageRows(list(), opts);
    }
    // Rows made with other options are never given for these.
    expect(expandImageRows(list(), { digests: true, formatUsesDigest: false })[0]).not.toBe(first[0]);
  });

  it('marks a dangling image, in both of the engine’s shapes', () => {
    expect(isDangling(image({ RepoTags: [], RepoDigests: [] }))).toBe(true);
    expect(isDangling(image({ RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] }))).toBe(true);
    expect(expandImageRows([image({})], { digests: false, formatUsesDigest: false })[0]).toMatchObject({
      repository: '<none>',
      dangling: true,
    });
  });
});
