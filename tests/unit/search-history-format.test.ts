// `docker search` and `docker history` output, pinned to the CLI's own tests
// (cli/command/registry/formatter_search_test.go + testdata goldens, cli/command/image/
// formatter_history_test.go at v28.2.2), plus the search request details core owns.
import { describe, expect, it } from 'vitest';
import type { HistoryRow, SearchResult } from '../../shared/contract';
import { formatHistory, goRFC3339, historyFormat } from '../../electron/core/images/format/history-format';
import { FormatError } from '../../electron/core/images/format/context-write';
import { formatSearchResults, searchDescription, searchFormat } from '../../electron/core/images/format/search-format';
import { UTC_ZONE } from '../../shared/docker-units';
import { searchFilterArgs, searchFiltersJson, toSearchResult } from '../../electron/core/search/search';

const results: SearchResult[] = [
  { name: 'result1', description: 'Official build', starCount: 5000, isOfficial: true, isAutomated: false },
  { name: 'result2', description: 'Not official', starCount: 5, isOfficial: false, isAutomated: true },
];

function formatError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return (e as Error).message;
  }
  throw new Error('expected a FormatError');
}

describe('docker search output (TestSearchContextWrite)', () => {
  it('default table (search-context-write-table.golden, trailing spaces included)', () => {
    expect(formatSearchResults(results)).toBe(
      'NAME      DESCRIPTION      STARS     OFFICIAL\n' +
        'result1   Official build   5000      [OK]\n' +
        'result2   Not official     5         \n',
    );
    expect(formatSearchResults(results, { format: 'table' })).toBe(formatSearchResults(results));
  });

  it('JSON, one object per result with string values, keys sorted', () => {
    expect(formatSearchResults(results, { format: '{{json .}}' })).toBe(
      '{"Description":"Official build","IsOfficial":"true","Name":"result1","StarCount":"5000"}\n' +
        '{"Description":"Not official","IsOfficial":"false","Name":"result2","StarCount":"5"}\n',
    );
    expect(formatSearchResults(results, { format: 'json' })).toBe(formatSearchResults(results, { format: '{{json .}}' }));
    expect(formatSearchResults(results, { format: '{{json .Name}}' })).toBe('"result1"\n"result2"\n');
  });

  it('custom formats', () => {
    expect(formatSearchResults(results, { format: 'table {{.Name}}' })).toBe('NAME\nresult1\nresult2\n');
    expect(formatSearchResults(results, { format: '{{.Name}}' })).toBe('result1\nresult2\n');
    expect(formatSearchResults(results, { format: '{{.Name}} {{.StarCount}}' })).toBe('result1 5000\nresult2 5\n');
    expect(formatSearchResults([], { format: 'table {{.Name}}\t{{.StarCount}}' })).toBe('NAME      STARS\n');
    expect(formatSearchResults([], { format: '{{.Name}}' })).toBe('');
  });

  it('template errors carry the CLI text', () => {
    expect(formatError(() => formatSearchResults(results, { format: '{{InvalidFunction}}' }))).toBe(
      'template parsing error: template: :1: function "InvalidFunction" not defined',
    );
    expect(formatError(() => formatSearchResults(results, { format: '{{nil}}' }))).toBe(
      'template parsing error: template: :1:2: executing "" at <nil>: nil is not a command',
    );
    // v25+ has no IsAutomated placeholder any more
    expect(formatError(() => formatSearchResults(results, { format: '{{.IsAutomated}}' }))).toBe(
      'template parsing error: template: :1:2: executing "" at <.IsAutomated>: can\'t evaluate field IsAutomated in type *registry.searchContext',
    );
  });

  it('keeps the order it is given: the CLI no longer sorts by stars', () => {
    const text = formatSearchResults([...results].reverse(), { format: '{{.Name}}' });
    expect(text).toBe('result2\nresult1\n');
  });

  it('descriptions: CR/LF flattened, 45 display columns with an ellipsis (TestSearchContextDescription)', () => {
    const long = 'Automated Nginx reverse proxy for docker containers';
    expect(searchDescription('Official build of Nginx.', true)).toBe('Official build of Nginx.');
    expect(searchDescription(long, false)).toBe(long);
    expect(searchDescription(long, true)).toBe('Automated Nginx reverse proxy for docker con…');
    expect(searchDescription('Automated\nNginx reverse\rproxy\rfor docker\ncontainers', false)).toBe(long);
    expect(searchDescription('Automated\nNginx reverse\rproxy\rfor docker\ncontainers', true)).toBe(
      'Automated Nginx reverse proxy for docker con…',
    );
    expect(searchDescription('日本語の説明文です。とても長い説明がここに続きます。', true)).toBe(
      '日本語の説明文です。とても長い説明がここに続…',
    );
  });

  it('{{json .}} escapes HTML and flips the booleans of that row for the rest of the template, as Go does', () => {
    const r: SearchResult = { name: 'x', description: '<b>&</b>', starCount: 1, isOfficial: true, isAutomated: false };
    expect(formatSearchResults([r], { format: '{{json .}}' })).toBe(
      '{"Description":"\\u003cb\\u003e\\u0026\\u003c/b\\u003e","IsOfficial":"true","Name":"x","StarCount":"1"}\n',
    );
    expect(formatSearchResults([r], { format: '{{.IsOfficial}} {{json .Description}}' })).toBe('[OK] "<b>&</b>"\n');
    expect(formatSearchResults([r], { format: '{{.IsOfficial}}|{{json .}}|{{.IsOfficial}}' })).toMatch(/^\[OK\]\|\{.*\}\|true\n$/);
  });

  it('{{.}} prints the Go struct', () => {
    expect(formatSearchResults(results.slice(0, 1), { format: '{{.}}' })).toBe(
      '{{<nil>} true false {5000 true result1 false Official build}}\n',
    );
  });

  it('NewSearchFormat', () => {
    expect(searchFormat(undefined)).toBe('table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}');
    expect(searchFormat('')).toBe(searchFormat('table'));
    expect(searchFormat('{{.Name}}')).toBe('{{.Name}}');
  });
});

describe('search request details', () => {
  it('filters travel as the CLI FilterOpt JSON, and read back as --filter values', () => {
    expect(searchFiltersJson({})).toBeUndefined();
    expect(searchFiltersJson({ isOfficial: true, isAutomated: false, stars: 3 })).toBe(
      '{"is-official":{"true":true},"is-automated":{"false":true},"stars":{"3":true}}',
    );
    expect(searchFilterArgs({ isOfficial: false, stars: 10 })).toEqual(['is-official=false', 'stars=10']);
  });

  it('engine results become contract results', () => {
    expect(toSearchResult({ name: 'a', description: 'd', star_count: 3, is_official: true, is_automated: false })).toEqual({
      name: 'a',
      description: 'd',
      starCount: 3,
      isOfficial: true,
      isAutomated: false,
    });
    expect(toSearchResult({})).toEqual({ name: '', description: '', starCount: 0, isOfficial: false, isAutomated: false });
  });
});

describe('docker history output (formatter_history_test.go)', () => {
  const now = Date.UTC(2026, 5, 15, 12, 0, 0);
  const day = 24 * 3600;
  const unixTime = now / 1000 - day;
  const oldDate = Date.UTC(2009, 5, 15, 12, 0, 0) / 1000;
  const row = (id: string, created: number, createdBy: string): HistoryRow => ({
    id,
    created,
    createdBy,
    size: 182964289,
    comment: 'Hi',
    tags: ['image:tag2'],
  });
  const histories: HistoryRow[] = [
    row(
      'imageID1',
      unixTime,
      '/bin/bash ls && npm i && npm run test && karma -c karma.conf.js start && npm start && more commands here && the list goes on',
    ),
    row('imageID2', unixTime, '/bin/bash echo'),
    row('imageID3', unixTime, '/bin/bash ls'),
    row('imageID4', unixTime, '/bin/bash grep'),
    row('imageID5', 0, '/bin/bash echo'),
    row('imageID6', oldDate, '/bin/bash echo'),
  ];

  it('TestHistoryContext_Table (truncated)', () => {
    expect(formatHistory(histories, { now, zone: UTC_ZONE })).toBe(
      [
        'IMAGE      CREATED        CREATED BY                                      SIZE      COMMENT',
        'imageID1   24 hours ago   /bin/bash ls && npm i && npm run test && kar…   183MB     Hi',
        'imageID2   24 hours ago   /bin/bash echo                                  183MB     Hi',
        'imageID3   24 hours ago   /bin/bash ls                                    183MB     Hi',
        'imageID4   24 hours ago   /bin/bash grep                                  183MB     Hi',
        'imageID5   N/A            /bin/bash echo                                  183MB     Hi',
        'imageID6   17 years ago   /bin/bash echo                                  183MB     Hi',
        '',
      ].join('\n'),
    );
  });

  it('TestHistoryContext_Table (--no-trunc)', () => {
    const text = formatHistory(histories, { now, zone: UTC_ZONE, noTrunc: true });
    expect(text.split('\n')[1]).toBe(
      'imageID1   24 hours ago   /bin/bash ls && npm i && npm run test && karma -c karma.conf.js start && npm start && more commands here && the list goes on   183MB     Hi',
    );
    expect(text.split('\n')[0]).toBe(`IMAGE      CREATED        CREATED BY${' '.repeat(117)}SIZE      COMMENT`);
  });

  it('-H=false: RFC 3339 dates and byte sizes; -q: IDs only', () => {
    const text = formatHistory(histories.slice(0, 1), { now, zone: UTC_ZONE, human: false });
    expect(text).toBe(
      'IMAGE      CREATED AT             CREATED BY                                      SIZE        COMMENT\n' +
        'imageID1   2026-06-14T12:00:00Z   /bin/bash ls && npm i && npm run test && kar…   182964289   Hi\n',
    );
    expect(formatHistory(histories.slice(0, 2), { quiet: true })).toBe('imageID1\nimageID2\n');
    // a custom format wins over -q and -H=false only changes the values
    expect(formatHistory(histories.slice(0, 1), { quiet: true, human: false, format: '{{.CreatedSince}} {{.Size}}', zone: UTC_ZONE })).toBe(
      '2026-06-14T12:00:00Z 182964289\n',
    );
  });

  it('IDs are truncated to 12 without the algorithm; <missing> stays', () => {
    const id = `sha256:${'ab'.repeat(32)}`;
    expect(
      formatHistory(
        [
          { ...histories[1], id },
          { ...histories[1], id: '<missing>' },
        ],
        { format: '{{.ID}}' },
      ),
    ).toBe('abababababab\n<missing>\n');
    expect(formatHistory([{ ...histories[1], id }], { format: '{{.ID}}', noTrunc: true })).toBe(`${id}\n`);
  });

  it('CreatedBy tabs become spaces (TestHistoryContext_CreatedBy); dates before 2000 are N/A in human mode', () => {
    const withTabs = { ...histories[1], createdBy: 'a\tb\tc' };
    expect(formatHistory([withTabs], { format: '{{.CreatedBy}}' })).toBe('a b c\n');
    const before2000 = { ...histories[1], created: Date.UTC(1980, 10, 10, 10, 23) / 1000 };
    expect(formatHistory([before2000], { format: '{{.CreatedSince}}', now })).toBe('N/A\n');
    expect(formatHistory([before2000], { format: '{{.CreatedSince}}', human: false, zone: UTC_ZONE })).toBe('1980-11-10T10:23:00Z\n');
  });

  it('{{json .}}: string values, sorted keys, HTML escaped', () => {
    expect(formatHistory([{ ...histories[1], id: '<missing>' }], { format: '{{json .}}', now, zone: UTC_ZONE })).toBe(
      '{"Comment":"Hi","CreatedAt":"2026-06-14T12:00:00Z","CreatedBy":"/bin/bash echo","CreatedSince":"24 hours ago","ID":"\\u003cmissing\\u003e","Size":"183MB"}\n',
    );
  });

  it('{{.}} prints the Go struct with its tags', () => {
    expect(formatHistory([histories[1]], { format: '{{.}}' })).toBe(
      `{{<nil>} true true {Hi ${unixTime} /bin/bash echo imageID2 182964289 [image:tag2]}}\n`,
    );
  });

  it('RFC 3339 in the local zone, as time.Format prints it', () => {
    const t = Date.UTC(2009, 10, 10, 23, 0, 0) / 1000;
    expect(goRFC3339(t, UTC_ZONE)).toBe('2009-11-10T23:00:00Z');
    expect(goRFC3339(t, () => ({ offsetSeconds: 3600, abbreviation: 'CET' }))).toBe('2009-11-11T00:00:00+01:00');
    expect(goRFC3339(t, () => ({ offsetSeconds: -12600, abbreviation: '-0330' }))).toBe('2009-11-10T19:30:00-03:30');
  });

  it('NewHistoryFormat', () => {
    expect(historyFormat(undefined, false, true)).toBe('table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}');
    expect(historyFormat('table', false, false)).toBe('table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}');
    expect(historyFormat('', true, false)).toBe('{{.ID}}');
    expect(historyFormat('table {{.ID}}', true, true)).toBe('table {{.ID}}');
  });
});
