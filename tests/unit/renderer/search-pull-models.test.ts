// The pure parts of Search, the Jobs panel and History: index of a term, pull references, the CLI
// command, truncation, sorting; speed from snapshots and stable id lists; history cell values.
import { describe, expect, it } from 'vitest';
import type { HistoryRow, JobSnapshot, SearchResult } from '../../../shared/contract';
import { UTC_ZONE } from '../../../shared/docker-units';
import { historyCells, historyCommand, rfc3339 } from '../../../renderer/src/features/detail/history-model';
import { averageRate, jobIds, layerFraction, nextRate, pullResultOf } from '../../../renderer/src/features/jobs/job-model';
import {
  clampLimit,
  descriptionText,
  indexOfTerm,
  nextSearchSort,
  parseStars,
  pullReferenceFor,
  searchCommand,
  sortResults,
} from '../../../renderer/src/features/search-pull/search-model';

describe('search model', () => {
  it('names the index a term asks, as the engine splits it', () => {
    expect(indexOfTerm('nginx')).toBe('docker.io');
    expect(indexOfTerm('library/nginx')).toBe('docker.io');
    expect(indexOfTerm('127.0.0.1:5002/name')).toBe('127.0.0.1:5002');
    expect(indexOfTerm('registry.example.com/team/app')).toBe('registry.example.com');
    expect(indexOfTerm('localhost/x')).toBe('localhost');
    expect(indexOfTerm('index.docker.io/x')).toBe('docker.io');
    expect(indexOfTerm('  ')).toBe('docker.io');
  });

  it('pulls Hub names as they are and prefixes other indexes unless the name has a host', () => {
    expect(pullReferenceFor('nginx', 'docker.io')).toBe('nginx');
    expect(pullReferenceFor('team/app', '127.0.0.1:5002')).toBe('127.0.0.1:5002/team/app');
    expect(pullReferenceFor('127.0.0.1:5001/stevedore-fixture/remote', '127.0.0.1:4000')).toBe('127.0.0.1:5001/stevedore-fixture/remote');
  });

  it('writes the equivalent docker search command', () => {
    expect(searchCommand({ term: 'nginx', limit: 25, filters: {} })).toBe('docker search nginx');
    expect(
      searchCommand(
        { term: 'a b', limit: 100, filters: { isOfficial: true, isAutomated: false, stars: 3 } },
        { noTrunc: true, format: '{{.Name}}' },
      ),
    ).toBe(
      "docker search --filter is-official=true --filter is-automated=false --filter stars=3 --limit 100 --no-trunc --format '{{.Name}}' 'a b'",
    );
  });

  it('cuts descriptions at 45 columns as the CLI does, line breaks as spaces', () => {
    expect(descriptionText('a'.repeat(45), false)).toBe('a'.repeat(45));
    expect(descriptionText('b'.repeat(46), false)).toBe(`${'b'.repeat(44)}…`);
    expect(descriptionText('b'.repeat(46), true)).toBe('b'.repeat(46));
    expect(descriptionText('one\ntwo\r\nthree', true)).toBe('one two  three');
    // Wide runes count two columns.
    expect(descriptionText('日本語'.repeat(10), false)).toBe(`${'日本語'.repeat(7)}日…`);
  });

  it('sorts by column with the index order as tie-break, and cycles asc/desc/none', () => {
    const r = (name: string, starCount: number, isOfficial = false): SearchResult => ({
      name,
      description: '',
      starCount,
      isOfficial,
      isAutomated: false,
    });
    const results = [r('b', 10), r('a', 10, true), r('c', 50), r('d', 0, true)];
    expect(sortResults(results, { column: 'stars', direction: 'desc' }).map((x) => x.name)).toEqual(['c', 'b', 'a', 'd']);
    expect(sortResults(results, { column: 'name', direction: 'asc' }).map((x) => x.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(sortResults(results, { column: 'official', direction: 'desc' }).map((x) => x.name)).toEqual(['a', 'd', 'b', 'c']);
    expect(sortResults(results, null)).toEqual(results);
    const s1 = nextSearchSort(null, 'stars');
    expect(s1).toEqual({ column: 'stars', direction: 'desc' });
    const s2 = nextSearchSort(s1, 'stars');
    expect(s2).toEqual({ column: 'stars', direction: 'asc' });
    expect(nextSearchSort(s2, 'stars')).toBeNull();
    expect(nextSearchSort(s2, 'name')).toEqual({ column: 'name', direction: 'asc' });
  });

  it('keeps the limit in 1..100 and reads a star count', () => {
    expect([clampLimit(0), clampLimit(101), clampLimit(42.7), clampLimit(Number.NaN)]).toEqual([1, 100, 42, 25]);
    expect([parseStars(''), parseStars(' 12 '), parseStars('-3'), parseStars('x')]).toEqual([undefined, 12, 0, undefined]);
  });
});

const job = (p: Partial<JobSnapshot> & Pick<JobSnapshot, 'id'>): JobSnapshot => ({
  kind: 'pull',
  title: `Pull ${p.id}`,
  state: 'running',
  current: 0,
  total: 100,
  layers: [],
  messages: [],
  startedAt: 1_000,
  ...p,
});

describe('job model', () => {
  it('derives a smoothed speed from successive snapshots', () => {
    const a = nextRate(undefined, job({ id: 'j', current: 0, total: 10_000_000 }), 0);
    expect(a).toEqual({ current: 0, at: 0, bytesPerSecond: null });
    const b = nextRate(a, job({ id: 'j', current: 1_000_000, total: 10_000_000 }), 1000);
    expect(b!.bytesPerSecond).toBe(1_000_000);
    // A faster second moves the average toward it, not all the way.
    const c = nextRate(b, job({ id: 'j', current: 4_000_000, total: 10_000_000 }), 2000);
    expect(c!.bytesPerSecond).toBeGreaterThan(1_000_000);
    expect(c!.bytesPerSecond).toBeLessThan(3_000_000);
    // Same instant: nothing learnt. Bytes going back: start over.
    expect(nextRate(c, job({ id: 'j', current: 4_000_000, total: 10_000_000 }), 2000)).toBe(c);
    expect(nextRate(c, job({ id: 'j', current: 10, total: 10_000_000 }), 2100)).toEqual({ current: 10, at: 2100, bytesPerSecond: null });
    // Finished, or no byte count: no speed.
    expect(nextRate(c, job({ id: 'j', state: 'succeeded', current: 10_000_000, total: 10_000_000 }), 3000)).toBeUndefined();
    expect(nextRate(undefined, job({ id: 'j', total: 0 }), 0)).toBeUndefined();
  });

  it('gives a finished job its average speed', () => {
    expect(averageRate(job({ id: 'j', state: 'succeeded', current: 4_000_000, total: 4_000_000, startedAt: 0, endedAt: 2000 }))).toBe(
      2_000_000,
    );
    expect(averageRate(job({ id: 'j', state: 'running', current: 1 }))).toBeNull();
  });

  it('lists active and finished ids newest first; the arrays do not change on progress', () => {
    const byId = {
      a: job({ id: 'a', startedAt: 1 }),
      b: job({ id: 'b', startedAt: 3 }),
      c: job({ id: 'c', startedAt: 2, state: 'failed' }),
      d: job({ id: 'd', startedAt: 4, state: 'queued' }),
    };
    expect(jobIds(byId, 'active')).toEqual(['d', 'b', 'a']);
    expect(jobIds(byId, 'finished')).toEqual(['c']);
    const ticked = { ...byId, b: { ...byId.b, current: 50 } };
    expect(jobIds(ticked, 'active')).toEqual(jobIds(byId, 'active'));
  });

  it('fills a layer bar from its numbers, or whole when done', () => {
    expect(layerFraction({ status: 'Downloading', current: 25, total: 100 })).toBe(0.25);
    expect(layerFraction({ status: 'Pull complete' })).toBe(1);
    expect(layerFraction({ status: 'Already exists' })).toBe(1);
    expect(layerFraction({ status: 'Waiting' })).toBeNull();
  });

  it("reads a succeeded pull's result only", () => {
    const result = { reference: 'x:1', digest: 'sha256:abc', status: 'Downloaded newer image for x:1', id: 'sha256:def' };
    expect(pullResultOf(job({ id: 'p', state: 'succeeded', result }))).toEqual(result);
    expect(pullResultOf(job({ id: 'p', state: 'failed', result }))).toBeNull();
    expect(pullResultOf(job({ id: 'p', kind: 'save', state: 'succeeded', result }))).toBeNull();
  });
});

describe('history model', () => {
  const row = (p: Partial<HistoryRow> = {}): HistoryRow => ({
    id: 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    created: 1_700_000_000,
    createdBy: '/bin/sh -c #(nop) \tCOPY file:0fc852c8287b5dac in /layer2.bin',
    tags: [],
    size: 2_000_000,
    comment: 'c',
    ...p,
  });
  const now = 1_700_000_000_000 + 3 * 3600 * 1000;

  it("shows the CLI's human values with -H and truncation", () => {
    expect(historyCells(row(), { noTrunc: false, human: true, nowMs: now })).toEqual({
      id: '0123456789ab',
      created: '3 hours ago',
      createdBy: '/bin/sh -c #(nop)  COPY file:0fc852c8287b5da…',
      size: '2MB',
      comment: 'c',
    });
  });

  it('shows RFC 3339 dates and bytes without -H, whole values with --no-trunc', () => {
    const cells = historyCells(row(), { noTrunc: true, human: false, nowMs: now, zone: UTC_ZONE });
    expect(cells.id).toBe(row().id);
    expect(cells.created).toBe('2023-11-14T22:13:20Z');
    expect(cells.createdBy).toBe('/bin/sh -c #(nop)  COPY file:0fc852c8287b5dac in /layer2.bin');
    expect(cells.size).toBe('2000000');
    expect(rfc3339(0, () => ({ offsetSeconds: 5400, abbreviation: '' }))).toBe('1970-01-01T01:30:00+01:30');
  });

  it('keeps <missing> and reads old dates as N/A', () => {
    const cells = historyCells(row({ id: '<missing>', created: 0 }), { noTrunc: false, human: true, nowMs: now });
    expect(cells.id).toBe('<missing>');
    expect(cells.created).toBe('N/A');
  });

  it('writes the equivalent docker history command', () => {
    expect(historyCommand('busybox:latest', { noTrunc: false, human: true })).toBe('docker history busybox:latest');
    expect(historyCommand('x', { noTrunc: true, human: false, quiet: true, format: '{{.ID}} x' })).toBe(
      "docker history --no-trunc -H=false -q --format '{{.ID}} x' x",
    );
  });
});
