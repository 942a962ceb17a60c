// Owns the left navigation between views.
import type { ComponentType, SVGProps } from 'react';
import { useTranslation } from 'react-i18next';
import { isActiveJob } from '../jobs/jobs-slice';
import type { ViewName } from './settings-slice';
import { useApp, useAppStore } from '../../store/use-app';
import { SettingsMenu } from './SettingsMenu';
import { DiffIcon, DiskIcon, ExploreIcon, JobsIcon, LayersIcon, RefreshIcon, RegistryIcon, SearchIcon } from '../../ui/icons';

const ITEMS: { view: ViewName; Icon: ComponentType<SVGProps<SVGSVGElement>> }[] = [
  { view: 'images', Icon: LayersIcon },
  { view: 'search', Icon: SearchIcon },
  { view: 'jobs', Icon: JobsIcon },
  { view: 'registries', Icon: RegistryIcon },
  { view: 'disk', Icon: DiskIcon },
  { view: 'explore', Icon: ExploreIcon },
  { view: 'diff', Icon: DiffIcon },
  { view: 'updates', Icon: RefreshIcon },
];

function ActiveJobsBadge() {
  const { t } = useTranslation();
  // A number, so progress ticks that do not change it do not re-render.
  const count = useApp((s) => Object.values(s.jobs.byId).filter(isActiveJob).length);
  if (count === 0) return null;
  return (
    <span className="nav-badge" title={t('nav.activeJobs', { count })}>
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden">{t('nav.activeJobs', { count })}</span>
    </span>
  );
}

export function Nav() {
  const { t } = useTranslation();
  const store = useAppStore();
  const current = useApp((s) => s.settings.view);
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div className="brand">
        <LayersIcon width={20} height={20} />
        <span>{t('app.name')}</span>
      </div>
      <ul>
        {ITEMS.map(({ view, Icon }) => (
          <li key={view}>
            <button
              type="button"
              className={`nav-item${current === view ? ' active' : ''}`}
              aria-current={current === view ? 'page' : undefined}
              onClick={() => store.getState().settings.setView(view)}
            >
              <Icon />
              <span>{t(`nav.${view}`)}</span>
              {view === 'jobs' && <ActiveJobsBadge />}
            </button>
          </li>
        ))}
      </ul>
      <SettingsMenu />
    </nav>
  );
}
