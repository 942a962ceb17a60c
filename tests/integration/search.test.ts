// search.run / search.format against the real engine, which asks a loopback v1 search index
// started here (tests/support/search-index.ts); every filter and limit is compared with what the
// installed docker CLI prints for the same term on the same engine.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchRunResult } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { searchFilterArgs, type SearchFilters } from '../../electron/core/search/search';
import { searchDataset, type SearchIndex, startSearchIndex } from '../support/search-index';
import { dockerCli, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[search] skipping: ${skipReason}`);
const stack = loadStackEnv();

let core: StevedoreCore;
let index: SearchIndex;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface Case {
  query: string;
  limit?: number;
  filters?: SearchFilters;
  noTrunc?: boolean;
  format?: string;
}

function cliArgs(c: Case): string[] {
  const args = ['search'];
  if (c.limit !== undefined) args.push('--limit', String(c.limit));
  for (const f of searchFilterArgs(c.filters)) args.push('--filter', f);
  if (c.noTrunc) args.push('--no-trunc');
  if (c.format !== undefined) args.push('--format', c.format);
  args.push(index.term(c.query));
  return args;
}

async function run(c: Case): Promise<SearchRunResult> {
  const r = await core.handle('search.run', { term: index.term(c.query), limit: c.limit, filters: c.filters });
  if (!r.ok) throw new Error(`search.run: ${r.error.code} ${r.error.message}`);
  return r.value as SearchRunResult;
}

async function format(c: Case, found: SearchRunResult): Promise<string> {
  const r = await core.handle('search.format', { results: found.results, noTrunc: c.noTrunc, format: c.format });
  if (!r.ok) throw new Error(`search.format: ${r.error.code} ${r.error.message}`);
  return (r.value as { text: string }).text;
}

const engineWords = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('WARNING:'))
    .join('\n')
    .replace(/^Error response from daemon: /, '');

describe.skipIf(skipReason !== null)('search against the real engine and a loopback index', () => {
  beforeAll(async () => {
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
    index = await startSearchIndex();
  });

  afterAll(async () => {
    await index?.close();
    core?.dispose();
  });

  it('the dataset is big and varied enough to mean something', () => {
    const data = searchDataset();
    expect(data.length).toBeGreaterThanOrEqual(120);
    expect(new Set(data.map((d) => d.star_count)).size).toBeGreaterThan(50);
    expect(data.some((d) => d.is_official) && data.some((d) => !d.is_official)).toBe(true);
    expect(data.some((d) => d.is_automated) && data.some((d) => !d.is_automated)).toBe(true);
    expect(data.some((d) => /[\n\r]/.test(d.description))).toBe(true);
    expect(data.some((d) => /[\u0080-\uffff]/.test(d.description))).toBe(true);
    expect(data.some((d) => d.description.length > 200)).toBe(true);
  });

  it('asks the index in the term, with the limit as n, and returns the results in its order', async () => {
    const before = index.requests.length;
    const found = await run({ query: 'stevedore', limit: 40 });
    expect(found.index).toBe(index.host);
    expect(found.results.map((r) => r.name)).toEqual(
      searchDataset()
        .slice(0, 40)
        .map((d) => d.name),
    );
    expect(index.requests.slice(before).filter((r) => r.path === '/v1/search')).toEqual([{ path: '/v1/search', q: 'stevedore', n: '40' }]);
    // not sorted by stars (the CLI stopped sorting in v23; Docker Hub sorts by relevance)
    const stars = found.results.map((r) => r.starCount);
    expect(stars).not.toEqual([...stars].sort((a, b) => b - a));
  });

  const limits = [undefined, 1, 10, 25, 50, 100];
  const filterSets: SearchFilters[] = [
    { isOfficial: true },
    { isOfficial: false },
    { isAutomated: true },
    { isAutomated: false },
    { stars: 0 },
    { stars: 10 },
    { stars: 100 },
    { stars: 1000 },
    { stars: 50_000 },
    { isOfficial: true, stars: 25 },
    { isOfficial: false, isAutomated: true, stars: 1 },
  ];
  const cases: Case[] = [
    ...limits.map((limit) => ({ query: 'stevedore', limit })),
    ...filterSets.map((filters) => ({ query: 'stevedore', limit: 100, filters })),
    ...filterSets.slice(0, 4).map((filters) => ({ query: 'stevedore', filters })),
    { query: 'stevedore', limit: 100, noTrunc: true },
    { query: 'stevedore', limit: 100, format: 'table' },
    { query: 'stevedore', limit: 100, format: 'json' },
    { query: 'stevedore', limit: 100, format: '{{json .}}', filters: { isOfficial: true } },
    { query: 'stevedore', limit: 100, format: 'table {{.Name}}\t{{.StarCount}}\t{{.IsOfficial}}' },
    { query: 'stevedore', limit: 100, format: '{{.Name}}: {{.Description}}', noTrunc: true },
    { query: 'stevedore', limit: 100, format: '{{.}}' },
    { query: 'stevedore', limit: 100, format: 'table {{.Description}}|{{.Name}}', noTrunc: true },
    { query: 'stevedore', limit: 100, format: '{{.StarCount}}\t{{upper .Name}}' },
    { query: 'app-0', limit: 100 },
    { query: 'cjk' },
    { query: 'emoji', noTrunc: true },
    { query: 'multi-line', format: '{{json .Description}}' },
    { query: 'nomatch-at-all' },
    { query: 'nomatch-at-all', format: 'table {{.Name}}' },
  ];

  it.each(cases)('same output as `docker search` %#: %j', async (c) => {
    const found = await run(c);
    const ours = await format(c, found);
    const cli = await dockerCli(cliArgs(c));
    expect(cli.code, cli.stderr).toBe(0);
    expect(ours).toBe(cli.stdout);
    if (c.limit !== undefined && !c.filters && c.query === 'stevedore') expect(found.results).toHaveLength(c.limit);
  });

  it('a template error is INVALID_ARGUMENT with the CLI text', async () => {
    const found = await run({ query: 'stevedore', limit: 3 });
    const r = await core.handle('search.format', { results: found.results, format: '{{.IsAutomated}}' });
    const cli = await dockerCli(['search', '--limit', '3', '--format', '{{.IsAutomated}}', index.term('stevedore')]);
    expect(cli.code).not.toBe(0);
    expect(r).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: cli.stderr.trim() } });
  });

  it('limits outside 1..100 are refused before anything is sent', async () => {
    const before = index.requests.length;
    for (const limit of [0, -1, 101]) {
      expect(await core.handle('search.run', { term: index.term('stevedore'), limit })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT' },
      });
    }
    expect(index.requests.length).toBe(before);
  });

  it('a term with a scheme is refused with the engine words', async () => {
    const term = `http://${index.host}/foo`;
    const r = await core.handle('search.run', { term });
    const cli = await dockerCli(['search', term]);
    expect(r).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: engineWords(cli.stderr) } });
  });

  it('an index with nothing listening is REGISTRY_UNREACHABLE with the engine words', async () => {
    const term = `127.0.0.1:${await freePort()}/foo`;
    const r = await core.handle('search.run', { term });
    const cli = await dockerCli(['search', term]);
    expect(r).toMatchObject({ ok: false, error: { code: 'REGISTRY_UNREACHABLE', message: engineWords(cli.stderr) } });
    expect(JSON.stringify(r)).toMatch(/connection refused/);
  });

  it('a slow index is REGISTRY_UNREACHABLE after the bounded wait', async () => {
    const r = await core.handle('search.run', { term: index.term('hang-forever'), timeoutMs: 1500 });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'REGISTRY_UNREACHABLE', message: `The search index ${index.host} did not answer within 1.5 s` },
    });
  });

  it('an index that answers with an error status keeps the engine words', async () => {
    const term = index.term('fail500');
    const r = await core.handle('search.run', { term });
    const cli = await dockerCli(['search', term]);
    expect(r).toMatchObject({ ok: false, error: { message: engineWords(cli.stderr) } });
    expect(JSON.stringify(r)).toContain('Unexpected status code 500');
  });
});
