// Owns the Registries view: Docker Hub, the registries in the docker CLI's config.json, the ones
// added here and the local one, each with its login (user name only) and where credentials are
// kept; add, forget, log in, log out. The local registry panel and the registry browser are tabs.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, RegistryEntry } from '../../../../shared/contract';
import { logoutCommand } from '../../../../shared/docker-command';
import { storeText } from './registries-model';
import type { RegistriesTab } from './registries-slice';
import { useApp, useAppStore } from '../../store/use-app';
import { DockerCommand } from '../../ui/DockerCommand';
import { RefreshIcon, RegistryIcon } from '../../ui/icons';
import { LocalRegistryPanel } from './LocalRegistryPanel';
import { ConfirmDialog, FieldForm, RegistryError, RegistryName } from './RegistriesParts';
import { RegistryBrowser } from './RegistryBrowser';
import { TabList } from '../../ui/TabList';
import '../features.css';
import './registries.css';

const TABS: RegistriesTab[] = ['list', 'local', 'browse'];

function AddRegistry() {
  const { t } = useTranslation();
  const store = useAppStore();
  return (
    <FieldForm
      formLabel={t('registries.add.label')}
      label={t('registries.add.host')}
      placeholder={t('registries.add.placeholder')}
      submitLabel={t('registries.add.submit')}
      clearOnSuccess
      onSubmit={(host) => store.getState().registries.add(host)}
    />
  );
}

function SourceBadges({ entry }: { entry: RegistryEntry }) {
  const { t } = useTranslation();
  return (
    <ul className="value-list registry-sources" aria-label={t('registries.columns.sources')}>
      {entry.sources.map((s) => (
        <li key={s} className="badge">
          {t(`registries.sources.${s}`)}
        </li>
      ))}
    </ul>
  );
}

function RegistryRow({ entry, onLogout }: { entry: RegistryEntry; onLogout: (host: string) => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const [forgetError, setForgetError] = useState<ContractError | null>(null);
  const r = () => store.getState().registries;
  const host = entry.host;
  return (
    <tr>
      <th scope="row" className="registry-host">
        <RegistryName host={host} />
        {entry.isLocal && <span className="badge badge-ok">{t('registries.localBadge')}</span>}
      </th>
      <td>
        {entry.loggedIn ? (
          <span className="registry-login">{t('registries.loggedInAs', { user: entry.username ?? '' })}</span>
        ) : (
          <span className="muted">{t('registries.loggedOut')}</span>
        )}
      </td>
      <td className="mono">{storeText(entry) || <span className="muted">—</span>}</td>
      <td>
        <SourceBadges entry={entry} />
      </td>
      <td className="cell-actions">
        <div className="row-actions">
          {entry.loggedIn ? (
            <button
              type="button"
              className="button small"
              aria-haspopup="dialog"
              aria-label={t('registries.logoutOf', { host })}
              onClick={() => onLogout(host)}
            >
              {t('registries.logout')}
            </button>
          ) : (
            <button
              type="button"
              className="button small"
              aria-haspopup="dialog"
              aria-label={t('registries.login.to', { host })}
              onClick={() => r().openLogin(host)}
            >
              {t('registries.login.button')}
            </button>
          )}
          <button
            type="button"
            className="button small"
            aria-label={t('registries.browseHost', { host })}
            onClick={() => void r().browse(host)}
          >
            {t('registries.browse')}
          </button>
          {entry.sources.includes('user') && (
            <button
              type="button"
              className="button small subtle"
              aria-label={t('registries.forgetHost', { host })}
              onClick={() =>
                void r()
                  .forget(host)
                  .then((res) => setForgetError(res.ok ? null : res.error))
              }
            >
              {t('registries.forget')}
            </button>
          )}
        </div>
        {forgetError && <RegistryError error={forgetError} context="list" />}
      </td>
    </tr>
  );
}

function RegistriesList() {
  const { t } = useTranslation();
  const store = useAppStore();
  const entries = useApp((s) => s.registries.entries);
  const status = useApp((s) => s.registries.status);
  const error = useApp((s) => s.registries.error);
  const [logout, setLogout] = useState<string | null>(null);
  return (
    <div className="registries-list">
      <AddRegistry />
      {error && <RegistryError error={error} context="list" />}
      {status === 'loading' && entries.length === 0 && <p role="status">{t('registries.loading')}</p>}
      {entries.length > 0 && (
        <div className="results-scroll">
          <table className="results-table registries-table">
            <caption className="visually-hidden">{t('registries.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('registries.columns.registry')}</th>
                <th scope="col">{t('registries.columns.login')}</th>
                <th scope="col">{t('registries.columns.store')}</th>
                <th scope="col">{t('registries.columns.sources')}</th>
                <th scope="col" className="cell-actions">
                  <span className="visually-hidden">{t('registries.columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <RegistryRow key={e.host} entry={e} onLogout={setLogout} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {logout !== null && (
        <ConfirmDialog
          title={t('registries.logoutTitle', { host: logout })}
          confirm={t('registries.logout')}
          context="list"
          run={() => store.getState().registries.logout(logout)}
          onClose={() => setLogout(null)}
        >
          <p>{t('registries.logoutText', { host: logout })}</p>
          <DockerCommand command={logoutCommand(logout)} />
        </ConfirmDialog>
      )}
    </div>
  );
}

export function RegistriesView() {
  const { t } = useTranslation();
  const store = useAppStore();
  const tab = useApp((s) => s.registries.tab);
  const loading = useApp((s) => s.registries.status === 'loading');
  const r = () => store.getState().registries;
  const tabId = (k: RegistriesTab) => `registries-tab-${k}`;
  const panelId = (k: RegistriesTab) => `registries-panel-${k}`;

  useEffect(() => {
    void store.getState().registries.load();
  }, [store]);

  return (
    <section className="view registries-view" aria-labelledby="registries-title">
      <header className="view-header">
        <h1 id="registries-title">{t('registries.title')}</h1>
        <div className="view-actions">
          <button type="button" className="button" aria-haspopup="dialog" onClick={() => r().openLogin()}>
            <span>{t('registries.login.buttonAny')}</span>
          </button>
          <button type="button" className="button" aria-haspopup="dialog" onClick={() => r().openPush()}>
            <RegistryIcon />
            <span>{t('registries.push.button')}</span>
          </button>
          <button type="button" className="button" aria-busy={loading} onClick={() => void r().load()}>
            <RefreshIcon className={loading ? 'spin' : undefined} />
            <span>{t('registries.refresh')}</span>
          </button>
        </div>
      </header>
      <TabList label={t('registries.tabs')} tabs={TABS} current={tab} onSelect={(k) => r().setTab(k)} tabId={tabId} panelId={panelId}>
        {(k) => t(`registries.tab.${k}`)}
      </TabList>
      <div className="registries-panel" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
        {tab === 'list' && <RegistriesList />}
        {tab === 'local' && <LocalRegistryPanel />}
        {tab === 'browse' && <RegistryBrowser />}
      </div>
    </section>
  );
}
