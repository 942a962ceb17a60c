// Owns the window's layout: navigation, the current view, the engine banner and the status bar.
// Only the Images view is in the page's first chunk; the other views and most dialogs load on
// demand (AppLazy.tsx), behind a status line that says so.
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DetailOverlays,
  DiffView,
  DiskView,
  EditOverlays,
  ExploreView,
  JobsPanel,
  RegistriesOverlays,
  RegistriesView,
  RegistryCopyOverlay,
  SearchView,
  UpdatesView,
  prefetchLater,
} from './AppLazy';
import { EngineBanner } from './features/shell/EngineBanner';
import { ImagesView } from './features/images/ImagesView';
import { ShellOverlays } from './features/shell/ShellOverlays';
import { Nav } from './features/shell/Nav';
import { StatusBar } from './features/shell/StatusBar';
import { TransferOverlays } from './features/transfer/TransferOverlays';
import type { ViewName } from './features/shell/settings-slice';
import { useApp } from './store/use-app';

/**
 * Until the first rows are in and the page is idle (or a few seconds, if the list never answers),
 * the on-demand overlays stay unmounted: their chunks must not compete with the first rows. A
 * dialog asked for meanwhile opens when they mount, as its slice still says it is open.
 */
const OVERLAYS_AT_LATEST_MS = 3000;

/** Calls `then` once the page is idle (a frame has been painted and nothing else is due). */
function whenIdle(then: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(then, { timeout: 1000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(then, 0);
  return () => clearTimeout(timer);
}

function Placeholder({ view }: { view: ViewName }) {
  const { t } = useTranslation();
  return (
    <section className="view placeholder-view" aria-labelledby="placeholder-title">
      <header className="view-header">
        <h1 id="placeholder-title">{t(`nav.${view}`)}</h1>
      </header>
      <div className="empty-state">
        <p>{t(`placeholder.${view}`)}</p>
        <p className="muted">{t('placeholder.soon')}</p>
      </div>
    </section>
  );
}

/** Shown while a view's code loads. */
function ViewLoading() {
  const { t } = useTranslation();
  return (
    <section className="view" aria-busy="true">
      <div className="grid-message" role="status">
        {t('app.loadingView')}
      </div>
    </section>
  );
}

function CurrentView() {
  const view = useApp((s) => s.settings.view);
  switch (view) {
    case 'images':
      return <ImagesView />;
    case 'search':
      return <SearchView />;
    case 'jobs':
      return <JobsPanel />;
    case 'registries':
      return <RegistriesView />;
    case 'disk':
      return <DiskView />;
    case 'explore':
      return <ExploreView />;
    case 'diff':
      return <DiffView />;
    case 'updates':
      return <UpdatesView />;
    default:
      return <Placeholder view={view} />;
  }
}

/** Mounts its children once the first list has answered and the page is idle, or after OVERLAYS_AT_LATEST_MS. */
function AfterFirstRows({ children }: { children: ReactNode }) {
  const loaded = useApp((s) => s.images.loaded);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready) return;
    const timer = setTimeout(() => setReady(true), OVERLAYS_AT_LATEST_MS);
    const cancelIdle = loaded ? whenIdle(() => setReady(true)) : () => undefined;
    return () => {
      clearTimeout(timer);
      cancelIdle();
    };
  }, [loaded, ready]);
  useEffect(() => {
    if (ready) prefetchLater();
  }, [ready]);
  return ready ? <Suspense fallback={null}>{children}</Suspense> : null;
}

export function App() {
  const { t } = useTranslation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Nav />
      <div className="main-column">
        <EngineBanner />
        <main id="main" className="main" tabIndex={-1}>
          <Suspense fallback={<ViewLoading />}>
            <CurrentView />
          </Suspense>
        </main>
        <StatusBar />
        <AfterFirstRows>
          <EditOverlays />
          <DetailOverlays />
        </AfterFirstRows>
        <ShellOverlays />
        <AfterFirstRows>
          <RegistriesOverlays />
          <RegistryCopyOverlay />
        </AfterFirstRows>
        <TransferOverlays />
      </div>
    </div>
  );
}
