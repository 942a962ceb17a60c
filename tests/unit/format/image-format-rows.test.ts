// Specifies "Copy as…" restricted to grid rows: core renders only the named rows, in the order
// named, through the same templates and tabwriter as `docker images`; the request names rows by
// their strict ImageRow keys.
import type { ImageInfo } from 'dockerode';
import { describe, expect, it } from 'vitest';
import { ImageFormatRequest } from '../../../shared/contract';
import { UTC_ZONE } from '../../../shared/docker-units';
import { expandImageRows, formatImages } from '../../../electron/core/images/format/image-format';

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const hex = (c: string) => c.repeat(64);
const D1 = `sha256:${hex('d')}`;
const D2 = `sha256:${hex('e')}`;
const summary = (over: Partial<ImageInfo>): ImageInfo =>
  ({
    Id: '',
    ParentId: '',
    RepoTags: [],
    RepoDigests: [],
    Created: NOW / 1000 - 3600,
    Size: 1000,
    SharedSize: -1,
    Labels: {},
    Containers: -1,
    ...over,
  }) as ImageInfo;

const images = [
  summary({ Id: `sha256:${hex('a')}`, RepoTags: ['app:1', 'app:2'], RepoDigests: [`app@${D1}`, `app@${D2}`] }),
  summary({ Id: `sha256:${hex('b')}`, RepoTags: ['db:5'] }),
  summary({ Id: `sha256:${hex('c')}`, RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] }),
];
const render = (format: string, only: string[] | undefined, digests = false, quiet = false) =>
  formatImages(images, { format, quiet, digests, noTrunc: false, now: NOW, zone: UTC_ZONE, only });
const keys = (digests: boolean) => expandImageRows(images, { digests, formatUsesDigest: false }).map((r) => r.key);

describe('formatImages restricted to grid rows', () => {
  it('renders only the named rows, in the order named (-q as one ID per row)', () => {
    const [app1, app2, db, none] = keys(false);
    expect(render('', [db, app1], false, true)).toBe('bbbbbbbbbbbb\naaaaaaaaaaaa\n');
    expect(render('{{.Repository}}:{{.Tag}}', [none, app2])).toBe('<none>:<none>\napp:2\n');
  });

  it('lays out a table over the named rows only, header first', () => {
    const [, , db] = keys(false);
    expect(render('table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}', [db])).toBe(
      'REPOSITORY   TAG       IMAGE ID\ndb           5         bbbbbbbbbbbb\n',
    );
  });

  it('without --digests a {{.Digest}} format gives every digest row of a named tag, as the CLI crosses them', () => {
    const [app1] = keys(false);
    expect(render('{{.Tag}} {{.Digest}}', [app1])).toBe(`1 ${D1}\n1 ${D2}\n`);
  });

  it('with --digests a key names exactly one tag x digest row', () => {
    const withDigests = keys(true);
    const app2d2 = withDigests.find((k) => k.includes('|app|2|') && k.endsWith(D2))!;
    expect(render('{{.Tag}} {{.Digest}}', [app2d2], true)).toBe(`2 ${D2}\n`);
  });

  it('skips rows gone since the list and renders a row named twice once', () => {
    const [app1] = keys(false);
    expect(render('{{.Tag}}', [`sha256:${hex('f')}|gone|1|<none>`, app1, app1])).toBe('1\n');
  });

  it('without rows renders every row exactly as before', () => {
    expect(render('{{.Repository}}:{{.Tag}}', undefined)).toBe('app:1\napp:2\ndb:5\n<none>:<none>\n');
  });
});

describe('images.format request rows', () => {
  const base = { quiet: true };
  it('accepts grid row keys', () => {
    expect(ImageFormatRequest.safeParse({ ...base, rows: keys(true) }).success).toBe(true);
  });
  it.each([
    ['an empty list', []],
    ['a key without its parts', ['sha256:abc']],
    ['a key with a fifth part', [`sha256:${hex('a')}|app|1|<none>|x`]],
    ['whitespace inside a part', [`sha256:${hex('a')}|app x|1|<none>`]],
    ['a non-hex ID', [`sha256:${'z'.repeat(64)}|app|1|<none>`]],
    ['too many rows', Array.from({ length: 20_001 }, () => `sha256:${hex('a')}|app|1|<none>`)],
  ])('refuses %s', (_, rows) => {
    expect(ImageFormatRequest.safeParse({ ...base, rows }).success).toBe(false);
  });
});
