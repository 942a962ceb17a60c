// Specifies the bridge's packed images.list (shared/image-list-packing.ts): unpacking gives back
// exactly the rows core answered (every field, in the same order, keys included), for every shape
// of row the CLI's expansion makes; a list whose keys core did not make is left unpacked; a
// packed list that does not add up is refused rather than read as rows.
import type { ImageInfo } from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { ImageListResult } from '../../shared/contract';
import { packImageList, unpackImageList } from '../../shared/image-list-packing';
import { expandImageRows } from '../../electron/core/images/format/image-rows';

const hex = (c: string) => c.repeat(64);
const image = (c: string, over: Partial<ImageInfo>): ImageInfo =>
  ({
    Id: `sha256:${hex(c)}`,
    ParentId: '',
    RepoTags: [],
    RepoDigests: [],
    Created: 1_700_000_000,
    Size: 123_456_789,
    SharedSize: -1,
    Labels: {},
    Containers: -1,
    ...over,
  }) as ImageInfo;

/** Every shape of row: many tags, several repositories, digests, a digest-only name, dangling, labels. */
const IMAGES: ImageInfo[] = [
  image('a', {
    RepoTags: Array.from({ length: 50 }, (_, i) => `example.com:5000/team/app:v${i}`).concat(['nginx:latest', 'nginx:1.27']),
    RepoDigests: [`nginx@sha256:${hex('1')}`, `example.com:5000/team/app@sha256:${hex('2')}`],
    Labels: { 'org.opencontainers.image.title': 'app', maintainer: 'someone <a@b.c>' },
    Containers: 2,
  }),
  image('b', { RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'], ParentId: `sha256:${hex('a')}` }),
  image('c', { RepoDigests: [`127.0.0.1:5001/digest-only@sha256:${hex('3')}`], Size: 0 }),
  image('d', { RepoTags: ['busybox:latest'], Labels: { 'a|b': 'c"d\\e\u2028' }, SharedSize: 42 }),
];

function listOf(digests: boolean): ImageListResult {
  return { rows: expandImageRows(IMAGES, { digests, formatUsesDigest: false }), imageCount: IMAGES.length };
}

describe('packed images list', () => {
  it.each([false, true])('unpacks to exactly the rows core answered (--digests %s)', (digests) => {
    const list = listOf(digests);
    const packed = packImageList(list);
    expect(packed).not.toBeNull();
    // Through JSON, as the bridge sends it, against the plain list through JSON.
    const back = unpackImageList(JSON.parse(JSON.stringify(packed)));
    const plain = JSON.parse(JSON.stringify(list)) as ImageListResult;
    expect(back).toEqual(plain);
    // Field order too: the same JSON, byte for byte.
    expect(JSON.stringify(back)).toBe(JSON.stringify(plain));
    // One run per image here (core lists an image's rows together), names once each.
    expect(packed!.runs).toHaveLength(IMAGES.length);
    expect(new Set(packed!.names).size).toBe(packed!.names.length);
  });

  it('is a fraction of the plain JSON', () => {
    const list = listOf(false);
    expect(JSON.stringify(packImageList(list)).length * 4).toBeLessThan(JSON.stringify(list).length);
  });

  it('gives the rows of one run one labels object, and keeps equal rows apart when their images differ', () => {
    const { rows } = unpackImageList(packImageList(listOf(false))!);
    const app = rows.filter((r) => r.id === `sha256:${hex('a')}`);
    expect(new Set(app.map((r) => r.labels)).size).toBe(1);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('leaves a list unpacked when a key is not the one core makes', () => {
    const list = listOf(false);
    const odd = { ...list, rows: list.rows.map((r, i) => (i === 3 ? { ...r, key: `${r.key}|x` } : r)) };
    expect(packImageList(odd)).toBeNull();
  });

  it('packs an empty list', () => {
    expect(unpackImageList(packImageList({ rows: [], imageCount: 0 })!)).toEqual({ rows: [], imageCount: 0 });
  });

  it('refuses a packed list whose cells do not add up or do not name texts', () => {
    const packed = packImageList(listOf(false))!;
    expect(() => unpackImageList({ ...packed, cells: packed.cells.slice(0, -1) })).toThrow(/cells for/);
    expect(() => unpackImageList({ ...packed, cells: packed.cells.map((c, i) => (i === 0 ? 99_999 : c)) })).toThrow(/row 0/);
  });
});
