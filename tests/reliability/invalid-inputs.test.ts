// BADINPUT, table part: the invalid references, templates and filters of the earlier issues, in one
// table, sent through the contract (core.handle) against the private engine behind a recording
// proxy. Each must be refused with its documented code and the CLI's words, and none may reach the
// engine: everything here is checked by core before a request is sent.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Result } from '../../shared/contract';
import { INVALID_FORMAT, INVALID_TAG_TARGETS, LOWERCASE, TOO_LONG } from '../fixtures/tag-reference-cases';
import { startPrivateCore, type PrivateCore } from './support/core-harness';
import { countedCase, reportAfterAll } from './support/counted-case';
import { BASE, PRIVATE_ENGINE_SOCKET, PRIVATE_STACK_DIR } from './support/private-stack';
import { SocketProxy } from './support/socket-proxy';
import { Tally } from './support/tally';

const tally = new Tally('BADINPUT', 'table');
reportAfterAll(tally);

const HEX64 = '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5c7b9a1f3e5d7c9b1a3f';

interface Row {
  what: string;
  channel: string;
  request: Record<string, unknown>;
  code: string;
  /** The message, or a pattern of it (the CLI's words). */
  message: string | RegExp;
  /**
   * The CLI asks the engine first here, and so does core: a list (GET /images/json) for a bad
   * template, the engine's own filter check for filter names and values. Nothing else may go out.
   */
  engineMayList?: boolean;
}

const rows: Row[] = [
  // Tag targets (tests/fixtures/tag-reference-cases.ts), through images.tag
  ...INVALID_TAG_TARGETS.map((c): Row => ({
    what: `tag target ${JSON.stringify(c.input.length > 60 ? `${c.input.slice(0, 40)}…(${c.input.length} chars)` : c.input)}`,
    channel: 'images.tag',
    request: { source: BASE, target: c.input },
    code: 'INVALID_REFERENCE',
    message: new RegExp(c.reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  })),
  // Pull references (reference unit tests: the CLI's messages)
  ...(
    [
      ['', INVALID_FORMAT],
      ['Uppercase', LOWERCASE],
      ['busybox:', INVALID_FORMAT],
      ['busybox:bad tag', INVALID_FORMAT],
      [`repo@sha256:${'f'.repeat(34)}`, 'invalid checksum digest length'],
      [`validname@invaliddigest:${'f'.repeat(64)}`, 'unsupported digest algorithm'],
      [`busybox@sha256:${'F'.repeat(64)}`, 'invalid checksum digest format'],
      [HEX64, `invalid repository name (${HEX64}), cannot specify 64-byte hexadecimal strings`],
      [`${'a'.repeat(256)}:tag`, TOO_LONG],
      ['../../etc/passwd', INVALID_FORMAT],
      ['http://127.0.0.1:5031/rel/x', INVALID_FORMAT],
    ] as const
  )
    .filter(([ref]) => ref !== '')
    .map(([ref, message]): Row => ({
      what: `pull ${JSON.stringify(ref.slice(0, 60))}`,
      channel: 'images.pull',
      request: { reference: ref },
      code: 'INVALID_REFERENCE',
      message,
    })),
  // History / inspect / save of names that are no references
  ...['Foo', 'a b', '../x', 'x@y', '\u0000'].flatMap((image): Row[] => [
    {
      what: `history ${JSON.stringify(image)}`,
      channel: 'images.history',
      request: { image },
      code: 'INVALID_REFERENCE',
      message: /invalid reference format/,
    },
    {
      what: `inspect ${JSON.stringify(image)}`,
      channel: 'images.inspect',
      request: { image },
      code: 'INVALID_REFERENCE',
      message: /invalid reference format/,
    },
  ]),
  // Templates (--format): Go's parse errors, as the CLI prints them
  ...(
    [
      ['{{Foo}}', 'template parsing error: template: :1: function "Foo" not defined'],
      ['{{.Repository', /template parsing error: template: :1: unclosed action/],
      ['{{"\\z"}}', 'template parsing error: template: :1: invalid syntax'],
      ['{{end}}', /template parsing error: template: :1: unexpected \{\{end\}\}/],
      ['{{range .}}', /template parsing error: template: :1: unexpected EOF/],
      ['{{template "x"}}', /template parsing error: template: :1:\d+: executing .* no such template "x"|template parsing error/],
    ] as [string, string | RegExp][]
  ).map(([format, message]): Row => ({
    what: `format ${JSON.stringify(format)}`,
    channel: 'images.format',
    request: { format },
    code: 'INVALID_ARGUMENT',
    message,
    engineMayList: true,
  })),
  // Filters (--filter): the engine's words, checked in core
  ...(
    [
      ['dangling', 'INVALID_ARGUMENT', 'bad format of filter (expected name=value)', false],
      ['until=yesterday', 'INVALID_ARGUMENT', /yesterday/, false],
      ['dangling=maybe', 'INVALID_ARGUMENT', "Invalid filter 'dangling=[maybe]'", true],
      ['foo=bar', 'INVALID_ARGUMENT', "Invalid filter 'foo'", true],
      ['before=Foo', 'INVALID_REFERENCE', 'invalid reference format: repository name must be lowercase', true],
      // 20.10 answers a bad glob with a 500; it is still the caller's input.
      ['reference=[', 'INVALID_ARGUMENT', 'syntax error in pattern', true],
    ] as [string, string, string | RegExp, boolean][]
  ).map(([filter, code, message, engineMayList]): Row => ({
    what: `filter ${JSON.stringify(filter)}`,
    channel: 'images.list',
    request: { filters: [filter] },
    code,
    message,
    engineMayList,
  })),
];

let pc: PrivateCore;
let proxy: SocketProxy;

describe('invalid references, templates and filters: refused by core with the CLI words, nothing sent', () => {
  beforeAll(async () => {
    proxy = new SocketProxy({ listen: { path: join(PRIVATE_STACK_DIR, 'rel-table.sock') }, target: { path: PRIVATE_ENGINE_SOCKET } });
    await proxy.start();
    pc = await startPrivateCore(proxy.address);
  });
  afterAll(async () => {
    pc?.dispose();
    await proxy?.close();
  });

  for (const row of rows) {
    countedCase(tally, `${row.channel} ${row.what}`, async () => {
      const since = Date.now();
      const r = (await pc.core.handle(row.channel, row.request)) as Result<unknown>;
      expect(r.ok, JSON.stringify(r).slice(0, 300)).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe(row.code);
      if (typeof row.message === 'string') expect(r.error.message).toContain(row.message);
      else expect(r.error.message).toMatch(row.message);
      const reached = proxy
        .requestsSince(since)
        .filter(
          (q) =>
            !/\/(?:_ping|version|events)\b/.test(q.path) && !(row.engineMayList && q.method === 'GET' && /\/images\/json\b/.test(q.path)),
        );
      expect(reached.map((q) => `${q.method} ${q.path}`)).toEqual([]);
    });
  }
});
