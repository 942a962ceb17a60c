// Owns the registry browser for any v2 registry (the stored login is used): pick a registry, its
// repositories (`/v2/_catalog`, a page at a time with "More"), or open a repository by name (Docker
// Hub has no catalog); a repository's tags with digest and size; pull a tag; delete a tag by its
// digest after a confirmation that names both (a registry that refuses deletes says so in its words).
// Names are shown as they are (never case-changed); the tag table fits a narrow window: a long
// digest is cut with an ellipsis, in full in its title and copied with its button.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegistryTagInfo } from '../../../../shared/contract';
import { bytesText } from '../../ui/format';
import { pullReference, shortDigest } from './registries-model';
import type { TagInfoState } from './registries-slice';
import { useApp, useAppStore } from '../../store/use-app';
import { PullIcon } from '../../ui/feature-icons';
import { TrashIcon } from '../../ui/edit-icons';
import { RegistryIcon } from '../../ui/icons';
import { JobRow } from '../jobs/JobRow';
import { ConfirmDialog, CopyValueButton, FieldForm, RegistryError, RegistryName } from './RegistriesParts';

function PickRegistry() {
  const { t } = useTranslation();
  const store = useAppStore();
  const host = useApp((s) => s.registries.browser.host);
  // A string, so the list's other changes (login state) do not re-render the field.
  const hosts = useApp((s) => s.registries.entries.map((e) => e.host).join('\n'));
  return (
    <FieldForm
      role="search"
      formLabel={t('registries.browser.pick')}
      label={t('registries.browser.registry')}
      placeholder={t('registries.add.placeholder')}
      submitLabel={t('registries.browser.open')}
      primary
      initial={host ?? ''}
      suggestions={hosts.split('\n').filter(Boolean)}
      onSubmit={(h) => void store.getState().registries.browse(h)}
    />
  );
}

function OpenRepository() {
  const { t } = useTranslation();
  const store = useAppStore();
  return (
    <FieldForm
      formLabel={t('registries.browser.openRepo')}
      label={t('registries.browser.repoByName')}
      submitLabel={t('registries.browser.openRepoSubmit')}
      onSubmit={(name) => void store.getState().registries.openRepository(name)}
    />
  );
}

function Repositories() {
  const { t } = useTranslation();
  const store = useAppStore();
  const b = useApp((s) => s.registries.browser);
  const r = () => store.getState().registries;
  if (b.status === 'loading') return <p role="status">{t('registries.browser.loading', { host: b.host })}</p>;
  return (
    <nav className="browser-repos" aria-label={t('registries.browser.repositories')}>
      <h2 className="group-title">
        {t('registries.browser.repositoriesCount', { count: b.repositories.length, more: b.next ? '+' : '' })}
      </h2>
      {b.status === 'error' && b.error && <RegistryError error={b.error} host={b.host ?? undefined} context="browse" />}
      {b.status === 'done' && b.repositories.length === 0 && <p className="muted">{t('registries.browser.noRepositories')}</p>}
      <ul className="repo-list">
        {b.repositories.map((name) => (
          <li key={name}>
            <button
              type="button"
              className={`repo-item mono${b.repository === name ? ' active' : ''}`}
              aria-current={b.repository === name ? 'true' : undefined}
              onClick={() => void r().openRepository(name)}
            >
              {name}
            </button>
          </li>
        ))}
      </ul>
      {b.status === 'done' && b.error && <RegistryError error={b.error} host={b.host ?? undefined} context="browse" />}
      {b.next && (
        <button type="button" className="button small" disabled={b.loadingMore} onClick={() => void r().moreRepositories()}>
          {b.loadingMore ? t('registries.browser.loadingMore') : t('registries.browser.more')}
        </button>
      )}
    </nav>
  );
}

function InfoCells({ tag, state }: { tag: string; state: TagInfoState | undefined }) {
  const { t } = useTranslation();
  const store = useAppStore();
  if (!state) {
    return (
      <td colSpan={2}>
        <button type="button" className="button small subtle" onClick={() => void store.getState().registries.loadTagInfo(tag)}>
          {t('registries.browser.loadInfo')}
        </button>
      </td>
    );
  }
  if (state.status === 'loading')
    return (
      <td colSpan={2} className="muted">
        {t('registries.browser.loadingInfo')}
      </td>
    );
  if (state.status === 'error') {
    return (
      <td colSpan={2} className="text-danger mono">
        {state.error.message}
      </td>
    );
  }
  return (
    <>
      <td className="cell-digest">
        <span className="digest-value">
          <span className="mono digest-text" title={state.info.digest}>
            {state.info.digest}
          </span>
          <CopyValueButton value={state.info.digest} label={t('registries.browser.copyDigest', { tag })} />
        </span>
      </td>
      <td className="num" title={t('registries.browser.sizeTitle', { count: state.info.layers })}>
        {bytesText(state.info.size)}
      </td>
    </>
  );
}

function Tags({ onDelete }: { onDelete: (tag: string, info: RegistryTagInfo) => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const b = useApp((s) => s.registries.browser);
  const [pullError, setPullError] = useState<string | null>(null);
  if (!b.repository || !b.host) return <p className="muted browser-hint">{t('registries.browser.pickRepo')}</p>;
  const repo = b.repository;
  const host = b.host;
  return (
    <section className="browser-tags" aria-label={t('registries.browser.tagsOf', { repository: repo })}>
      <div className="group-head">
        <h2 className="group-title mono repo-title">{repo}</h2>
        {/* Every tag of the repository (core lists them all again, every page), with the listed ones in Copy as. */}
        <button
          type="button"
          className="button small"
          aria-haspopup="dialog"
          aria-label={t('registryCopy.browser.copyRepositoryLabel', { repository: repo })}
          disabled={b.tagsStatus !== 'done' || b.tags.length === 0}
          onClick={() => store.getState().registryCopy.open({ host, repository: repo }, b.tags)}
        >
          <RegistryIcon width={14} height={14} />
          <span>{t('registryCopy.browser.copyRepository')}</span>
        </button>
      </div>
      {b.tagsStatus === 'loading' && <p role="status">{t('registries.browser.loadingTags')}</p>}
      {b.tagsStatus === 'error' && b.tagsError && <RegistryError error={b.tagsError} host={host} context="browse" />}
      {b.tagsStatus === 'done' && b.tags.length === 0 && <p className="muted">{t('registries.browser.noTags')}</p>}
      {b.tags.length > 0 && (
        <table className="results-table browser-tag-table">
          <caption className="visually-hidden">{t('registries.browser.tagsOf', { repository: repo })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('registries.browser.tag')}</th>
              <th scope="col" className="cell-digest">
                {t('registries.browser.digest')}
              </th>
              <th scope="col" className="num">
                {t('registries.browser.size')}
              </th>
              <th scope="col" className="cell-actions">
                <span className="visually-hidden">{t('registries.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {b.tags.map((tag) => {
              const state = b.info[tag];
              const info = state?.status === 'done' ? state.info : null;
              return (
                <tr key={tag}>
                  <th scope="row" className="mono cell-tag">
                    <span className="tag-name" title={tag}>
                      {tag}
                    </span>
                  </th>
                  <InfoCells tag={tag} state={state} />
                  <td className="cell-actions">
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button small"
                        aria-label={t('registries.browser.pullTag', { reference: pullReference(host, repo, tag) })}
                        onClick={() =>
                          void store
                            .getState()
                            .registries.pullTag(tag)
                            .then((res) => setPullError(res.ok ? null : res.error.message))
                        }
                      >
                        <PullIcon width={14} height={14} />
                        <span>{t('registries.browser.pull')}</span>
                      </button>
                      {/* An icon alone: with Pull and Delete in words, a third one would not fit a 1024 px window in Spanish. */}
                      <button
                        type="button"
                        className="button small"
                        aria-haspopup="dialog"
                        aria-label={t('registryCopy.browser.copyTag', { reference: pullReference(host, repo, tag) })}
                        title={t('registryCopy.browser.copyTag', { reference: pullReference(host, repo, tag) })}
                        onClick={() => store.getState().registryCopy.open({ host, repository: repo, tags: [tag] })}
                      >
                        <RegistryIcon width={14} height={14} />
                      </button>
                      <button
                        type="button"
                        className="button small danger"
                        aria-haspopup="dialog"
                        aria-label={t('registries.browser.deleteTag', { tag })}
                        disabled={!info}
                        onClick={() => info && onDelete(tag, info)}
                      >
                        <TrashIcon width={14} height={14} />
                        <span>{t('registries.browser.delete')}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {pullError && (
        <p role="alert" className="inline-error mono">
          {pullError}
        </p>
      )}
      <Pulls />
    </section>
  );
}

function Pulls() {
  const { t } = useTranslation();
  const pulls = useApp((s) => s.registries.browser.pulls);
  const ids = Object.values(pulls);
  if (ids.length === 0) return null;
  return (
    <ul className="job-list" aria-label={t('registries.browser.pulls')}>
      {ids.map((id) => (
        <JobRow key={id} jobId={id} />
      ))}
    </ul>
  );
}

export function RegistryBrowser() {
  const { t } = useTranslation();
  const store = useAppStore();
  const host = useApp((s) => s.registries.browser.host);
  const [deleting, setDeleting] = useState<{ tag: string; info: RegistryTagInfo } | null>(null);
  return (
    <div className="registry-browser">
      <PickRegistry />
      {host === null ? (
        <p className="muted browser-hint">{t('registries.browser.intro')}</p>
      ) : (
        <>
          <p className="browser-host">
            {t('registries.browser.browsing')} <RegistryName host={host} />
          </p>
          <OpenRepository />
          <div className="browser-columns">
            <Repositories />
            <Tags onDelete={(tag, info) => setDeleting({ tag, info })} />
          </div>
        </>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('registries.browser.deleteTitle', { tag: deleting.tag })}
          confirm={t('registries.browser.deleteConfirm')}
          danger
          context="browse"
          run={() => store.getState().registries.deleteTag(deleting.info.digest)}
          onClose={() => setDeleting(null)}
        >
          <p>{t('registries.browser.deleteText', { repository: deleting.info.repository, tag: deleting.tag })}</p>
          <dl className="kv compact">
            <dt>{t('registries.browser.tag')}</dt>
            <dd className="mono">{deleting.tag}</dd>
            <dt>{t('registries.browser.digest')}</dt>
            <dd className="mono">{deleting.info.digest}</dd>
          </dl>
          <p className="hint">{t('registries.browser.deleteHint', { digest: shortDigest(deleting.info.digest) })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
