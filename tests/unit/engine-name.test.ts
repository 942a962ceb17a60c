// The one door for names in engine API paths (electron/core/engine/engine-name.ts): what it lets through,
// what it refuses with the CLI's words, and how it encodes; and the last check on a whole path.
import { describe, expect, it } from 'vitest';
import {
  checkEnginePath,
  containerPath,
  imageName,
  imagePath,
  pathSegment,
  unsafeEnginePath,
} from '../../electron/core/engine/engine-name';

const HEX64 = 'a'.repeat(64);

describe('imageName: the forms the docker CLI takes, nothing else', () => {
  it.each([
    'busybox',
    'busybox:latest',
    'library/busybox:1.36',
    'docker.io/library/busybox',
    '127.0.0.1:5001/stevedore-fixture/tiny:1',
    'localhost:5000/a/b/c:v1.0-rc_2',
    `busybox@sha256:${HEX64}`,
    `127.0.0.1:5001/x:1@sha256:${HEX64}`,
    HEX64,
    `sha256:${HEX64}`,
    'abc123', // short ID (also a valid name: the engine tries both)
    'sha256:abc123', // ID prefix with its algorithm
  ])('accepts %s', (name) => {
    expect(imageName(name)).toBe(name);
  });

  it.each([
    ['../../127.0.0.1:9/x', 'invalid reference format'],
    ['..', 'invalid reference format'],
    ['a/../b', 'invalid reference format'],
    ['a/./b', 'invalid reference format'],
    ['./a', 'invalid reference format'],
    ['a/..', 'invalid reference format'],
    ['%2e%2e%2fx', 'invalid reference format'],
    ['a%252e%252e', 'invalid reference format'],
    ['a?x=1', 'invalid reference format'],
    ['a#frag', 'invalid reference format'],
    ['a\r\nhost: evil', 'invalid reference format'],
    ['a\u0000', 'invalid reference format'],
    ['a\\..\\b', 'invalid reference format'],
    ['ａlpine', 'invalid reference format'], // fullwidth a
    ['alpine\u2215x', 'invalid reference format'], // division slash
    ['', 'invalid reference format'],
    ['Busybox', 'invalid reference format: repository name must be lowercase'],
    [`${'a'.repeat(256)}`, 'repository name must not be more than 255 characters'],
    [`sha512:${'a'.repeat(128)}`, 'unsupported digest algorithm'],
    [`busybox@sha256:${'a'.repeat(63)}`, 'invalid checksum digest length'],
  ])('refuses %j as INVALID_ARGUMENT: %s', (name, message) => {
    expect(() => imageName(name)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message }));
  });

  it('refuses an overlong input before the grammar runs', () => {
    expect(() => imageName('a'.repeat(200_000))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('encoding: one name is one percent-encoded path segment', () => {
  it('encodes the separators a valid name can hold', () => {
    expect(imagePath('127.0.0.1:5001/x/y:1', '/json')).toBe('/images/127.0.0.1%3A5001%2Fx%2Fy%3A1/json');
    expect(imagePath(`x@sha256:${HEX64}`)).toBe(`/images/x%40sha256%3A${HEX64}`);
    expect(pathSegment('a/b' as never)).toBe('a%2Fb');
  });

  it('container paths take engine container names and IDs only', () => {
    expect(containerPath('registry', '/json')).toBe('/containers/registry/json');
    expect(containerPath(HEX64)).toBe(`/containers/${HEX64}`);
    expect(() => containerPath('../x')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('unsafeEnginePath: the last check on every path sent', () => {
  it.each([
    '/_ping',
    '/v1.41/images/json?all=1',
    '/images/get?names=busybox%3Alatest&names=x',
    '/images/127.0.0.1%3A5001%2Fx%3A1/json',
    '/containers/abc/json',
  ])('lets %s go', (path) => expect(unsafeEnginePath(path)).toBeUndefined());

  it.each([
    '/images/../../127.0.0.1:9/x/json',
    '/images/..%2F..%2Fx/json',
    '/images/%2E%2E/%2e%2e/x/json',
    '/images/a/./b/json',
    '/images//x/json',
    '/images/a%3Fb/json',
    '/images/a%23b/json',
    '/images/a%0D%0Ab/json',
    '/images/a%00/json',
    '/images/a%5Cb/json',
    '/images/%E2%88%95x/json',
    '/images/%ZZ/json',
    '/images/a b/json',
  ])('refuses %s', (path) => {
    expect(unsafeEnginePath(path)).toBeTypeOf('string');
    expect(() => checkEnginePath(path)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
