// Names read from an archive's manifest.json (shared/archive-names.ts): which tags the engine's load
// would apply, which it refuses and why, and which Config/Layers entries are paths inside the archive.
import { describe, expect, it } from 'vitest';
import { archivePathProblem, archiveTagProblem, sortArchiveTags } from '../../shared/archive-names';

const HEX = 'b'.repeat(64);

describe('archive tags', () => {
  it.each(['busybox:latest', 'rel/app:1', '127.0.0.1:5000/x/y:v1'])('a load applies %s', (tag) => {
    expect(archiveTagProblem(tag)).toBeUndefined();
  });

  it.each([
    ['../../127.0.0.1:9/x', 'invalid reference format'],
    ['busybox', 'invalid tag "busybox"'],
    ['Busybox:1', 'invalid reference format: repository name must be lowercase'],
    ['x:1\r\nHost: evil', 'invalid reference format'],
    [HEX, `invalid repository name (${HEX}), cannot specify 64-byte hexadecimal strings`],
  ])('a load refuses %j: %s', (tag, reason) => {
    expect(archiveTagProblem(tag)).toBe(reason);
  });

  it('sorts tags into applied and refused, each once, in archive order', () => {
    expect(sortArchiveTags(['a:1', '../x', 'b:2', 'a:1', '../x'])).toEqual({
      tags: ['a:1', 'b:2'],
      refused: [{ tag: '../x', reason: 'invalid reference format' }],
    });
  });
});

describe('archive paths (Config, Layers)', () => {
  it.each([`${HEX}.json`, `blobs/sha256/${HEX}`, `${HEX}/layer.tar`])('%s is a path inside the archive', (p) => {
    expect(archivePathProblem(p)).toBeUndefined();
  });
  it.each(['../x.json', '/etc/passwd', 'a/./b', 'a//b', 'a\\b', 'a\u0000', 'a?b', ''])('%j is not', (p) => {
    expect(archivePathProblem(p)).toBeTypeOf('string');
  });
});
