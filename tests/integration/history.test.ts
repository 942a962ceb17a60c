// images.history / images.historyFormat / images.inspect against the real engine, compared with
// the installed docker CLI on the same images: fixtures (imported, built, committed, pushed and
// pulled) and a pulled multi-layer image whose lower layers are `<missing>`.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HistoryRow } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { ensureRegistryImage, removeLocal } from '../support/registry-images';
import { timedCliRun } from '../support/cli-clock';
import { dockerCli, fixtures, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[history] skipping: ${skipReason}`);
const stack = loadStackEnv();
const fx = fixtures(stack);
const PULLED = `${stack.registry}/stevedore-fixture/pull-layers:1`;

let core: StevedoreCore;

interface Options {
  noTrunc?: boolean;
  human?: boolean;
  quiet?: boolean;
  format?: string;
}

function cliArgs(image: string, o: Options): string[] {
  const args = ['history'];
  if (o.noTrunc) args.push('--no-trunc');
  if (o.human === false) args.push('-H=false');
  if (o.quiet) args.push('-q');
  if (o.format !== undefined) args.push('--format', o.format);
  return [...args, image];
}

async function ours(image: string, o: Options): Promise<string> {
  const r = await core.handle('images.historyFormat', { image, ...o });
  if (!r.ok) throw new Error(`images.historyFormat: ${r.error.code} ${r.error.message}`);
  return (r.value as { text: string }).text;
}

/** ours() with the process's Date pinned to `now` (Date only: the engine's I/O keeps real timers). */
async function oursAt(now: number, image: string, o: Options): Promise<string> {
  vi.useFakeTimers({ toFake: ['Date'], now });
  try {
    return await ours(image, o);
  } finally {
    vi.useRealTimers();
  }
}

const OPTIONS: Options[] = [
  {},
  { noTrunc: true },
  { human: false },
  { human: false, noTrunc: true },
  { quiet: true },
  { quiet: true, noTrunc: true },
  { format: 'json' },
  { format: '{{json .}}', noTrunc: true },
  { format: 'table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}' },
  { format: '{{.ID}}|{{.CreatedSince}}|{{.Size}}|{{.Comment}}', human: false },
  { format: '{{.}}' },
  { format: 'table {{.CreatedBy}}\t{{.Size}}', noTrunc: true },
  { format: '{{.ID}} {{len .CreatedBy}} {{upper .Comment}}' },
  { format: 'table {{.Comment}}', quiet: true },
];

describe.skipIf(skipReason !== null)('history and inspect against the real engine', () => {
  beforeAll(async () => {
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
    await ensureRegistryImage({ ref: PULLED, layers: [300_000, 200_000, 100_000], label: 'org.stevedore.fixture=1' });
    const pulled = await dockerCli(['pull', '-q', PULLED]);
    if (pulled.code !== 0) throw new Error(pulled.stderr);
  });

  afterAll(async () => {
    await removeLocal(PULLED);
    core?.dispose();
  });

  const images = () => [fx.base, fx.built, fx.committed, fx.web, fx.small, fx.digested, stack.digestOnlyRef, PULLED].filter(Boolean);

  it('a pulled image shows <missing> for the layers it has no local image for', async () => {
    const r = await core.handle('images.history', { image: PULLED });
    expect(r.ok).toBe(true);
    const rows = (r as { value: { rows: HistoryRow[] } }).value.rows;
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows[0].id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(rows[0].tags).toContain(PULLED);
    expect(rows.slice(1).every((row) => row.id === '<missing>')).toBe(true);
    // One COPY layer per random file, newest first.
    expect(rows.filter((row) => row.createdBy.includes(' COPY ')).map((row) => row.size)).toEqual([100_000, 200_000, 300_000]);
  });

  it('rows carry the engine values (newest first)', async () => {
    const r = await core.handle('images.history', { image: fx.committed });
    const rows = (r as { value: { rows: HistoryRow[] } }).value.rows;
    const cli = await dockerCli(['history', '--no-trunc', '-H=false', '--format', '{{.ID}}|{{.Size}}|{{.Comment}}', fx.committed]);
    expect(rows.map((row) => `${row.id}|${row.size}|${row.comment}`).join('\n') + '\n').toBe(cli.stdout);
    expect(rows[0].comment).toBe('stevedore fixture: committed');
  });

  for (const o of OPTIONS) {
    it(`same output as \`docker ${cliArgs('IMAGE', o).join(' ')}\` for every fixture`, async () => {
      for (const image of images()) {
        // `N seconds ago` as of the CLI run's own instant: ours is pinned to each instant the CLI
        // may have read the clock at (tests/support/cli-clock.ts), so a tick cannot fall between.
        const { output: cli, instants } = await timedCliRun(() => dockerCli(cliArgs(image, o)));
        let mine = '';
        for (const now of instants) if ((mine = await oursAt(now, image, o)) === cli.stdout) break;
        expect(cli.code, cli.stderr).toBe(0);
        expect(mine, image).toBe(cli.stdout);
      }
    });
  }

  it('by short ID, full ID and sha256: ID, as the CLI accepts them', async () => {
    const id = (await dockerCli(['image', 'inspect', '--format', '{{.Id}}', fx.built])).stdout.trim();
    for (const image of [id, id.slice('sha256:'.length), id.slice('sha256:'.length, 'sha256:'.length + 12)]) {
      expect(await ours(image, {})).toBe((await dockerCli(['history', image])).stdout);
    }
  });

  it('an unknown image is NOT_FOUND, a malformed one INVALID_REFERENCE, with the engine words', async () => {
    const missing = 'stevedore-fixture/pull-no-such-image:1';
    const cli = await dockerCli(['history', missing]);
    expect(await core.handle('images.history', { image: missing })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: cli.stderr.trim().replace(/^Error response from daemon: /, '') },
    });
    const bad = await dockerCli(['history', 'Stevedore-Fixture/x']);
    expect(await core.handle('images.historyFormat', { image: 'Stevedore-Fixture/x' })).toEqual({
      ok: false,
      error: { code: 'INVALID_REFERENCE', message: bad.stderr.trim().replace(/^Error response from daemon: /, '') },
    });
  });

  it('a template error is INVALID_ARGUMENT with the CLI text', async () => {
    const cli = await dockerCli(['history', '--format', '{{.Nope}}', fx.base]);
    expect(await core.handle('images.historyFormat', { image: fx.base, format: '{{.Nope}}' })).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: cli.stderr.trim() },
    });
  });

  it('inspect returns the engine JSON, as `docker image inspect` prints it', async () => {
    for (const image of [fx.web, fx.digested, PULLED]) {
      const r = await core.handle('images.inspect', { image });
      const cli = await dockerCli(['image', 'inspect', image]);
      expect(r).toEqual({ ok: true, value: (JSON.parse(cli.stdout) as unknown[])[0] });
    }
    const missing = await dockerCli(['image', 'inspect', 'stevedore-fixture/pull-no-such-image:1']);
    expect(await core.handle('images.inspect', { image: 'stevedore-fixture/pull-no-such-image:1' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: missing.stderr.trim().replace(/^Error response from daemon: /, '') },
    });
    expect(await core.handle('images.inspect', { image: 'a b' })).toEqual({
      ok: false,
      error: { code: 'INVALID_REFERENCE', message: 'invalid reference format' },
    });
  });
});
