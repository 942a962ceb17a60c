// The search / pull / history / inspect channels refuse bad requests before anything reaches the
// engine, and a malformed reference is INVALID_REFERENCE with the CLI's words.
import { describe, expect, it } from 'vitest';
import { ImageHistoryFormatRequest, ImagePullRequest, SearchFormatRequest, SearchRunRequest } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { encodeAuthHeader } from '../../electron/core/credentials/auth-hook';
import { registryErrorCode, toContractError } from '../../electron/core/engine/engine-errors';
import { StevedoreCore } from '../../electron/core/service';

// An engine that does not exist: validation must answer before anything is sent.
const core = new StevedoreCore({
  engine: new EngineConnection({ endpoint: { host: 'unix:///nonexistent/stevedore.sock', source: 'env' } }),
});

describe('search / pull / history contract', () => {
  it('search.run defaults to the CLI defaults (limit 25, no filters)', () => {
    expect(SearchRunRequest.parse({ term: 'busybox' })).toEqual({ term: 'busybox', limit: 25, filters: {} });
    expect(ImageHistoryFormatRequest.parse({ image: 'x' })).toEqual({ image: 'x', noTrunc: false, human: true, quiet: false });
    expect(SearchFormatRequest.parse({ results: [] })).toEqual({ results: [], noTrunc: false });
    expect(ImagePullRequest.safeParse({ reference: 'x', tag: 'y' }).success).toBe(false);
  });

  it.each([
    ['search.run', {}],
    ['search.run', { term: '' }],
    ['search.run', { term: 'x', limit: 0 }],
    ['search.run', { term: 'x', limit: 101 }],
    ['search.run', { term: 'x', limit: 2.5 }],
    ['search.run', { term: 'x', filters: { stars: -1 } }],
    ['search.run', { term: 'x', filters: { official: true } }],
    ['search.run', { term: 'x', timeoutMs: 10 }],
    ['search.format', { results: [{ name: 'x' }] }],
    ['search.format', { results: [], format: 7 }],
    ['images.pull', {}],
    ['images.pull', { reference: 'x'.repeat(2000) }],
    // `--platform` is os/arch[/variant] (issue #19); anything else is refused like an unknown field.
    ['images.pull', { reference: 'busybox', platform: 'linux' }],
    ['images.pull', { reference: 'busybox', platform: 'linux/amd64', allTags: true }],
    ['images.history', { image: '' }],
    ['images.historyFormat', { image: 'x', human: 'no' }],
    ['images.inspect', { name: 'x' }],
  ])('%s %j is INVALID_ARGUMENT', async (channel, request) => {
    expect(await core.handle(channel, request)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it.each([
    ['images.pull', { reference: 'Foo' }, 'invalid reference format: repository name must be lowercase'],
    ['images.pull', { reference: 'a//b' }, 'invalid reference format'],
    ['images.history', { image: 'Foo' }, 'invalid reference format: repository name must be lowercase'],
    ['images.historyFormat', { image: 'a b' }, 'invalid reference format'],
    ['images.inspect', { image: 'x@sha256:abc' }, 'invalid reference format'],
  ])('%s %j is INVALID_REFERENCE before the engine is asked', async (channel, request, message) => {
    expect(await core.handle(channel, request)).toEqual({ ok: false, error: { code: 'INVALID_REFERENCE', message } });
  });

  it('no pull job is started for a malformed reference', async () => {
    await core.handle('images.pull', { reference: 'UPPER' });
    expect(core.jobs.list()).toEqual([]);
  });

  it('a pull against a dead engine is a failed job, not a crash', async () => {
    const r = await core.handle('images.pull', { reference: 'busybox' });
    expect(r.ok).toBe(true);
    const job = await core.jobs.wait((r as { value: { jobId: string } }).value.jobId);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('ENGINE_UNREACHABLE');
    expect(job.messages).toEqual(['Using default tag: latest']);
  });

  it('registry failures the engine reports as 500 get their own codes; others keep theirs', () => {
    const e500 = (message: string) => toContractError({ statusCode: 500, json: { message } });
    expect(e500('Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused').code).toBe('REGISTRY_UNREACHABLE');
    expect(e500('Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host').code).toBe(
      'REGISTRY_UNREACHABLE',
    );
    expect(e500('invalid registry endpoint "http://127.0.0.1:5999/v1/". HTTPS attempt: x').code).toBe('REGISTRY_UNREACHABLE');
    expect(e500('Get "https://r.example/v2/": net/http: TLS handshake timeout').code).toBe('REGISTRY_UNREACHABLE');
    expect(e500('Head "http://127.0.0.1:5002/v2/x/manifests/1": no basic auth credentials').code).toBe('UNAUTHORIZED');
    expect(e500('Unexpected status code 404').code).toBe('INTERNAL');
    expect(e500('dial unix /run/containerd/containerd.sock: connect: connection refused').code).toBe('INTERNAL');
    expect(toContractError({ statusCode: 404, json: { message: 'manifest unknown' } }).code).toBe('NOT_FOUND');
    expect(registryErrorCode('No such image: x:latest')).toBeUndefined();
  });

  it('X-Registry-Auth is base64url of the AuthConfig JSON, padding kept', () => {
    const header = encodeAuthHeader({ username: 'u?>', password: 'p~~' });
    expect(header).not.toMatch(/[+/]/);
    expect(JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'))).toEqual({
      username: 'u?>',
      password: 'p~~',
    });
  });
});
