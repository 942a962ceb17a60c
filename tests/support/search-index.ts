// A tiny search index on 127.0.0.1 that speaks Docker Hub's v1 search protocol, so the REAL
// engine can be asked `docker search 127.0.0.1:<port>/<query>` in tests (registry:2 has no v1
// search). Started by the tests themselves on a random port, with a fixed dataset.
//
//   GET /v1/_ping                -> 200 `true` (the engine only checks that something answers)
//   GET /v1/search?q=<q>&n=<n>   -> {"query","num_results","page","page_size","results":[...]}
//
// Matching: case-insensitive substring of name or description; every entry mentions
// "stevedore", so q=stevedore returns the whole dataset. Results keep the dataset's own
// ("relevance") order, which is deliberately NOT sorted by stars. Special queries:
//   q=hang...        never answers (a slow index)
//   q=fail500...     answers HTTP 500 (the engine reports `Unexpected status code 500`)
// The engine tries HTTPS first on the same port; this plain-HTTP server answers that with a 400
// and a closed connection, and the engine falls back to HTTP (127.0.0.0/8 is always insecure).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from './seeded-random';

export interface IndexEntry {
  name: string;
  description: string;
  star_count: number;
  is_official: boolean;
  is_automated: boolean;
}

const WORDS = [
  'stevedore',
  'container',
  'image',
  'alpine',
  'minimal',
  'build',
  'cache',
  'proxy',
  'database',
  'server',
  'tools',
  'runtime',
  'static',
  'secure',
  'fast',
  'tiny',
  'layered',
  'registry',
  'docker',
];

/** Hand-written entries that exercise truncation, wide runes, line breaks and JSON escaping. */
const SPECIAL: IndexEntry[] = [
  { name: 'stevedore/empty-description', description: '', star_count: 7, is_official: false, is_automated: false },
  // exactly 45 columns: not truncated; 46: truncated to 44 + "…"
  { name: 'stevedore/desc-45', description: 'a'.repeat(45), star_count: 45, is_official: false, is_automated: true },
  { name: 'stevedore/desc-46', description: 'b'.repeat(46), star_count: 46, is_official: true, is_automated: false },
  {
    name: 'stevedore/multi-line',
    description: 'First line of a stevedore description\nsecond line\r\nthird line after CRLF\rand a lone CR',
    star_count: 1200,
    is_official: false,
    is_automated: true,
  },
  {
    name: 'stevedore/cjk',
    description: 'stevedore 日本語の説明文です。とても長い説明がここに続きます。コンテナイメージ',
    star_count: 88,
    is_official: false,
    is_automated: false,
  },
  {
    name: 'stevedore/emoji',
    description: 'stevedore 🐳 whale images 🚢 shipped fast ✨ with sparkles and more words after them',
    star_count: 88,
    is_official: true,
    is_automated: true,
  },
  {
    name: 'stevedore/accents',
    description: 'stevedore café naïve résumé — combining e\u0301 and ñ, Ελληνικά, русский текст, العربية',
    star_count: 3,
    is_official: false,
    is_automated: false,
  },
  {
    name: 'stevedore/html-chars',
    description: 'stevedore <b>bold</b> & "quoted" \'single\' \\ backslash',
    star_count: 0,
    is_official: false,
    is_automated: false,
  },
  {
    name: 'stevedore/fullwidth',
    description: 'ｓｔｅｖｅｄｏｒｅ　ＦＵＬＬＷＩＤＴＨ　ｔｅｘｔ　ｈｅｒｅ　ｔｏｏ',
    star_count: 100000,
    is_official: true,
    is_automated: false,
  },
  {
    name: 'stevedore/very-long',
    description: `stevedore ${'long words repeated '.repeat(40)}end`,
    star_count: 5000,
    is_official: false,
    is_automated: true,
  },
  {
    name: 'library-like/stevedore',
    description: 'Official-looking stevedore build',
    star_count: 5000,
    is_official: true,
    is_automated: false,
  },
];

/** The fixed dataset: 130 generated entries plus the special ones, in "relevance" order. */
export function searchDataset(): IndexEntry[] {
  // Seeded, so the dataset is the same on every run.
  const rnd = seededRandom(20_10);
  const out: IndexEntry[] = [];
  for (let i = 0; i < 130; i++) {
    const n = String(i).padStart(3, '0');
    const words = Array.from({ length: 2 + Math.floor(rnd() * 14) }, () => WORDS[Math.floor(rnd() * WORDS.length)]);
    const kind = rnd();
    // A spread of star counts with many ties (0, 1, 10, 25, ...) and some large ones.
    const stars = kind < 0.15 ? 0 : kind < 0.3 ? [1, 10, 25, 100][i % 4] : Math.floor(rnd() ** 3 * 50_000);
    out.push({
      name: i % 9 === 0 ? `stevedore-${n}` : `stevedore/app-${n}`,
      description: i % 11 === 0 ? '' : `stevedore ${words.join(' ')}`,
      star_count: stars,
      is_official: i % 7 === 0 || i % 9 === 0,
      is_automated: i % 3 === 0,
    });
  }
  // Interleave the special entries so they are not all at one end.
  SPECIAL.forEach((e, k) => out.splice(3 + k * 11, 0, e));
  return out;
}

export interface SearchIndex {
  /** `127.0.0.1:<port>` */
  host: string;
  port: number;
  /** A search term that asks this index for `query`. */
  term(query: string): string;
  /** Requests received (path and query), for assertions. */
  requests: { path: string; q: string | null; n: string | null }[];
  close(): Promise<void>;
}

/** Starts the index on a random loopback port. */
export async function startSearchIndex(dataset: IndexEntry[] = searchDataset()): Promise<SearchIndex> {
  const requests: SearchIndex['requests'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://index.local');
    const q = url.searchParams.get('q');
    const n = url.searchParams.get('n');
    requests.push({ path: url.pathname, q, n });
    if (url.pathname === '/v1/_ping') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Docker-Registry-Standalone': 'true' });
      res.end('true');
      return;
    }
    if (url.pathname !== '/v1/search') {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"detail":"not found"}');
      return;
    }
    const query = (q ?? '').toLowerCase();
    if (query.startsWith('hang')) return; // never answer
    if (query.startsWith('fail500')) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('index exploded');
      return;
    }
    const limit = Math.max(1, Math.min(100, Number.parseInt(n ?? '25', 10) || 25));
    const matching = dataset.filter(
      (e) => query === '' || e.name.toLowerCase().includes(query) || e.description.toLowerCase().includes(query),
    );
    const results = matching.slice(0, limit);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ query: q ?? '', num_results: matching.length, num_pages: 1, page: 1, page_size: limit, results }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = `127.0.0.1:${port}`;
  return {
    host,
    port,
    term: (query) => `${host}/${query}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
