// Reference grammar and normalisation as the 20.10 engine/CLI apply them. Cases come from
// distribution/reference's own tests (reference_test.go, normalize_test.go) and moby's
// TestTagInvalidReference; where 20.10's vendored copy differs from today's library (IPv6 hosts,
// uppercase first elements, name length counted with the domain), the 20.10 result is expected.
// The same inputs were checked against `/usr/bin/docker pull` 20.10 (see tests/integration/pull.test.ts).
import { describe, expect, it } from 'vitest';
import {
  familiarName,
  familiarString,
  InvalidReferenceError,
  parse,
  parseAnyReference,
  parseNormalizedNamed,
  pullTarget,
  referenceString,
  searchIndexOf,
  validateDigest,
} from '../../shared/reference';

const F64 = 'f'.repeat(64);
const HEX64 = '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidReferenceError);
    return (e as Error).message;
  }
  throw new Error('expected an InvalidReferenceError');
}

const FORMAT = 'invalid reference format';
const LOWER = 'invalid reference format: repository name must be lowercase';

describe('docker pull rejects what the 20.10 CLI rejects, with its words', () => {
  const cases: [string, string][] = [
    // reference_test.go TestReferenceParse (through ParseNormalizedNamed, as `docker pull` parses)
    ['', FORMAT],
    [':justtag', FORMAT],
    [`@sha256:${F64}`, FORMAT],
    ['repo@sha256:ffffffffffffffffffffffffffffffffff', 'invalid checksum digest length'],
    [`validname@invaliddigest:${F64}`, 'unsupported digest algorithm'],
    ['Uppercase:tag', LOWER],
    ['test:5000/Uppercase/lowercase:tag', LOWER],
    [`domain/${'a'.repeat(256)}:tag`, 'repository name must not be more than 255 characters'],
    ['aa/asdf$$^/aa', FORMAT],
    ['[2001:db8::1]', FORMAT],
    ['[2001:db8::1]:5000', FORMAT],
    ['[2001:db8::1]:tag', FORMAT],
    ['[fe80::1%eth0]:5000/repo', FORMAT],
    ['[fe80::1%@invalidzone]:5000/repo', FORMAT],
    // 20.10 has no IPv6 hosts and counts the domain in the 255 characters
    ['[2001:db8::1]/repo', FORMAT],
    [`example.com/${'a'.repeat(255)}:tag`, 'repository name must not be more than 255 characters'],
    // normalize_test.go TestValidateReferenceName / TestValidateRemoteName
    ['https://github.com/docker/docker', FORMAT],
    ['docker/Docker', LOWER],
    ['-docker', FORMAT],
    ['-docker/docker', FORMAT],
    ['-docker.io/docker/docker', FORMAT],
    ['docker///docker', FORMAT],
    ['docker.io/docker/Docker', LOWER],
    ['docker.io/docker///docker', FORMAT],
    ['[fc00::1]', FORMAT],
    ['[fc00::1]:5000', FORMAT],
    ['fc00::1:5000/debian', FORMAT],
    ['[2001:db8:3:4::192.0.2.33]:5000/debian', FORMAT],
    [HEX64, `invalid repository name (${HEX64}), cannot specify 64-byte hexadecimal strings`],
    ['docker-/docker', FORMAT],
    ['-docker-/docker', FORMAT],
    ['____/____', FORMAT],
    ['_docker/_docker', FORMAT],
    ['dock..er/docker', FORMAT],
    ['dock_.er/docker', FORMAT],
    ['dock-.er/docker', FORMAT],
    ['docker/', FORMAT],
    [
      `${Array(4).fill('this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255').join('_')}/docker`,
      'repository name must not be more than 255 characters',
    ],
    // valid in distribution/reference v0.5.0+, invalid in 20.10 (uppercase first element)
    ['FOO/bar', LOWER],
    ['Docker/docker', LOWER],
    ['LOCALDOMAIN/debian', LOWER],
    // moby integration/image/tag_test.go TestTagInvalidReference
    ['fo$z$', FORMAT],
    ['Foo@3cc', LOWER],
    ['Foo$3', LOWER],
    ['Foo*3', LOWER],
    ['Fo^3', LOWER],
    ['Foo!3', LOWER],
    ['F)xcz(', LOWER],
    ['fo%asd', FORMAT],
    ['repo:fo$z$', FORMAT],
    ['repo:Foo@3cc', FORMAT],
    ['repo:%goodbye', FORMAT],
    ['repo:#hashtagit', FORMAT],
    ['repo:-foo', FORMAT],
    ['repo:..', FORMAT],
    [`repo:${'a'.repeat(129)}`, FORMAT],
    ['-busybox:test', FORMAT],
    ['-test/busybox:test', FORMAT],
    ['-index:5000/busybox:test', FORMAT],
    // digests (go-digest v1.0.0)
    ['busybox@sha256:abc', FORMAT],
    [`busybox@sha256:${'F'.repeat(64)}`, 'invalid checksum digest format'],
    [`busybox@md5:${'f'.repeat(32)}`, 'unsupported digest algorithm'],
    // the lowercase check looks at everything before the first ':' of the remainder
    [`busybox@SHA256:${F64}`, LOWER],
    ['busybox:', FORMAT],
    ['busybox@', FORMAT],
    ['bu sy', FORMAT],
    ['busybox:tag:tag', FORMAT],
    ['localhost:5000/Foo', LOWER],
    ['index.docker.io/Foo', LOWER],
  ];

  it.each(cases)('%j -> %s', (input, message) => {
    expect(errorOf(() => pullTarget(input))).toBe(message);
  });

  it('has at least 20 cases from the libraries own tests', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
});

describe('valid references normalise as the CLI prints them', () => {
  const cases: [string, string, string, string][] = [
    // input, canonical (printed last by `docker pull`), fromImage, tag query value
    ['busybox', 'docker.io/library/busybox:latest', 'busybox', 'latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36', 'busybox', '1.36'],
    ['library/busybox', 'docker.io/library/busybox:latest', 'busybox', 'latest'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest', 'busybox', 'latest'],
    ['index.docker.io/busybox', 'docker.io/library/busybox:latest', 'busybox', 'latest'],
    ['index.docker.io/library/busybox', 'docker.io/library/busybox:latest', 'busybox', 'latest'],
    ['docker/docker', 'docker.io/docker/docker:latest', 'docker/docker', 'latest'],
    ['localhost/debian', 'localhost/debian:latest', 'localhost/debian', 'latest'],
    ['127.0.0.1:5000/debian', '127.0.0.1:5000/debian:latest', '127.0.0.1:5000/debian', 'latest'],
    ['192.168.0.1:80', 'docker.io/library/192.168.0.1:80', '192.168.0.1', '80'],
    ['test.com:5000', 'docker.io/library/test.com:5000', 'test.com', '5000'],
    ['lowercase:Uppercase', 'docker.io/library/lowercase:Uppercase', 'lowercase', 'Uppercase'],
    ['Foo.com/bar', 'Foo.com/bar:latest', 'Foo.com/bar', 'latest'],
    [
      'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
      'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
      'sub-dom1.foo.com/bar/baz/quux',
      'some-long-tag',
    ],
    [
      'b.gcr.io/test.example.com/my-app:test.example.com',
      'b.gcr.io/test.example.com/my-app:test.example.com',
      'b.gcr.io/test.example.com/my-app',
      'test.example.com',
    ],
    ['xn--n3h.com/myimage:xn--n3h.com', 'xn--n3h.com/myimage:xn--n3h.com', 'xn--n3h.com/myimage', 'xn--n3h.com'],
    ['foo_bar.com:8080', 'docker.io/library/foo_bar.com:8080', 'foo_bar.com', '8080'],
    ['192.168.1.1:5000/repo:5050', '192.168.1.1:5000/repo:5050', '192.168.1.1:5000/repo', '5050'],
    [
      'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
      'docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest',
      'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
      'latest',
    ],
    [`docker.io/${HEX64}`, `docker.io/library/${HEX64}:latest`, HEX64, 'latest'],
    ['docker---rules/docker', 'docker.io/docker---rules/docker:latest', 'docker---rules/docker', 'latest'],
    ['dock__er/docker', 'docker.io/dock__er/docker:latest', 'dock__er/docker', 'latest'],
    ['d/docker', 'docker.io/d/docker:latest', 'd/docker', 'latest'],
    ['jess/t', 'docker.io/jess/t:latest', 'jess/t', 'latest'],
    [`busybox@sha256:${F64}`, `docker.io/library/busybox@sha256:${F64}`, 'busybox', `sha256:${F64}`],
    [`test:5000/repo:tag@sha256:${F64}`, `test:5000/repo:tag@sha256:${F64}`, 'test:5000/repo', `sha256:${F64}`],
    [
      `validname@sha512:${'f'.repeat(128)}`,
      `docker.io/library/validname@sha512:${'f'.repeat(128)}`,
      'validname',
      `sha512:${'f'.repeat(128)}`,
    ],
    [
      `${'a/'.repeat(117)}a:tag-puts-this-over-max`,
      `docker.io/${'a/'.repeat(117)}a:tag-puts-this-over-max`,
      `${'a/'.repeat(117)}a`,
      'tag-puts-this-over-max',
    ],
    ['scratch', 'docker.io/library/scratch:latest', 'scratch', 'latest'],
  ];

  it.each(cases)('%j -> %s', (input, canonical, fromImage, tag) => {
    const t = pullTarget(input);
    expect(t.canonical).toBe(canonical);
    expect(t.fromImage).toBe(fromImage);
    expect(t.tag).toBe(tag);
  });

  it('only a bare name gets the default tag (and the CLI says so)', () => {
    expect(pullTarget('busybox').defaultTag).toBe(true);
    expect(pullTarget('busybox:1').defaultTag).toBe(false);
    expect(pullTarget(`busybox@sha256:${F64}`).defaultTag).toBe(false);
  });

  it('credentials belong to the registry host; Docker Hub is docker.io', () => {
    expect(pullTarget('busybox').registry).toBe('docker.io');
    expect(pullTarget('index.docker.io/me/app').registry).toBe('docker.io');
    expect(pullTarget('127.0.0.1:5002/stevedore-fixture/private:1').registry).toBe('127.0.0.1:5002');
    expect(pullTarget('localhost/x').registry).toBe('localhost');
  });
});

describe('reference.Parse (no normalisation)', () => {
  it('splits domain, path, tag and digest as reference_test.go expects', () => {
    expect(parse('test_com')).toEqual({ domain: '', path: 'test_com' });
    expect(parse('test.com:tag')).toEqual({ domain: '', path: 'test.com', tag: 'tag' });
    expect(parse('test.com/repo:tag')).toEqual({ domain: 'test.com', path: 'repo', tag: 'tag' });
    expect(parse('test:5000/repo')).toEqual({ domain: 'test:5000', path: 'repo' });
    expect(parse(`test:5000/repo@sha256:${F64}`)).toEqual({ domain: 'test:5000', path: 'repo', digest: `sha256:${F64}` });
    expect(parse('foo/foo_bar.com:8080')).toEqual({ domain: 'foo', path: 'foo_bar.com', tag: '8080' });
    expect(parse('192.168.1.1')).toEqual({ domain: '', path: '192.168.1.1' });
    expect(parse('192.168.1.1/repo')).toEqual({ domain: '192.168.1.1', path: 'repo' });
  });

  it('reports the plain library errors', () => {
    expect(errorOf(() => parse(''))).toBe('repository name must have at least one component');
    expect(errorOf(() => parse('Uppercase:tag'))).toBe('repository name must be lowercase');
    expect(errorOf(() => parse('test:5000/Uppercase/lowercase:tag'))).toBe('repository name must be lowercase');
    expect(errorOf(() => parse(`domain/${'a'.repeat(256)}:tag`))).toBe('repository name must not be more than 255 characters');
  });

  it('round-trips through String()', () => {
    for (const s of ['test:5000/repo:tag', `a/b@sha256:${F64}`, `x.io/y:z@sha256:${F64}`]) expect(referenceString(parse(s))).toBe(s);
  });
});

describe('familiar names and other helpers', () => {
  it('FamiliarName / FamiliarString drop docker.io/ and library/', () => {
    expect(familiarName(parseNormalizedNamed('docker.io/library/ubuntu'))).toBe('ubuntu');
    expect(familiarString(parseNormalizedNamed('docker.io/library/ubuntu:latest'))).toBe('ubuntu:latest');
    expect(familiarName(parseNormalizedNamed('docker.io/foo/bar'))).toBe('foo/bar');
    expect(familiarName(parseNormalizedNamed('docker.io/library/a/b'))).toBe('library/a/b');
    expect(familiarString(parseNormalizedNamed('127.0.0.1:5001/x:1'))).toBe('127.0.0.1:5001/x:1');
  });

  it('ParseAnyReference accepts IDs and digests as well as names', () => {
    expect(parseAnyReference(HEX64)).toEqual({ kind: 'digest', digest: `sha256:${HEX64}` });
    expect(parseAnyReference(`sha256:${HEX64}`)).toEqual({ kind: 'digest', digest: `sha256:${HEX64}` });
    expect(parseAnyReference('9a0a7187c0ab')).toMatchObject({ kind: 'named', path: 'library/9a0a7187c0ab' });
    expect(errorOf(() => parseAnyReference('Foo'))).toBe(LOWER);
  });

  it('go-digest validation', () => {
    expect(validateDigest(`sha256:${F64}`)).toBeNull();
    expect(validateDigest('sha256')).toBe('invalid checksum digest format');
    expect(validateDigest('sha256:')).toBe('invalid checksum digest format');
    expect(validateDigest(`sha256:${F64}0`)).toBe('invalid checksum digest length');
    expect(validateDigest(`foo+bar:${F64}`)).toBe('unsupported digest algorithm');
    expect(validateDigest(`Foo:${F64}`)).toBe('invalid checksum digest format');
  });

  it('a search term asks Docker Hub unless its first element is a host', () => {
    expect(searchIndexOf('busybox')).toEqual({ index: 'docker.io', remoteName: 'busybox' });
    expect(searchIndexOf('me/app')).toEqual({ index: 'docker.io', remoteName: 'me/app' });
    expect(searchIndexOf('127.0.0.1:5002/name')).toEqual({ index: '127.0.0.1:5002', remoteName: 'name' });
    expect(searchIndexOf('localhost/x/y')).toEqual({ index: 'localhost', remoteName: 'x/y' });
    expect(searchIndexOf('index.docker.io/library/x')).toEqual({ index: 'docker.io', remoteName: 'library/x' });
  });

  it('pathological inputs are rejected (the patterns cannot backtrack catastrophically)', () => {
    for (const s of [
      `${'a'.repeat(5000)}!`,
      `${'a-'.repeat(3000)}!`,
      `${'a.'.repeat(3000)}/b!`,
      `${'a_'.repeat(3000)}`,
      `x/${'a__'.repeat(2000)}_`,
    ]) {
      expect(() => pullTarget(s)).toThrow(InvalidReferenceError);
    }
  });
});
