// Owns the window's layout: navigation, the current view, the engine banner and the status bar.
import { useTranslation } from 'react-i18next';
import { EditOverlays } from './features/edit/EditOverlays';
import { EngineBanner } from './features/shell/EngineBanner';
import { ImagesView } from './features/images/ImagesView';
import { JobsPanel } from './features/jobs/JobsPanel';
import { DetailOverlays } from './features/detail/DetailOverlays';
import { SearchView } from './features/search-pull/SearchView';
import { ShellOverlays } from './features/shell/ShellOverlays';
import { RegistriesOverlays } from './features/registries/RegistriesOverlays';
import { RegistriesView } from './features/registries/RegistriesView';
import { Nav } from './features/shell/Nav';
import { StatusBar } from './features/shell/StatusBar';
import { TransferOverlays } from './features/transfer/TransferOverlays';
import type { ViewName } from './features/shell/settings-slice';
import { useApp } from './store/use-app';

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
    default:
      return <Placeholder view={view} />;
  }
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
          <CurrentView />
        </main>
        <StatusBar />
        <EditOverlays />
        <DetailOverlays />
        <ShellOverlays />
        <RegistriesOverlays />
        <TransferOverlays />
      </div>
    </div>
  );
}
