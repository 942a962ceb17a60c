// The pure rules behind Save and Load: what a name keeps in the archive, what a preview means here,
// which drags get the overlay, the time left of a job, and the bridge's download link.
import { describe, expect, it } from 'vitest';
import type { TarPreview } from '../../../shared/contract';
import { clockText } from '../../../renderer/src/ui/format';
import { etaSeconds } from '../../../renderer/src/features/jobs/job-model';
import { dragHasFiles, keepsTag, saveRefs, summarizePreview } from '../../../renderer/src/features/transfer/transfer-model';
import { isSaveTicketUrl } from '../../../renderer/src/transport/file-port';
import { row } from './fake-api';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

describe('save names', () => {
  it('are typed as a person would, once each, in the order shown', () => {
    const rows = [row('web', '1', { id: A }), row('web', '1', { id: A, digest: 'sha256:1' }), row('<none>', '<none>', { id: B })];
    expect(saveRefs(rows)).toEqual(['web:1', 'bbbbbbbbbbbb']);
  });

  it('keep their tag only when given by tag, as docker save does', () => {
    expect(keepsTag('web:1')).toBe(true);
    expect(keepsTag('127.0.0.1:5001/team/web:1')).toBe(true);
    expect(keepsTag('bbbbbbbbbbbb')).toBe(false);
    expect(keepsTag(B)).toBe(false);
    expect(keepsTag('web@sha256:' + 'c'.repeat(64))).toBe(false);
  });
});

describe('load preview summary', () => {
  const p = (over: Partial<TarPreview>): TarPreview => ({
    name: 'x.tar',
    compression: 'gzip',
    size: 1,
    tags: [],
    images: [A],
    layers: 1,
    moves: [],
    present: [],
    ...over,
  });

  it('separates the tags it adds from the local tags it moves, and counts images already here', () => {
    const s = summarizePreview(
      p({ tags: ['web:1', 'web:2'], images: [A, B], moves: [{ tag: 'web:2', fromId: B, toId: A }], present: [B] }),
    );
    expect(s).toEqual({ newTags: ['web:1'], moved: [{ tag: 'web:2', fromId: B, toId: A }], present: 1, untagged: false });
  });

  it('says when an archive carries no tags (saved by ID)', () => {
    expect(summarizePreview(p({})).untagged).toBe(true);
  });
});

describe('drags', () => {
  it('get the overlay only when they carry files', () => {
    expect(dragHasFiles(['Files'])).toBe(true);
    expect(dragHasFiles(['text/plain', 'Files'])).toBe(true);
    expect(dragHasFiles(['text/plain'])).toBe(false);
    expect(dragHasFiles(undefined)).toBe(false);
  });
});

describe('time left', () => {
  it('is the bytes left at the current speed, unknown without a total or a speed', () => {
    expect(etaSeconds({ current: 25, total: 125 }, 10)).toBe(10);
    expect(etaSeconds({ current: 25, total: 0 }, 10)).toBeNull();
    expect(etaSeconds({ current: 25, total: 125 }, null)).toBeNull();
    expect(etaSeconds({ current: 25, total: 125 }, 0)).toBeNull();
    expect(etaSeconds({ current: 125, total: 125 }, 10)).toBeNull();
  });

  it('reads like a clock', () => {
    expect(clockText(0)).toBe('0:00');
    expect(clockText(41.2)).toBe('0:42');
    expect(clockText(725)).toBe('12:05');
    expect(clockText(3723)).toBe('1:02:03');
  });
});

describe('the download link', () => {
  it('is only ever the save route with a ticket: never another place, never one with the token', () => {
    expect(isSaveTicketUrl('/transfer/save?ticket=abc')).toBe(true);
    expect(isSaveTicketUrl('/transfer/save?ticket=abc&token=t0k')).toBe(false);
    expect(isSaveTicketUrl('/transfer/save?token=t0k')).toBe(false);
    expect(isSaveTicketUrl('https://evil.example/transfer/save?ticket=abc')).toBe(false);
    expect(isSaveTicketUrl('/transfer/load?ticket=abc')).toBe(false);
  });
});
