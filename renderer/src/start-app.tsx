// Owns the app's start once its code has loaded (main.tsx loads this chunk): the store over the
// transport (its first images.list answered by the request the entry already sent), i18n and theme
// wiring, then the React root.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n, resolveLanguage } from './i18n';
import { connectStore, createAppStore } from './store';
import { StoreContext } from './store/use-app';
import type { Channel } from '../../shared/contract';
import type { Connection } from './transport';
import { withEarlyAnswer, type EarlyRequest } from './transport/early-request';
import { withFiles } from './transport/with-files';

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function startApp(connection: Connection, early: readonly EarlyRequest<Channel>[]): void {
  performance.mark('stevedore:app-loaded');
  const transport = withFiles(connection);
  const api = withEarlyAnswer(transport.api, early);
  const store = createAppStore({ api, storage: safeStorage(), files: transport.files });

  const i18n = initI18n(resolveLanguage(store.getState().settings.language));

  const applySettings = () => {
    const { language, theme } = store.getState().settings;
    const lng = resolveLanguage(language);
    if (i18n.language !== lng) void i18n.changeLanguage(lng);
    document.documentElement.lang = lng;
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  };
  applySettings();
  store.subscribe((state, previous) => {
    if (state.settings !== previous.settings) applySettings();
  });
  window.addEventListener('languagechange', applySettings);

  // Relative times ("2 hours ago") are as of the last list; bring them up to date when people come back.
  window.addEventListener('focus', () => store.getState().images.touchClock());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') store.getState().images.touchClock();
  });

  // Outside React, so StrictMode's double effects cannot double-subscribe.
  connectStore(store, { ...transport, api });

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <StoreContext value={store}>
        <App />
      </StoreContext>
    </StrictMode>,
  );
}
