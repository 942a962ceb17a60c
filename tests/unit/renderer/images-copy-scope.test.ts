// Specifies which rows "Copy IDs" / "Copy as…" ask core for: what the grid shows or has selected, in
// the grid's order; and with neither, `docker images` itself (no rows named, CLI parity).
import { describe, expect, it } from 'vitest';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import { copyScopes } from '../../../renderer/src/features/images/image-view';
import { fakeApi, flush, row } from './fake-api';

async function setup() {
  const rows = [row('busybox', 'latest'), row('alpine', '3.20'), row('mine/app', '1'), row('mine/db', '2')];
  const f = fakeApi({
    'images.list': () => ({ rows, imageCount: rows.length }),
    'images.format': (req) => ({ text: JSON.stringify(req) }),
    'engine.status': () => ({ reachable: true, host: 'unix:///x.sock', source: 'env', checkedAt: 1 }),
    'jobs.list': () => [],
  });
  const store = createAppStore({ api: f.api, now: () => 42_000 });
  connectStore(store, f.transport);
  await flush();
  const images = () => store.getState().images;
  const request = async (opts: Parameters<ReturnType<typeof images>['format']>[0]) => {
    const r = await images().format(opts);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.text === '' ? null : JSON.parse(r.value.text);
  };
  return { rows, images, request, f };
}

describe('copy scope', () => {
  it('with no quick filter and no selection only "all" is offered, and the request is docker images as before', async () => {
    const { images, request } = await setup();
    expect(copyScopes(images())).toEqual(['all']);
    expect(await request({ quiet: true })).toEqual({ all: false, digests: false, filters: [], noTrunc: false, quiet: true });
  });

  it('a quick filter makes "shown" the default and names those rows in the grid\'s order', async () => {
    const { rows, images, request } = await setup();
    images().setText('mine');
    images().toggleSort('repository');
    images().toggleSort('repository');
    expect(copyScopes(images())).toEqual(['shown', 'all']);
    expect((await request({ quiet: true, scope: 'shown' })).rows).toEqual([rows[3].key, rows[2].key]);
    // "all" stays the CLI's command, the quick filter notwithstanding.
    expect(await request({ quiet: true, scope: 'all' })).not.toHaveProperty('rows');
  });

  it('a selection comes first and copies only the selected rows the grid shows', async () => {
    const { rows, images, request } = await setup();
    images().select(rows[3].key, 'only');
    images().select(rows[0].key, 'toggle');
    expect(copyScopes(images())).toEqual(['selected', 'all']);
    expect((await request({ format: '{{.ID}}', scope: 'selected' })).rows).toEqual([rows[0].key, rows[3].key]);
    // A selected row the filter hides is not copied.
    images().setText('mine');
    expect(copyScopes(images())).toEqual(['shown', 'all', 'selected']);
    expect((await request({ quiet: true, scope: 'selected' })).rows).toEqual([rows[3].key]);
  });

  it('one selected row (where a click or an arrow key put the cursor) is offered, but last: the list stays the default', async () => {
    const { rows, images } = await setup();
    images().select(rows[1].key, 'only');
    expect(copyScopes(images())).toEqual(['all', 'selected']);
    images().setText('a');
    expect(copyScopes(images())).toEqual(['shown', 'all', 'selected']);
  });

  it("a quick filter that shows every row in the CLI's order names no rows; sorted, it names them all", async () => {
    const { rows, images, request } = await setup();
    images().setText('a'); // every test ID holds an "a"
    expect(images().view).toHaveLength(rows.length);
    expect(await request({ quiet: true, scope: 'shown' })).not.toHaveProperty('rows');
    images().toggleSort('repository');
    expect((await request({ quiet: true, scope: 'shown' })).rows).toEqual([rows[1].key, rows[0].key, rows[2].key, rows[3].key]);
  });

  it('nothing shown copies nothing, without asking core', async () => {
    const { images, f } = await setup();
    images().setText('no-such-row');
    const r = await images().format({ quiet: true, scope: 'shown' });
    expect(r).toEqual({ ok: true, value: { text: '' } });
    expect(f.callsTo('images.format')).toHaveLength(0);
  });
});
