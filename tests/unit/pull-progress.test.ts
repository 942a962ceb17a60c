// The pull progress parser on daemon output recorded from the 20.10 test engine
// (tests/fixtures/pull/*.jsonl: raw POST /images/create bodies, CRLF-terminated JSON lines).
import { describe, expect, it } from 'vitest';
import { cliLine, type PullMessage, PullProgress } from '../../electron/core/distribution/pull-progress';
import { codeForPullError } from '../../electron/core/distribution/pull';
import { recordedMessages } from '../support/recorded-stream';

const recorded = (name: string): PullMessage[] => recordedMessages('pull', name);

function fold(name: string): { progress: PullProgress; errors: string[]; layerUpdates: number } {
  const progress = new PullProgress();
  const errors: string[] = [];
  let layerUpdates = 0;
  for (const m of recorded(name)) {
    const u = progress.apply(m);
    if (u.error !== undefined) errors.push(u.error);
    if (u.layer) layerUpdates++;
  }
  return { progress, errors, layerUpdates };
}

describe('pull progress parser', () => {
  it('a five-layer pull: rows in first-seen order, all complete, bytes add up, digest and status', () => {
    const { progress, errors } = fold('five-layers.jsonl');
    expect(errors).toEqual([]);
    expect(progress.layers.map((l) => l.id)).toEqual(['85cfdd825cbd', 'f055a950958e', '63c53541eaf2', '11411029a61d', 'e6b3dd1a7aed']);
    expect(progress.layers.every((l) => l.status === 'Pull complete')).toBe(true);
    // The layers were 150 kB .. 750 kB of random data (gzip adds a little).
    expect(progress.layers.map((l) => l.total)).toEqual([150241, 300287, 450330, 600365, 750411]);
    expect(progress.bytes).toEqual({ current: 2251634, total: 2251634 });
    expect(progress.digest).toBe('sha256:554f9bbb62ba4be7bd7e6c2723ab3cc2f881f133ff7ad40a74f2b109824808fb');
    expect(progress.status).toBe('Downloaded newer image for 127.0.0.1:5001/stevedore-fixture/pull-record:five');
    expect(progress.upToDate).toBe(false);
  });

  it('layer rows pass through Waiting, Downloading x/y, Verifying Checksum, Download complete, Extracting x/y, Pull complete', () => {
    const progress = new PullProgress();
    const states: string[] = [];
    const counted: string[] = [];
    for (const m of recorded('five-layers.jsonl')) {
      const layer = progress.apply(m).layer;
      if (layer?.id !== 'e6b3dd1a7aed') continue;
      if (states[states.length - 1] !== layer.status) states.push(layer.status);
      if (layer.current !== undefined) counted.push(`${layer.status} ${layer.current}/${layer.total}`);
    }
    expect(states).toEqual([
      'Pulling fs layer',
      'Waiting',
      'Downloading',
      'Verifying Checksum',
      'Download complete',
      'Extracting',
      'Pull complete',
    ]);
    expect(counted[0]).toMatch(/^Downloading \d+\/750411$/);
    expect(counted).toContain('Extracting 750411/750411');
    expect(counted[counted.length - 1]).toBe('Pull complete 750411/750411');
  });

  it('overall bytes grow monotonically while downloading', () => {
    const progress = new PullProgress();
    let last = 0;
    for (const m of recorded('three-layers.jsonl')) {
      progress.apply(m);
      const { current } = progress.bytes;
      expect(current).toBeGreaterThanOrEqual(last);
      last = current;
    }
    expect(progress.bytes.current).toBe(progress.bytes.total);
    expect(progress.bytes.total).toBeGreaterThan(5_000_000);
  });

  it('an all-layers-present pull: Already exists rows, nothing to download', () => {
    const { progress } = fold('all-layers-exist.jsonl');
    expect(progress.layers).toEqual([
      { id: '85cfdd825cbd', status: 'Already exists' },
      { id: 'f055a950958e', status: 'Already exists' },
      { id: '63c53541eaf2', status: 'Already exists' },
    ]);
    expect(progress.bytes).toEqual({ current: 0, total: 0 });
    expect(progress.status).toBe('Downloaded newer image for 127.0.0.1:5001/stevedore-fixture/pull-record:derived');
  });

  it('some layers present, one downloaded: only the downloaded one counts', () => {
    const { progress } = fold('some-layers-exist.jsonl');
    expect(progress.layers.map((l) => l.status)).toEqual(['Already exists', 'Already exists', 'Pull complete']);
    expect(progress.bytes.total).toBe(progress.layers[2].total);
    expect(progress.bytes.total).toBeGreaterThan(400_000);
  });

  it('an up-to-date pull has no layers and says so', () => {
    const { progress } = fold('up-to-date.jsonl');
    expect(progress.layers).toEqual([]);
    expect(progress.upToDate).toBe(true);
    expect(progress.lines).toEqual([
      'derived: Pulling from stevedore-fixture/pull-record',
      'Digest: sha256:1b45ff2e7175c8f416386d2a7df42f38c0d82f37f962f6424f35b8f3cfa61f34',
      'Status: Image is up to date for 127.0.0.1:5001/stevedore-fixture/pull-record:derived',
    ]);
  });

  it('a pull whose layers were already in the store still reports the new image', () => {
    const { progress } = fold('downloaded-no-layers.jsonl');
    expect(progress.layers).toEqual([]);
    expect(progress.status).toBe('Downloaded newer image for 127.0.0.1:5001/stevedore-fixture/remote:1');
    expect(progress.digest).toBe('sha256:b8018ad9a8abb0bc5b7354fe8d8a90fc614c7dc93c79b3a1a2c88ee58aad4a17');
  });

  it('an error line mid-stream is the error, with the engine words, and nothing after it is folded', () => {
    const { progress, errors } = fold('error-mid-stream.jsonl');
    expect(errors).toEqual(['unknown blob']);
    expect(progress.error).toBe('unknown blob');
    expect(progress.status).toBeUndefined();
    expect(progress.layers.find((l) => l.id === 'd5e186089419')?.status).toBe('Downloading');
    // What `docker pull` printed for that same stream before `unknown blob` on stderr.
    expect(progress.lines).toEqual([
      'broken: Pulling from stevedore-fixture/pull-record',
      '4f80d8f23b1c: Pulling fs layer',
      'd5e186089419: Pulling fs layer',
      '4f80d8f23b1c: Download complete',
      'd5e186089419: Downloading',
    ]);
  });

  it('the CLI lines skip exactly the messages that carry byte counts', () => {
    const messages = recorded('five-layers.jsonl');
    const { progress } = fold('five-layers.jsonl');
    const withBytes = messages.filter((m) => (m.progressDetail?.current ?? 0) > 0 || (m.progressDetail?.total ?? 0) > 0);
    expect(progress.lines).toHaveLength(messages.length - withBytes.length);
    expect(progress.lines[0]).toBe('five: Pulling from stevedore-fixture/pull-record');
    expect(progress.lines.filter((l) => l.endsWith(': Waiting'))).toEqual(['11411029a61d: Waiting', 'e6b3dd1a7aed: Waiting']);
    expect(progress.lines.slice(-2)).toEqual([
      'Digest: sha256:554f9bbb62ba4be7bd7e6c2723ab3cc2f881f133ff7ad40a74f2b109824808fb',
      'Status: Downloaded newer image for 127.0.0.1:5001/stevedore-fixture/pull-record:five',
    ]);
  });

  it('jsonmessage.Display rules for a non-terminal', () => {
    expect(cliLine({ status: 'Downloading', id: 'a', progressDetail: { current: 1, total: 2 }, progress: '[>]' })).toBeUndefined();
    expect(cliLine({ status: 'Downloading', id: 'a', progressDetail: {} })).toBe('a: Downloading');
    expect(cliLine({ status: 'Extracting', id: 'a', progressDetail: { current: 0, total: 0 }, progress: 'x' })).toBe('a: Extracting x');
    expect(cliLine({ status: 'Digest: sha256:x' })).toBe('Digest: sha256:x');
    expect(cliLine({ status: 'Pulling', from: 'library/x', id: 'a' })).toBe('a: (from library/x) Pulling');
    expect(cliLine({ errorDetail: { message: 'boom' }, error: 'boom' })).toBeUndefined();
    expect(cliLine({ aux: { ID: 'x' } })).toBeUndefined();
  });

  it('an `error` without `errorDetail` still fails, and non-objects are ignored', () => {
    const p = new PullProgress();
    expect(p.apply(null as unknown as PullMessage)).toEqual({});
    expect(p.apply({ error: 'old style' })).toEqual({ error: 'old style' });
  });

  it('mid-stream errors map to contract codes by the engine words', () => {
    expect(codeForPullError('unknown blob')).toBe('INTERNAL');
    expect(codeForPullError('Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused')).toBe(
      'REGISTRY_UNREACHABLE',
    );
    expect(codeForPullError('read tcp 127.0.0.1:40000->127.0.0.1:5001: read: connection reset by peer')).toBe('REGISTRY_UNREACHABLE');
    expect(codeForPullError('Head "http://127.0.0.1:5002/v2/x/manifests/1": no basic auth credentials')).toBe('UNAUTHORIZED');
    expect(codeForPullError('manifest for x:1 not found: manifest unknown: manifest unknown')).toBe('NOT_FOUND');
  });
});
