// "Copy to registry…" against the renderer's fake api: the slice sends exactly the contract's
// request and starts a failed copy again with the same one; the dialog (rendered to markup, as
// React renders it on first paint) shows what is copied, labelled fields and the `skopeo copy`
// lines; a copy job's row says the result summary, or the job's error as given with "Log in to…"
// when the registry refused for want of credentials.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../../shared/contract';
import { skopeoCopyCommands, type RegistryCopyJobResult, type RegistryCopyRequest } from '../../../shared/registry-copy';
import { createAppStore, type AppStore } from '../../../renderer/src/store';
import { StoreContext } from '../../../renderer/src/store/use-app';
import { initI18n } from '../../../renderer/src/i18n';
import { CopyToRegistryDialog } from '../../../renderer/src/features/registry-copy/CopyToRegistryDialog';
import { JobRow } from '../../../renderer/src/features/jobs/JobRow';
import { bytesText } from '../../../renderer/src/ui/format';
import { fakeApi, jobsOf } from './fake-api';

initI18n('en');

const SOURCE = { host: '127.0.0.1:5011', repository: 'stevedore-copy/app', tags: ['1'] };
const REQUEST: RegistryCopyRequest = {
  source: { host: '127.0.0.1:5011', repository: 'stevedore-copy/app', tags: ['1'] },
  target: { host: '127.0.0.1:5012', repository: 'stevedore-copy/app' },
};

function setup() {
  let n = 0;
  const f = fakeApi({
    'registry.copy': () => ({ jobId: `copy-${++n}` }),
    'registries.list': () => [],
  });
  const store = createAppStore({ api: f.api });
  return { ...f, store, c: () => store.getState().registryCopy };
}

/** Renders on the server's path, where zustand reads the store's initial state: here, its state now. */
const html = (store: AppStore, element: ReactElement) =>
  renderToStaticMarkup(createElement(StoreContext.Provider, { value: { ...store, getInitialState: store.getState } }, element));
/** Markup to text, as a screen shows it. */
const text = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

describe('the registry copy slice', () => {
  it("sends exactly the contract's request, remembers the target and starts a copy again as it was", async () => {
    const { c, callsTo } = setup();
    const started = await c().start(REQUEST);
    expect(started).toEqual({ ok: true, value: { jobId: 'copy-1' } });
    expect(callsTo('registry.copy').map((x) => x.request)).toEqual([REQUEST]);
    expect(c().lastTargetHost).toBe('127.0.0.1:5012');
    const again = await c().retry('copy-1');
    expect(again).toEqual({ ok: true, value: { jobId: 'copy-2' } });
    expect(callsTo('registry.copy').map((x) => x.request)).toEqual([REQUEST, REQUEST]);
    expect((await c().retry('not-mine')).ok).toBe(false);
    expect(callsTo('registry.copy')).toHaveLength(2);
  });

  it('opens one dialog at a time, fresh each time, and closes it', () => {
    const { c } = setup();
    c().open(SOURCE);
    const first = c().dialog;
    c().open({ host: 'h:1', repository: 'r' }, ['a', 'b']);
    expect(c().dialog).toEqual({ nonce: first!.nonce + 1, source: { host: 'h:1', repository: 'r' }, knownTags: ['a', 'b'] });
    c().close();
    expect(c().dialog).toBeNull();
  });
});

describe('the Copy to registry dialog', () => {
  it('shows what is copied and labelled fields, the same repository path by default', () => {
    const { store, c } = setup();
    c().open(SOURCE);
    const markup = html(store, createElement(CopyToRegistryDialog, { dialog: c().dialog!, onClose: () => undefined }));
    expect(text(markup)).toContain('Registry 127.0.0.1:5011 Repository stevedore-copy/app Tags 1');
    for (const label of ['Target registry', 'Target repository', 'Platform (optional)']) {
      const id = new RegExp(`<label for="([^"]+)">${label.replace(/[()]/g, '\\$&')}</label>`).exec(markup)?.[1];
      expect(id, label).toBeTruthy();
      expect(markup).toContain(`id="${id}"`);
    }
    expect(markup).toContain('value="stevedore-copy/app"');
    // No target yet: nothing to copy as, and no mistake said before anything was typed.
    expect(markup).not.toContain('skopeo copy');
    expect(markup).not.toContain('field-error');
  });

  it('shows the skopeo copy lines of the request it would send (the last target filled in)', async () => {
    const { store, c } = setup();
    await c().start(REQUEST);
    c().open({ host: '127.0.0.1:5011', repository: 'stevedore-copy/app' }, ['1', 'latest']);
    const markup = html(store, createElement(CopyToRegistryDialog, { dialog: c().dialog!, onClose: () => undefined }));
    expect(markup).toContain('value="127.0.0.1:5012"');
    const lines = skopeoCopyCommands({ source: { host: '127.0.0.1:5011', repository: 'stevedore-copy/app' }, target: REQUEST.target }, [
      '1',
      'latest',
    ]);
    expect(lines).toHaveLength(2);
    expect(text(markup)).toContain(`Copy as ${lines.join(' ')}`);
    expect(text(markup)).toContain('All tags (2)');
    // A whole repository: each listed tag ticked, with one button to untick them all.
    expect(text(markup)).toContain('Tags to copy Select none');
    expect(markup.match(/<input type="checkbox" checked=""\/?>/g)).toHaveLength(2);
  });
});

describe("a copy job's row", () => {
  const job = jobsOf('copy', 'Copy 127.0.0.1:5011/stevedore-copy/app 1 to 127.0.0.1:5012/stevedore-copy/app');
  const row = (snapshot: JobSnapshot) => {
    const { store } = setup();
    store.getState().jobs.upsert(snapshot);
    return text(html(store, createElement(JobRow, { jobId: snapshot.id })));
  };

  it('shows byte progress and Cancel while it runs', () => {
    const shown = row(job('j1', 'running', { current: 1024, total: 4096 }));
    expect(shown).toContain('Copy 127.0.0.1:5011/stevedore-copy/app 1 to 127.0.0.1:5012/stevedore-copy/app');
    expect(shown).toContain(`${bytesText(1024)} of ${bytesText(4096)}`);
    expect(shown).toContain('Cancel');
  });

  it('says how many tags were copied and blobs uploaded, skipped and mounted', () => {
    const result: RegistryCopyJobResult = {
      source: { host: '127.0.0.1:5011', repository: 'stevedore-copy/app' },
      target: { host: '127.0.0.1:5012', repository: 'stevedore-copy/app' },
      tags: [
        {
          tag: '1',
          digest: `sha256:${'b'.repeat(64)}`,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          platforms: ['linux/amd64'],
        },
      ],
      blobs: { uploaded: 2, skipped: 1, mounted: 0 },
      bytes: 4096,
    };
    const shown = row(job('j2', 'succeeded', { result, current: 4096, total: 4096 }));
    expect(shown).toContain('1 tag copied, 2 blobs uploaded, 1 skipped, 0 mounted');
    expect(shown).toContain(`127.0.0.1:5012/stevedore-copy/app:1 sha256:${'b'.repeat(64)}`);
  });

  it("shows the job's error as given and offers to log in to the registry that refused", () => {
    const message = 'pushing to 127.0.0.1:5012: UNAUTHORIZED: authentication required';
    const shown = row(job('j3', 'failed', { error: { code: 'UNAUTHORIZED', message, detail: { registry: '127.0.0.1:5012' } } }));
    expect(shown).toContain(message);
    expect(shown).toContain('Log in to 127.0.0.1:5012');
    const other = row(job('j4', 'failed', { error: { code: 'NOT_FOUND', message: 'reading from 127.0.0.1:5011: manifest unknown' } }));
    expect(other).toContain('reading from 127.0.0.1:5011: manifest unknown');
    expect(other).not.toContain('Log in to');
  });
});
