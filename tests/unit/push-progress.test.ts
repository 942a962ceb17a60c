// The push progress parser on daemon output recorded from the 20.10 test engine
// (tests/fixtures/push/*.jsonl: raw POST /images/{name}/push bodies of a 1 MB + 2 MB + 3 MB random
// image pushed to the loopback registries), and the mapping of push errors to contract errors.
import { describe, expect, it } from 'vitest';
import { pushError, parsePushReference } from '../../electron/core/distribution/push';
import { PushProgress } from '../../electron/core/distribution/push-progress';
import { recordedMessages } from '../support/recorded-stream';

const DIGEST = 'sha256:96817a2f1db0e1044f914f3ecb893ad477ff2d1b42815f008d410e350a639797';

function fold(name: string) {
  const progress = new PushProgress();
  const errors: string[] = [];
  const rows: { id: string; status: string; current?: number; total?: number }[] = [];
  for (const m of recordedMessages('push', name)) {
    const u = progress.apply(m);
    if (u.error !== undefined) errors.push(u.error);
    if (u.layer) rows.push(u.layer);
  }
  return { progress, errors, rows };
}

describe('push progress parser', () => {
  it('a first push: Preparing, Pushing x/y, Pushed per layer; bytes add up; the aux is the result', () => {
    const { progress, errors, rows } = fold('three-layers.jsonl');
    expect(errors).toEqual([]);
    expect(progress.repository).toBe('127.0.0.1:5001/stevedore-fixture/push-record');
    expect(progress.layers.map((l) => l.id)).toEqual(['cc10b02b59ea', '4c5d2d24ad60', 'e08134cbc13e']);
    expect(progress.layers.every((l) => l.status === 'Pushed')).toBe(true);
    // The engine's total is the layer's content size (the random file), current the tar bytes read.
    expect(progress.layers.map((l) => l.total)).toEqual([3_000_000, 2_000_000, 1_000_000]);
    expect(progress.bytes).toEqual({ current: 6_000_000, total: 6_000_000 });
    expect(progress.result).toEqual({ tag: 'three', digest: DIGEST, size: 950 });
    const states = [...new Set(rows.filter((r) => r.id === 'cc10b02b59ea').map((r) => r.status))];
    expect(states).toEqual(['Preparing', 'Pushing', 'Pushed']);
    expect(rows.find((r) => r.status === 'Pushing')).toMatchObject({ current: 33280, total: 2_000_000 });
  });

  it('overall bytes never go backwards while pushing', () => {
    const progress = new PushProgress();
    let last = 0;
    for (const m of recordedMessages('push', 'three-layers.jsonl')) {
      progress.apply(m);
      expect(progress.bytes.current).toBeGreaterThanOrEqual(last);
      last = progress.bytes.current;
    }
  });

  it('the CLI lines: no byte-count lines, the digest line last', () => {
    const { progress } = fold('three-layers.jsonl');
    expect(progress.lines).toEqual([
      'The push refers to repository [127.0.0.1:5001/stevedore-fixture/push-record]',
      'cc10b02b59ea: Preparing',
      '4c5d2d24ad60: Preparing',
      'e08134cbc13e: Preparing',
      '4c5d2d24ad60: Pushed',
      'e08134cbc13e: Pushed',
      'cc10b02b59ea: Pushed',
      `three: digest: ${DIGEST} size: 950`,
    ]);
  });

  it('a second tag of the same image: Layer already exists, nothing to upload', () => {
    const { progress } = fold('layers-exist.jsonl');
    expect(progress.layers.map((l) => l.status)).toEqual(['Layer already exists', 'Layer already exists', 'Layer already exists']);
    expect(progress.bytes).toEqual({ current: 0, total: 0 });
    expect(progress.result).toEqual({ tag: 'again', digest: DIGEST, size: 950 });
  });

  it('the same layers in another repository: Mounted from <repository>', () => {
    const { progress } = fold('mounted.jsonl');
    expect(progress.layers.map((l) => l.status)).toEqual(Array(3).fill('Mounted from stevedore-fixture/push-record'));
    expect(progress.bytes).toEqual({ current: 0, total: 0 });
    expect(progress.result?.digest).toBe(DIGEST);
  });

  it('errors come after the repository line, with the engine words', () => {
    expect(fold('missing-tag.jsonl').errors).toEqual(['tag does not exist: 127.0.0.1:5001/stevedore-fixture/push-record:nope']);
    const noCreds = fold('no-credentials.jsonl');
    expect(noCreds.errors).toEqual(['no basic auth credentials']);
    expect(noCreds.progress.result).toBeUndefined();
    expect(noCreds.progress.layers.map((l) => l.status)).toEqual(['Preparing', 'Preparing', 'Preparing']);
  });

  it('the digest line alone (no aux) still gives the result', () => {
    const p = new PushProgress();
    p.apply({ status: `1.0: digest: ${DIGEST} size: 527` });
    expect(p.result).toEqual({ tag: '1.0', digest: DIGEST, size: 527 });
  });
});

describe('push errors', () => {
  it('auth problems are UNAUTHORIZED and name the registry to log in to', () => {
    for (const words of [
      'no basic auth credentials',
      'unauthorized: authentication required',
      'denied: requested access to the resource is denied',
      'denied: access forbidden',
    ]) {
      const e = pushError(words, '127.0.0.1:5002');
      expect([e.code, e.message, e.detail]).toEqual(['UNAUTHORIZED', words, { registry: '127.0.0.1:5002' }]);
    }
  });

  it('other errors keep their words and carry no login action', () => {
    const cases: [string, string][] = [
      ['tag does not exist: 127.0.0.1:5001/x:nope', 'NOT_FOUND'],
      ['An image does not exist locally with the tag: 127.0.0.1:5001/x', 'NOT_FOUND'],
      ['name unknown: repository name not known to registry', 'NOT_FOUND'],
      ['Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused', 'REGISTRY_UNREACHABLE'],
      // The registry died mid-upload: after its retries the engine reports only the broken connection.
      ['EOF', 'REGISTRY_UNREACHABLE'],
      ['Patch "http://127.0.0.1:5031/v2/x/blobs/uploads/abc": EOF', 'REGISTRY_UNREACHABLE'],
      ['write tcp 127.0.0.1:40000->127.0.0.1:5031: use of closed network connection', 'REGISTRY_UNREACHABLE'],
      ['blob upload invalid', 'INTERNAL'],
      ['template: EOF in the middle', 'INTERNAL'],
    ];
    for (const [words, code] of cases) {
      const e = pushError(words, '127.0.0.1:5001');
      expect([e.code, e.message, e.detail]).toEqual([code, words, undefined]);
    }
  });
});

describe('push references', () => {
  it('normalise like the CLI and default to latest', () => {
    const t = parsePushReference('myapp');
    expect([t.canonical, t.fromImage, t.tag, t.defaultTag, t.registry]).toEqual([
      'docker.io/library/myapp:latest',
      'myapp',
      'latest',
      true,
      'docker.io',
    ]);
    expect(parsePushReference('localhost:5000/x:1').canonical).toBe('localhost:5000/x:1');
  });

  it('refuse digests and invalid names with the CLI words', () => {
    expect(() => parsePushReference(`x@${DIGEST}`)).toThrow('cannot push a digest reference');
    expect(() => parsePushReference(`x:1@${DIGEST}`)).toThrow('cannot push a digest reference');
    expect(() => parsePushReference('Foo')).toThrow('invalid reference format: repository name must be lowercase');
  });
});
