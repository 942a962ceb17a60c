// "Copy to registry…"'s pure parts: which local rows can be copied (a tagged name, Docker
// Hub's included), the dialog's fields turned into exactly the contract's `registry.copy` request (the
// contract's own strict schema accepts it) or a mistake per field, the job titles core writes said
// again in Spanish, and what a finished copy job reports.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { RegistryCopyRequest, skopeoCopyCommands, type RegistryCopyJobResult } from '../../../shared/registry-copy';
import { copyTitle } from '../../../electron/core/registry-copy/registry-copy-handlers';
import {
  copyCounts,
  copyRequest,
  copyResultOf,
  initialDraft,
  narrowSource,
  sourceOfRow,
  tagsOfCopy,
} from '../../../renderer/src/features/registry-copy/registry-copy-model';
import { initI18n } from '../../../renderer/src/i18n';
import { jobTitle } from '../../../renderer/src/features/jobs/job-titles';
import { jobsOf } from './fake-api';

initI18n('en');
const tEn = i18next.getFixedT('en');
const tEs = i18next.getFixedT('es');

describe('the source of a local image row', () => {
  it('is the registry, path and tag a name says', () => {
    expect(sourceOfRow({ repository: '127.0.0.1:5011/team/app', tag: '1.2' })).toEqual({
      host: '127.0.0.1:5011',
      repository: 'team/app',
      tags: ['1.2'],
    });
    expect(sourceOfRow({ repository: 'localhost/app', tag: 'latest' })).toEqual({ host: 'localhost', repository: 'app', tags: ['latest'] });
    expect(sourceOfRow({ repository: 'ghcr.io/org/tool', tag: 'v1' })?.host).toBe('ghcr.io');
  });

  it('is Docker Hub for a Hub name, read in full as the CLI reads it', () => {
    expect(sourceOfRow({ repository: 'nginx', tag: 'latest' })).toEqual({
      host: 'docker.io',
      repository: 'library/nginx',
      tags: ['latest'],
    });
    expect(sourceOfRow({ repository: 'me/app', tag: '1' })).toEqual({ host: 'docker.io', repository: 'me/app', tags: ['1'] });
    expect(sourceOfRow({ repository: 'docker.io/library/busybox', tag: '1.36' })).toEqual({
      host: 'docker.io',
      repository: 'library/busybox',
      tags: ['1.36'],
    });
    // The contract takes what the row gives (registryEndpoint sends docker.io to Hub's API host).
    const hub = sourceOfRow({ repository: 'nginx', tag: 'latest' });
    if (!hub) throw new Error('unreachable');
    const built = copyRequest(hub, { targetHost: '127.0.0.1:5012', targetRepository: 'mirror/nginx', platform: '' });
    if (!built.ok) throw new Error(JSON.stringify(built.errors));
    expect(RegistryCopyRequest.parse(built.request).source).toEqual({ host: 'docker.io', repository: 'library/nginx', tags: ['latest'] });
  });

  it('is none for an untagged row, a row without a name or a name the grammar refuses', () => {
    expect(sourceOfRow({ repository: 'Bad/Name', tag: '1' })).toBeNull();
    expect(sourceOfRow({ repository: '127.0.0.1:5011/app', tag: '<none>' })).toBeNull();
    expect(sourceOfRow({ repository: '<none>', tag: '<none>' })).toBeNull();
  });
});

describe('the copy request', () => {
  const one = { host: '127.0.0.1:5011', repository: 'stevedore-copy/app', tags: ['1'] };

  it("is exactly the contract's, which its strict schema accepts", () => {
    const draft = { ...initialDraft(one), targetHost: ' 127.0.0.1:5012 ' };
    const built = copyRequest(one, draft);
    expect(built).toEqual({
      ok: true,
      request: {
        source: { host: '127.0.0.1:5011', repository: 'stevedore-copy/app', tags: ['1'] },
        target: { host: '127.0.0.1:5012', repository: 'stevedore-copy/app' },
      },
    });
    if (!built.ok) throw new Error('unreachable');
    expect(RegistryCopyRequest.parse(built.request)).toEqual(built.request);
  });

  it('names no tags for a whole repository, and a platform only when one was typed', () => {
    const all = { host: '127.0.0.1:5011', repository: 'stevedore-copy/app' };
    const built = copyRequest(all, { targetHost: 'registry.example.com', targetRepository: 'mirror/app', platform: 'linux/arm64' });
    expect(built).toEqual({
      ok: true,
      request: {
        source: { host: '127.0.0.1:5011', repository: 'stevedore-copy/app' },
        target: { host: 'registry.example.com', repository: 'mirror/app' },
        platform: 'linux/arm64',
      },
    });
    if (!built.ok) throw new Error('unreachable');
    expect(RegistryCopyRequest.parse(built.request)).toEqual(built.request);
    expect('tags' in built.request.source).toBe(false);
  });

  it('says which field is wrong', () => {
    const bad = copyRequest(one, { targetHost: 'http://x y', targetRepository: 'Team/App', platform: 'arm64' });
    expect(bad).toEqual({ ok: false, errors: { targetHost: 'host', targetRepository: 'repository', platform: 'platform' } });
    expect(copyRequest(one, { targetHost: '127.0.0.1:5011', targetRepository: 'stevedore-copy/app', platform: '' })).toEqual({
      ok: false,
      errors: { targetRepository: 'same' },
    });
    expect(copyRequest(one, { targetHost: '', targetRepository: 'x', platform: '' })).toEqual({
      ok: false,
      errors: { targetHost: 'host' },
    });
  });

  it('starts at the registry the last copy went to, unless the tags are read from it', () => {
    expect(initialDraft(one, '127.0.0.1:5012')).toEqual({
      targetHost: '127.0.0.1:5012',
      targetRepository: 'stevedore-copy/app',
      platform: '',
    });
    expect(initialDraft(one, '127.0.0.1:5011').targetHost).toBe('');
  });

  it('narrows a whole repository to the tags ticked: every tag while all are, none is a mistake', () => {
    const all = { host: '127.0.0.1:5011', repository: 'a' };
    expect(narrowSource(all, ['1', '2', '3'], new Set(['1', '2', '3']))).toEqual(all);
    expect(narrowSource(all, ['1', '2', '3'], new Set(['3', '1']))).toEqual({ ...all, tags: ['1', '3'] });
    expect(narrowSource(all, ['1', '2'], new Set())).toBeNull();
    // Named tags stay as named; an unknown list cannot be narrowed.
    expect(narrowSource(one, ['1', '2'], new Set())).toEqual(one);
    expect(narrowSource(all, undefined, new Set())).toEqual(all);
    const built = copyRequest(narrowSource(all, ['1', '2', '3'], new Set(['2']))!, {
      targetHost: 'h:1',
      targetRepository: 'b',
      platform: '',
    });
    expect(built.ok && built.request.source).toEqual({ host: '127.0.0.1:5011', repository: 'a', tags: ['2'] });
  });

  it('shows one skopeo line per tag, every listed tag for a whole repository', () => {
    const all = { host: '127.0.0.1:5011', repository: 'a' };
    expect(tagsOfCopy(all, ['1', '2'])).toEqual(['1', '2']);
    expect(tagsOfCopy(one, ['1', '2'])).toEqual(['1']);
    const built = copyRequest(all, { targetHost: '127.0.0.1:5012', targetRepository: 'b', platform: '' });
    if (!built.ok) throw new Error('unreachable');
    expect(skopeoCopyCommands(built.request, tagsOfCopy(all, ['1', '2']))).toEqual([
      'skopeo copy --all --src-tls-verify=false --dest-tls-verify=false docker://127.0.0.1:5011/a:1 docker://127.0.0.1:5012/b:1',
      'skopeo copy --all --src-tls-verify=false --dest-tls-verify=false docker://127.0.0.1:5011/a:2 docker://127.0.0.1:5012/b:2',
    ]);
  });
});

describe('a copy job', () => {
  const job = jobsOf('copy', 'Copy 127.0.0.1:5011/a 1 to 127.0.0.1:5012/a');
  const result: RegistryCopyJobResult = {
    source: { host: '127.0.0.1:5011', repository: 'a' },
    target: { host: '127.0.0.1:5012', repository: 'a' },
    tags: [
      { tag: '1', digest: `sha256:${'a'.repeat(64)}`, mediaType: 'application/vnd.oci.image.index.v1+json', platforms: ['linux/amd64'] },
    ],
    blobs: { uploaded: 3, skipped: 1, mounted: 0 },
    bytes: 1234,
  };

  it('reports its result only when it succeeded', () => {
    expect(copyResultOf(job('j1', 'succeeded', { result }))).toEqual(result);
    expect(copyCounts(result)).toEqual({ tags: 1, uploaded: 3, skipped: 1, mounted: 0 });
    expect(copyResultOf(job('j1', 'failed', { result }))).toBeNull();
    expect(copyResultOf(job('j1', 'succeeded', { result: { tags: [] } }))).toBeNull();
    expect(copyResultOf({ ...job('j1', 'succeeded', { result }), kind: 'push' })).toBeNull();
  });

  it("has core's title in English and a Spanish one built from it, for one tag, some, all, and a platform", () => {
    const src = { host: '127.0.0.1:5011', repository: 'team/app' };
    const dst = { host: '127.0.0.1:5012', repository: 'mirror/app' };
    const cases: [RegistryCopyRequest, string][] = [
      [{ source: { ...src, tags: ['1.0'] }, target: dst }, 'Copiar 127.0.0.1:5011/team/app:1.0 a 127.0.0.1:5012/mirror/app'],
      [
        { source: { ...src, tags: ['1', '2', '3'] }, target: dst },
        'Copiar 3 etiquetas de 127.0.0.1:5011/team/app a 127.0.0.1:5012/mirror/app',
      ],
      [{ source: src, target: dst }, 'Copiar todas las etiquetas de 127.0.0.1:5011/team/app a 127.0.0.1:5012/mirror/app'],
      [
        { source: { ...src, tags: ['1.0'] }, target: dst, platform: 'linux/arm64' },
        'Copiar 127.0.0.1:5011/team/app:1.0 (linux/arm64) a 127.0.0.1:5012/mirror/app',
      ],
    ];
    for (const [req, spanish] of cases) {
      const title = copyTitle(req);
      expect(jobTitle({ kind: 'copy', title }, tEn)).toBe(title);
      expect(jobTitle({ kind: 'copy', title }, tEs)).toBe(spanish);
    }
  });
});
