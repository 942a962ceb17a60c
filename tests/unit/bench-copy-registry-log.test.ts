// How bench:copy-registry reads a registry's log (scripts/bench/copy-registry-proof.ts): a blob
// counts as received only for a finished upload (PUT with ?digest=, answered 201) into the
// round's own repository; unfinished chunks, failed commits, other repositories and cross-repository
// mounts do not count as uploads, and mounts are counted apart. The lines are distribution's
// own format (logrus text, the URI quoted when it holds `=` or `&`, the digest percent-encoded).
import { describe, expect, it } from 'vitest';
import { uploadsIn } from '../../scripts/bench/copy-registry-proof';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

function line(method: string, uri: string, status: number, msg = 'response completed'): string {
  const quoted = /[=&"]/.test(uri) ? `"${uri}"` : uri;
  return (
    `time="2026-12-08T00:15:39.501415055Z" level=info msg="${msg}" go.version=go1.19.8 http.request.host="127.0.0.1:5042" ` +
    `http.request.id=c76c272d http.request.method=${method} http.request.remoteaddr="127.0.0.1:41270" ` +
    `http.request.uri=${quoted} http.request.useragent=node http.response.duration=7.4ms http.response.status=${status} http.response.written=0`
  );
}

const put = (repo: string, digest: string, status = 201) =>
  line('PUT', `/v2/${repo}/blobs/uploads/37ed631d?_state=8bYjAdEL-FQnBO3qbWh7Ik5hbWUiOiJzd&digest=${encodeURIComponent(digest)}`, status);

describe('uploadsIn (bench:copy-registry proof)', () => {
  it('counts the finished uploads into the repository, by digest', () => {
    const log = [
      line('POST', '/v2/bench/copy-1/blobs/uploads/', 202),
      line('PATCH', '/v2/bench/copy-1/blobs/uploads/37ed631d?_state=x', 202),
      put('bench/copy-1', A),
      put('bench/copy-1', B),
    ].join('\n');
    expect(uploadsIn(log, 'bench/copy-1')).toEqual({ uploaded: new Set([A, B]), mounted: 0 });
  });

  it('ignores other repositories, failed commits and lines that are not completed responses', () => {
    const log = [
      put('bench/copy-2', A),
      put('bench/copy-10', A),
      put('bench/copy-1', B, 400),
      put('bench/copy-1', B).replace('msg="response completed"', 'msg="authorized request"'),
      line('HEAD', `/v2/bench/copy-1/blobs/${A}`, 200),
    ].join('\n');
    expect(uploadsIn(log, 'bench/copy-1')).toEqual({ uploaded: new Set(), mounted: 0 });
  });

  it('counts cross-repository mounts apart, never as uploads', () => {
    const log = [
      line('POST', `/v2/bench/copy-1/blobs/uploads/?mount=${encodeURIComponent(A)}&from=bench/copy-0`, 201),
      line('POST', `/v2/bench/copy-1/blobs/uploads/?mount=${encodeURIComponent(B)}&from=bench/copy-0`, 202),
    ].join('\n');
    expect(uploadsIn(log, 'bench/copy-1')).toEqual({ uploaded: new Set(), mounted: 1 });
  });
});
