// Issue #16's Images points as pure rules: the quick filter's `<none>`, `until` on an engine that
// refuses it (and its exact `before=` equivalent), and Copy as's positional `docker images REF`.
import { describe, expect, it } from 'vitest';
import { imagesCommand, positionalReference } from '../../../shared/docker-command';
import { engineRefusesUntil } from '../../../shared/image-filters';
import { computeView } from '../../../renderer/src/features/images/image-view';
import { equivalentFilters, untilEquivalent } from '../../../renderer/src/features/images/until-equivalent';
import { row } from './fake-api';

const DIGEST = `sha256:${'d'.repeat(64)}`;

describe('the quick filter and <none>', () => {
  // As `docker images --digests` lists them: only the last two print <none> in REPOSITORY or TAG.
  const tagged = row('busybox', 'latest', { digest: '<none>' });
  const pushed = row('127.0.0.1:5001/app', '1', { digest: DIGEST });
  const nonesuch = row('acme/nonesuch', '2', { digest: '<none>' });
  const dangling = row('<none>', '<none>', { digest: '<none>' });
  const digestOnly = row('127.0.0.1:5001/app', '<none>', { digest: DIGEST });
  const rows = [tagged, pushed, nonesuch, dangling, digestOnly];
  const shown = (text: string) => computeView(rows, text, null);

  it('<none> finds exactly the rows printed with <none> as repository or tag, never by a missing digest', () => {
    expect(shown('<none>')).toEqual([dangling, digestOnly]);
    expect(shown('<NONE>')).toEqual([dangling, digestOnly]);
    expect(shown('<none>:<none>')).toEqual([dangling]);
    // Without --digests a digest-only row has an empty digest: still found by its <none> tag.
    expect(computeView([{ ...digestOnly, digest: '' }, tagged], '<none>', null)).toHaveLength(1);
  });

  it('none is a word like any other: the untagged rows and the names containing it', () => {
    expect(shown('none')).toEqual([nonesuch, dangling, digestOnly]);
  });

  it('a real digest is still searched', () => {
    expect(shown('ddddddd')).toEqual([pushed, digestOnly]);
  });
});

describe('Copy as prints one reference as docker images [REPOSITORY[:TAG]]', () => {
  it('takes the positional form for exactly one reference filter, at the end', () => {
    expect(imagesCommand({ filters: ['reference=busybox'] })).toBe('docker images busybox');
    expect(imagesCommand({ digests: true, filters: ['dangling=false', 'reference=busybox:1.36', 'label=a'], format: '{{.ID}}' })).toBe(
      "docker images --digests --filter dangling=false --filter label=a --format '{{.ID}}' busybox:1.36",
    );
    expect(imagesCommand({ quiet: true, filters: ['reference=stevedore-fixture/*'] })).toBe("docker images -q 'stevedore-fixture/*'");
  });

  it('keeps --filter reference= for several references, or one the CLI would read as an option', () => {
    expect(imagesCommand({ filters: ['reference=a', 'reference=b'] })).toBe('docker images --filter reference=a --filter reference=b');
    expect(imagesCommand({ filters: ['reference=-a'] })).toBe('docker images --filter reference=-a');
    expect(positionalReference(['reference='])).toBeNull();
    expect(positionalReference(['label=reference=x'])).toBeNull();
    expect(positionalReference(['label=x', 'reference=x'])).toBe('x');
  });
});

describe('until on engines that refuse it', () => {
  it('is refused below Engine API 1.44, and never said while the version is unknown', () => {
    for (const v of ['1.41', '1.43', '1.12']) expect(engineRefusesUntil(v), v).toBe(true);
    for (const v of ['1.44', '1.50', '2.0', undefined, '', 'unknown']) expect(engineRefusesUntil(v), String(v)).toBe(false);
  });

  const at = (repository: string, tag: string, created: number, id: string) =>
    row(repository, tag, { created, id: `sha256:${id.repeat(64)}` });
  const old1 = at('old/a', '1', 100, '1');
  const old2 = at('<none>', '<none>', 101, '2');
  const new1 = at('new/b', '1', 200, '3');
  const new1Alias = at('new/alias', 'x', 200, '3');
  const new2 = at('<none>', '<none>', 250, '4');

  it('with nothing as new as until, the command without it lists the same rows', () => {
    expect(untilEquivalent([old1, old2], [old1, old2])).toEqual({ kind: 'drop' });
  });

  it('before=<the oldest image until leaves out>, named by a tag when it has one, else its short ID', () => {
    expect(untilEquivalent([old1, old2], [old1, old2, new1, new1Alias, new2])).toEqual({ kind: 'before', image: 'new/b:1' });
    expect(untilEquivalent([old1], [old1, old2, new2])).toEqual({ kind: 'before', image: '2'.repeat(12) });
  });

  it('nothing when another left-out image shares that second (before would keep the one nanoseconds older)', () => {
    const twin = at('twin/c', '1', 200, '5');
    expect(untilEquivalent([old1, old2], [old1, old2, new1, twin])).toEqual({ kind: 'none' });
  });

  it('nothing when the two lists disagree (the engine changed between them)', () => {
    expect(untilEquivalent([old1, new2], [old1, new1])).toEqual({ kind: 'none' });
    expect(untilEquivalent([old1, new2], [old1, new1, new2])).toEqual({ kind: 'none' });
  });

  it('the equivalent filters drop until and put the one before last', () => {
    const filters = ['dangling=false', 'before=x:1', 'until=30m', 'label=a'];
    expect(equivalentFilters(filters, { kind: 'before', image: 'new/b:1' })).toEqual(['dangling=false', 'label=a', 'before=new/b:1']);
    expect(equivalentFilters(filters, { kind: 'drop' })).toEqual(['dangling=false', 'before=x:1', 'label=a']);
    expect(equivalentFilters(filters, { kind: 'none' })).toBeNull();
  });
});
