// Specifies `docker images` rendering against docker/cli's formatter/image_test.go expectations.
import type { ImageInfo } from 'dockerode';
import { describe, expect, it } from 'vitest';
import { goTimeString, UTC_ZONE } from '../../../shared/docker-units';
import { familiarName, parseNormalizedNamed } from '../../../electron/core/images/format/familiar-name';
import { expandImageRows, formatImages, imageFormat, isDangling } from '../../../electron/core/images/format/image-format';

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const dayAgo = NOW / 1000 - 86400;
const zero = -62135596800;
const DIGEST = 'sha256:cbbf2f9a99b47fc460d422812b6a5adff7dfee951d8fa2e4a98caa0382cfbdbf';

const summary = (over: Partial<ImageInfo>): ImageInfo =>
  ({
    Id: '',
    ParentId: '',
    RepoTags: [],
    RepoDigests: [],
    Created: 0,
    Size: 0,
    VirtualSize: 0,
    SharedSize: 0,
    Labels: {},
    Containers: 0,
    ...over,
  }) as ImageInfo;

// The three images of TestImageContextWrite.
const images: ImageInfo[] = [
  summary({ Id: 'imageID1', RepoTags: ['image:tag1'], RepoDigests: [`image@${DIGEST}`], Created: dayAgo }),
  summary({ Id: 'imageID2', RepoTags: ['image:tag2'], RepoDigests: null as unknown as string[], Created: zero }),
  summary({ Id: 'imageID3', RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'], Created: dayAgo }),
];

// image_test.go runs with Trunc unset (false); IDs are short anyway.
const render = (format: string, quiet = false, digests = false, list = images): string =>
  formatImages(list, { format, quiet, digests, noTrunc: true, now: NOW, zone: UTC_ZONE });

describe('formatImages reproduces the pinned image_test.go outputs', () => {
  it('default table', () => {
    expect(render('table')).toBe(
      'REPOSITORY   TAG       IMAGE ID   CREATED        SIZE\n' +
        'image        tag1      imageID1   24 hours ago   0B\n' +
        'image        tag2      imageID2   N/A            0B\n' +
        '<none>       <none>    imageID3   24 hours ago   0B\n',
    );
  });

  it('default table with --digests', () => {
    expect(render('table', false, true)).toBe(
      'REPOSITORY   TAG       DIGEST                                                                    IMAGE ID   CREATED        SIZE\n' +
        `image        tag1      ${DIGEST}   imageID1   24 hours ago   0B\n` +
        'image        tag2      <none>                                                                    imageID2   N/A            0B\n' +
        '<none>       <none>    <none>                                                                    imageID3   24 hours ago   0B\n',
    );
  });

  it('custom table: header from the template, digest column appended with --digests, quiet ignored', () => {
    expect(render('table {{.Repository}}')).toBe('REPOSITORY\nimage\nimage\n<none>\n');
    expect(render('table {{.Repository}}', false, true)).toBe(
      `REPOSITORY   DIGEST\nimage        ${DIGEST}\nimage        <none>\n<none>       <none>\n`,
    );
    expect(render('table {{.Repository}}', true)).toBe('REPOSITORY\nimage\nimage\n<none>\n');
    expect(render('table {{.Digest}}', true)).toBe(`DIGEST\n${DIGEST}\n<none>\n<none>\n`);
  });

  it('quiet prints IDs only, with or without --digests', () => {
    expect(render('table', true)).toBe('imageID1\nimageID2\nimageID3\n');
    expect(render('table', true, true)).toBe('imageID1\nimageID2\nimageID3\n');
    expect(render('raw', true)).toBe('image_id: imageID1\nimage_id: imageID2\nimage_id: imageID3\n');
  });

  it('raw records are separated by a blank line', () => {
    const t1 = goTimeString(dayAgo, UTC_ZONE);
    const t0 = goTimeString(zero, UTC_ZONE);
    expect(render('raw')).toBe(
      `repository: image\ntag: tag1\nimage_id: imageID1\ncreated_at: ${t1}\nvirtual_size: 0B\n\n` +
        `repository: image\ntag: tag2\nimage_id: imageID2\ncreated_at: ${t0}\nvirtual_size: 0B\n\n` +
        `repository: <none>\ntag: <none>\nimage_id: imageID3\ncreated_at: ${t1}\nvirtual_size: 0B\n\n`,
    );
    expect(render('raw', false, true)).toContain(`tag: tag1\ndigest: ${DIGEST}\nimage_id: imageID1`);
  });

  it('custom non-table formats print one line per row', () => {
    expect(render('{{.Repository}}')).toBe('image\nimage\n<none>\n');
    expect(render('{{.Repository}}', false, true)).toBe('image\nimage\n<none>\n');
  });

  it('an empty list prints only a table header, or nothing', () => {
    expect(render('table {{.Repository}}', false, false, [])).toBe('REPOSITORY\n');
    expect(render('table {{.Repository}}', false, true, [])).toBe('REPOSITORY   DIGEST\n');
    expect(render('{{.Repository}}', false, false, [])).toBe('');
    expect(render('table', true, false, [])).toBe('');
  });

  it('fails with the CLI’s error text for bad templates', () => {
    expect(() => render('{{InvalidFunction}}')).toThrow('template parsing error: template: :1: function "InvalidFunction" not defined');
    expect(() => render('{{nil}}')).toThrow('template parsing error: template: :1:2: executing "" at <nil>: nil is not a command');
    expect(() => render('{{.Nope}}')).toThrow(
      'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.imageContext',
    );
  });
});

describe('placeholders', () => {
  const img = summary({
    Id: 'sha256:9a0a7187c0abefde8f1bb68ca9c584a135bba04ef1001a45431e728af2810169',
    RepoTags: ['busybox:1.36'],
    Created: dayAgo,
    Size: 1982526,
    SharedSize: -1,
    Containers: -1,
    Labels: { b: '2', a: '1' },
  });
  it('prints sizes, N/A for unknown shared size and containers, and truncated IDs', () => {
    const out = formatImages([img], {
      format: '{{.ID}}|{{.Size}}|{{.VirtualSize}}|{{.SharedSize}}|{{.UniqueSize}}|{{.Containers}}|{{.CreatedAt}}|{{.CreatedSince}}',
      quiet: false,
      noTrunc: false,
      digests: false,
      now: NOW,
      zone: UTC_ZONE,
    });
    expect(out).toBe(`9a0a7187c0ab|1.98MB|1.983MB|N/A|N/A|N/A|${goTimeString(dayAgo, UTC_ZONE)}|24 hours ago\n`);
  });

  it('prints {{json .}} with sorted keys, string values and HTML-escaped <none>', () => {
    const out = formatImages([img], { format: '{{json .}}', quiet: false, noTrunc: false, digests: false, now: NOW, zone: UTC_ZONE });
    expect(out).toBe(
      '{"Containers":"N/A","CreatedAt":"2024-05-31 12:00:00 +0000 UTC","CreatedSince":"24 hours ago","Digest":"\\u003cnone\\u003e",' +
        '"ID":"9a0a7187c0ab","Repository":"busybox","SharedSize":"N/A","Size":"1.98MB","Tag":"1.36","UniqueSize":"N/A","VirtualSize":"1.983MB"}\n',
    );
    expect(formatImages([img], { format: 'json', quiet: false, noTrunc: false, digests: false, now: NOW })).toBe(
      formatImages([img], { format: '{{json .}}', quiet: false, noTrunc: false, digests: false, now: NOW }),
    );
  });

  it('prints {{.}} as fmt prints the Go struct', () => {
    const out = formatImages([img], { format: '{{.}}', quiet: false, noTrunc: false, digests: false, now: NOW, zone: UTC_ZONE });
    expect(out).toBe(`{{<nil>} true {-1 ${dayAgo} ${img.Id} map[a:1 b:2]  <nil> [] [] [busybox:1.36] -1 1982526 0} busybox 1.36 <none>}\n`);
  });

  it('renders a table header through the header functions and ignores its errors', () => {
    const opts = { quiet: false, noTrunc: false, digests: false, now: NOW, zone: UTC_ZONE };
    expect(formatImages([img], { ...opts, format: 'table {{upper .Repository}}\\t{{pad .Tag 1 1}}' })).toBe(
      'REPOSITORY    TAG \nBUSYBOX       1.36 \n',
    );
    // json(.) fails on the header map: Go keeps the empty header line.
    expect(formatImages([img], { ...opts, format: 'table {{json .Tag}}' })).toBe('TAG\n"1.36"\n');
    expect(formatImages([img], { ...opts, format: 'table {{json .}}' }).startsWith('\n{"Containers"')).toBe(true);
  });
});

describe('row expansion', () => {
  const multi = summary({
    Id: 'sha256:aa',
    RepoTags: ['docker.io/library/busybox:1', 'busybox:2', 'localhost:5000/busybox:1', 'example.com/team/app:v'],
    RepoDigests: [`busybox@${DIGEST}`, `docker.io/other/app@${DIGEST}`],
  });

  it('groups tags by familiar repository and crosses them with that repository’s digests when digests are shown', () => {
    const rows = expandImageRows([multi], { digests: true, formatUsesDigest: false });
    expect(rows.map((r) => `${r.repository}:${r.tag}@${r.digest}`)).toEqual([
      `busybox:1@${DIGEST}`,
      `busybox:2@${DIGEST}`,
      'localhost:5000/busybox:1@<none>',
      'example.com/team/app:v@<none>',
      `other/app:<none>@${DIGEST}`,
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('shows a digest-only repository once with an empty digest unless --digests is given', () => {
    const rows = expandImageRows([multi], { digests: false, formatUsesDigest: true });
    expect(rows.map((r) => `${r.repository}:${r.tag}@${r.digest}`)).toEqual([
      `busybox:1@${DIGEST}`,
      `busybox:2@${DIGEST}`,
      'localhost:5000/busybox:1@<none>',
      'example.com/team/app:v@<none>',
      'other/app:<none>@',
    ]);
  });

  it('recognises both dangling shapes and marks untagged rows', () => {
    expect(isDangling(summary({ RepoTags: [], RepoDigests: [] }))).toBe(true);
    expect(isDangling(summary({ RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] }))).toBe(true);
    expect(isDangling(summary({ RepoTags: ['<none>:<none>'], RepoDigests: [`a@${DIGEST}`] }))).toBe(false);
    const rows = expandImageRows([summary({ Id: 'x', RepoTags: null as unknown as string[], RepoDigests: null as unknown as string[] })], {
      digests: false,
      formatUsesDigest: false,
    });
    expect(rows).toMatchObject([{ repository: '<none>', tag: '<none>', digest: '<none>', dangling: true }]);
  });

  it('appends the digest column only to custom tables lacking {{.Digest}}', () => {
    expect(imageFormat('table {{.ID}}', false, true)).toBe('table {{.ID}}\t{{.Digest}}');
    expect(imageFormat('table {{.Digest}}', false, true)).toBe('table {{.Digest}}');
    expect(imageFormat('{{.ID}}', false, true)).toBe('{{.ID}}');
  });
});

describe('familiar names', () => {
  it.each([
    ['busybox', 'busybox'],
    ['docker.io/library/busybox', 'busybox'],
    ['index.docker.io/library/busybox', 'busybox'],
    ['library/busybox', 'busybox'],
    ['foo/bar', 'foo/bar'],
    ['docker.io/foo/bar', 'foo/bar'],
    ['localhost/foo', 'localhost/foo'],
    ['127.0.0.1:5001/stevedore-fixture/x', '127.0.0.1:5001/stevedore-fixture/x'],
  ])('%s -> %s', (input, expected) => {
    expect(familiarName(parseNormalizedNamed(input)!)).toBe(expected);
  });
  it('rejects what ParseNormalizedNamed rejects', () => {
    expect(parseNormalizedNamed('<none>:<none>')).toBeNull();
    expect(parseNormalizedNamed('foo/Bar')).toBeNull();
    expect(parseNormalizedNamed('a'.repeat(64))).toBeNull();
  });
});
