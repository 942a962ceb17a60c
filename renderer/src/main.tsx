// Owns start-up, in two steps so that the images list is on its way before the rest of the page
// has loaded: this entry module (the main chunk: the transport and the global styles) connects and
// sends the first images.list at once; the app (store, i18n, React, the Images view) is its own
// chunk, preloaded beside this one, loaded next and started (through the bridge: once the answer
// is in, see FIRST_LIST_WAIT_MS); its store gets that answer (start-app.tsx).
import { config as zodConfig } from 'zod/v4/core';
import { connect } from './transport';
import { FIRST_LIST_REQUEST, FIRST_STATE_CHANNELS, sendEarly } from './transport/early-request';
// The one stylesheet index.html links (vite.config.ts), its order set here whichever chunk uses
// what: the features' styles first, then the global look, which wins ties. (Features import their
// own styles too; the first import decides the place.)
import './features/edit/edit.css';
import './features/features.css';
import './features/transfer/transfer.css';
import './features/registries/registries.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/filters.css';
import './styles/grid.css';
import './styles/status.css';
import './styles/dialogs.css';
import './styles/jobs.css';
import './styles/shell.css';

/**
 * Through the bridge the answer streams in over a WebSocket that only the page's main thread
 * drains, so rendering the app meanwhile holds it up (5,000 rows, 2.4 MB before the list was
 * packed, arrived some 600 ms later behind the first render of an empty grid). There the app starts
 * once the answers are in (the list's, and the store's other first state, sent beside it: the first
 * render then shows them instead of rendering again just after the first rows), or after this long
 * at most: past the first rows' budget the list is slow anyway, and the app shows its loading
 * state. Electron's IPC hands each answer over in one message: no wait.
 */
const FIRST_LIST_WAIT_MS = 500;

// Before the app's chunk builds the contract's schemas (shared/): zod would probe `new Function`
// as it builds them, which the page's CSP forbids and reports as a violation. Its plain path suffices.
zodConfig({ jitless: true });

performance.mark('stevedore:entry');
const connection = connect();
const firstList = sendEarly(connection.transport.api, 'images.list', FIRST_LIST_REQUEST);
const firstState = FIRST_STATE_CHANNELS.map((channel) => sendEarly(connection.transport.api, channel, {}));
const answeredOrLate =
  connection.kind === 'bridge'
    ? Promise.race([
        Promise.all([firstList, ...firstState].map((e) => e.answer)).then(
          () => undefined,
          () => undefined,
        ),
        new Promise<void>((resolve) => setTimeout(resolve, FIRST_LIST_WAIT_MS)),
      ])
    : Promise.resolve();

// The app's modules load and evaluate meanwhile (the list takes core as long or longer); only the
// store and the first render wait, and then render the rows at once.
const app = import('./start-app');
// index.html runs this module as soon as it has loaded (async, vite.config.ts), maybe before the
// parser has reached the root element the app renders into.
const parsed =
  document.readyState === 'loading'
    ? new Promise<void>((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }))
    : Promise.resolve();
// The bridge's token leaves the address bar once the app's code is in (typically while the list
// is still on its way), and always before the first render: see connect().
const keepToken = () => {
  if (connection.kind === 'bridge') connection.keepToken();
};
app.then(keepToken, () => undefined);
Promise.all([app, answeredOrLate, parsed])
  .then(([{ startApp }]) => {
    keepToken();
    startApp(connection, [firstList, ...firstState]);
  })
  .catch((err: unknown) => {
    // Without the app's code there is no UI to say so: say it in the page, in plain words.
    console.error('Stevedore could not load:', err);
    const root = document.getElementById('root');
    if (root) root.textContent = `Stevedore could not load its code: ${err instanceof Error ? err.message : String(err)}`;
  });
