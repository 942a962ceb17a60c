// Owns the Search view: `docker search` in a window. A term (the index it asks shown as it is
// typed), the CLI's filters and limit, results sortable by column with a Pull action each, "Copy as..."
// through core, and a search that always ends: the engine's words on failure, never a spinner forever.
import { memo, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../ui/use-now';
import type { SearchResult } from '../../../../shared/contract';
import {
  DOCKER_HUB_INDEX,
  descriptionText,
  indexOfTerm,
  pullReferenceFor,
  SEARCH_TIMEOUT_MS,
  searchCommand,
  sortResults,
  type SearchColumn,
  type TriState,
} from './search-model';
import { formQuery } from './search-slice';
import { useApp, useAppStore } from '../../store/use-app';
import { CheckIcon, PullIcon } from '../../ui/feature-icons';
import { FormatDialog } from '../../ui/FormatDialog';
import { SearchIcon, SortIcon } from '../../ui/icons';
import { PullButton } from './PullDialog';
import '../features.css';

const COLUMNS: SearchColumn[] = ['name', 'description', 'stars', 'official', 'automated'];
const PLACEHOLDERS = ['.Name', '.Description', '.StarCount', '.IsOfficial'];

function IndexName({ index }: { index: string }) {
  const { t } = useTranslation();
  return <>{index === DOCKER_HUB_INDEX ? t('search.dockerHub') : index}</>;
}

function TriSelect({ name, label }: { name: 'official' | 'automated'; label: string }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const value = useApp((s) => s.search[name]);
  const id = useId();
  return (
    <div className="filter-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className={`select${value !== 'any' ? ' active' : ''}`}
        value={value}
        onChange={(e) => store.getState().search.setFilter(name, e.target.value as TriState)}
      >
        <option value="any">{t('search.any')}</option>
        <option value="yes">{t(`search.${name}Only`)}</option>
        <option value="no">{t(`search.${name}Not`)}</option>
      </select>
    </div>
  );
}

function SearchForm() {
  const { t } = useTranslation();
  const store = useAppStore();
  const term = useApp((s) => s.search.term);
  const limit = useApp((s) => s.search.limit);
  const stars = useApp((s) => s.search.stars);
  const noTrunc = useApp((s) => s.search.noTrunc);
  const loading = useApp((s) => s.search.status === 'loading');
  const [limitDraft, setLimitDraft] = useState(String(limit));
  useEffect(() => setLimitDraft(String(limit)), [limit]);
  const termId = useId();
  const starsId = useId();
  const limitId = useId();
  const indexId = useId();
  const search = () => store.getState().search;
  const index = indexOfTerm(term);

  const commit = () => {
    const n = Number(limitDraft);
    search().setLimit(limitDraft.trim() === '' ? 25 : n);
    setLimitDraft(String(search().limit));
  };

  return (
    <form
      className="toolbar search-form"
      role="search"
      aria-label={t('search.formLabel')}
      onSubmit={(e) => {
        e.preventDefault();
        commit();
        void search().run();
      }}
    >
      <div className="toolbar-row">
        <div className="field search-term-field">
          <label htmlFor={termId}>{t('search.term')}</label>
          <div className="search-field">
            <SearchIcon className="search-icon" />
            <input
              id={termId}
              type="search"
              value={term}
              placeholder={t('search.termPlaceholder')}
              spellCheck={false}
              autoComplete="off"
              aria-describedby={indexId}
              onChange={(e) => search().setTerm(e.target.value)}
            />
          </div>
        </div>
        <button type="submit" className="button primary search-submit" disabled={term.trim() === '' || loading}>
          <SearchIcon />
          <span>{t('search.submit')}</span>
        </button>
        <p className="search-index" id={indexId}>
          <span className="muted">{t('search.index')}</span>{' '}
          <strong>
            <IndexName index={index} />
          </strong>
        </p>
      </div>
      <fieldset className="filters">
        <legend className="visually-hidden">{t('search.filters')}</legend>
        <TriSelect name="official" label={t('search.official')} />
        <TriSelect name="automated" label={t('search.automated')} />
        <div className="filter-field">
          <label htmlFor={starsId}>{t('search.stars')}</label>
          <input
            id={starsId}
            className={`text-input small-number${stars.trim() !== '' ? ' active' : ''}`}
            type="number"
            min={0}
            inputMode="numeric"
            value={stars}
            placeholder="0"
            onChange={(e) => search().setStars(e.target.value)}
          />
        </div>
        <div className="filter-field">
          <label htmlFor={limitId}>{t('search.limit')}</label>
          <input
            id={limitId}
            className="text-input small-number"
            type="number"
            min={1}
            max={100}
            inputMode="numeric"
            value={limitDraft}
            onChange={(e) => setLimitDraft(e.target.value)}
            onBlur={commit}
          />
        </div>
        <label className="switch search-notrunc">
          <input
            type="checkbox"
            role="switch"
            className="switch-input"
            checked={noTrunc}
            onChange={(e) => search().setNoTrunc(e.target.checked)}
          />
          <span>{t('search.noTrunc')}</span>
        </label>
      </fieldset>
    </form>
  );
}

/** Seconds since the search started, ticking only while it runs. */
function Elapsed({ since }: { since: number }) {
  const { t } = useTranslation();
  const now = useNow();
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  return <span className="muted">{t('search.elapsed', { seconds, limit: SEARCH_TIMEOUT_MS / 1000 })}</span>;
}

function SearchStatus() {
  const { t } = useTranslation();
  const store = useAppStore();
  const status = useApp((s) => s.search.status);
  const startedAt = useApp((s) => s.search.startedAt);
  const pendingTerm = useApp((s) => s.search.pending?.term ?? '');
  const error = useApp((s) => s.search.error);
  const query = useApp((s) => s.search.query);
  const count = useApp((s) => s.search.results.length);
  const index = useApp((s) => s.search.index);

  if (status === 'loading') {
    return (
      <div className="search-message" role="status">
        <span className="busy-dot" aria-hidden="true" />
        <span>
          {t('search.searching')}{' '}
          <strong>{indexOfTerm(pendingTerm) === DOCKER_HUB_INDEX ? t('search.dockerHub') : indexOfTerm(pendingTerm)}</strong>
        </span>
        {startedAt !== null && <Elapsed since={startedAt} />}
        <button type="button" className="button small" onClick={() => store.getState().search.cancel()}>
          {t('search.stop')}
        </button>
      </div>
    );
  }
  if (status === 'error' && error && query) {
    const local = error.detail?.local === true;
    return (
      <div role="alert" className="inline-error search-error">
        <strong>{t('search.failed', { index: indexOfTerm(query.term) })}</strong>
        <span className="mono">
          {local ? t('search.noAnswer', { seconds: Number(error.detail?.timeoutMs ?? 0) / 1000 }) : error.message}
        </span>
        {error.code === 'REGISTRY_UNREACHABLE' && <span className="error-hint">{t('search.unreachableHint')}</span>}
      </div>
    );
  }
  if (status === 'done' && query && count === 0) {
    return (
      <p className="search-message" role="status">
        {t('search.none', { term: query.term, index: index === DOCKER_HUB_INDEX || !index ? t('search.dockerHub') : index })}
      </p>
    );
  }
  if (status === 'idle') {
    return <p className="search-message muted">{t('search.intro')}</p>;
  }
  return null;
}

const ResultRow = memo(function ResultRow({ result, index, noTrunc }: { result: SearchResult; index: string; noTrunc: boolean }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const description = descriptionText(result.description, noTrunc);
  return (
    <tr>
      <th scope="row" className="cell-name">
        {result.name}
      </th>
      <td className={`cell-description${noTrunc ? ' wrap' : ''}`} title={result.description}>
        {description}
      </td>
      <td className="cell-stars">{result.starCount}</td>
      <td className="cell-flag">
        {result.isOfficial && (
          <>
            <CheckIcon className="flag-icon" />
            <span className="visually-hidden">{t('search.yes')}</span>
          </>
        )}
      </td>
      <td className="cell-flag">
        {result.isAutomated && (
          <>
            <CheckIcon className="flag-icon" />
            <span className="visually-hidden">{t('search.yes')}</span>
          </>
        )}
      </td>
      <td className="cell-actions">
        <button
          type="button"
          className="button small"
          aria-haspopup="dialog"
          aria-label={t('search.pullResult', { name: result.name })}
          onClick={() => store.getState().pull.openDialog(pullReferenceFor(result.name, index))}
        >
          <PullIcon width={14} height={14} />
          <span>{t('search.pull')}</span>
        </button>
      </td>
    </tr>
  );
});

function ResultsTable() {
  const { t } = useTranslation();
  const store = useAppStore();
  const results = useApp((s) => s.search.results);
  const sort = useApp((s) => s.search.sort);
  const noTrunc = useApp((s) => s.search.noTrunc);
  const index = useApp((s) => s.search.index ?? DOCKER_HUB_INDEX);
  const stale = useApp((s) => s.search.status === 'loading');
  const rows = useMemo(() => sortResults(results, sort), [results, sort]);
  if (results.length === 0) return null;
  const ariaSort = (c: SearchColumn) => (sort?.column === c ? (sort.direction === 'asc' ? 'ascending' : 'descending') : ('none' as const));
  return (
    <div className={`results-scroll${stale ? ' stale' : ''}`}>
      <table className="results-table">
        <caption className="visually-hidden">{t('search.results')}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c} scope="col" aria-sort={ariaSort(c)} className={`cell-${c}`}>
                <button type="button" className="sort-button" onClick={() => store.getState().search.toggleSort(c)}>
                  <span>{t(`search.columns.${c}`)}</span>
                  <SortIcon sortState={sort?.column === c ? sort.direction : null} />
                </button>
              </th>
            ))}
            <th scope="col" className="cell-actions">
              <span className="visually-hidden">{t('search.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            // Names repeat only in a broken index; the position keeps keys unique anyway.
            <ResultRow key={`${r.name}#${i}`} result={r} index={index} noTrunc={noTrunc} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Footer() {
  const { t } = useTranslation();
  const count = useApp((s) => s.search.results.length);
  const index = useApp((s) => s.search.index);
  const shown = useApp((s) => s.search.status === 'done' && s.search.query !== null);
  const term = useApp((s) => s.search.term);
  const limit = useApp((s) => s.search.limit);
  const official = useApp((s) => s.search.official);
  const automated = useApp((s) => s.search.automated);
  const stars = useApp((s) => s.search.stars);
  const noTrunc = useApp((s) => s.search.noTrunc);
  const command = searchCommand(formQuery({ term, limit, official, automated, stars }), { noTrunc });
  return (
    <div className="view-footer">
      <div className="summary" role="status" aria-live="polite">
        {shown && index && <span>{t('search.count', { count, index: index === DOCKER_HUB_INDEX ? t('search.dockerHub') : index })}</span>}
      </div>
      <div className="command" title={t('search.command')}>
        <span className="visually-hidden">{t('search.command')}: </span>
        <code className="command-line">{command}</code>
      </div>
    </div>
  );
}

export function SearchView() {
  const { t } = useTranslation();
  const store = useAppStore();
  const hasResults = useApp((s) => s.search.results.length > 0);
  const [copyAs, setCopyAs] = useState(0);
  const search = () => store.getState().search;
  const presets = [
    { label: t('search.presetTable'), template: 'table {{.Name}}\\t{{.Description}}\\t{{.StarCount}}\\t{{.IsOfficial}}' },
    { label: t('search.presetNames'), template: '{{.Name}}' },
    { label: t('search.presetJson'), template: '{{json .}}' },
  ];
  return (
    <section className="view search-view" aria-labelledby="search-title">
      <header className="view-header">
        <h1 id="search-title">{t('search.title')}</h1>
        <div className="view-actions">
          <PullButton />
          <button
            type="button"
            className="button primary"
            aria-haspopup="dialog"
            disabled={!hasResults}
            onClick={() => setCopyAs(Date.now())}
          >
            <span>{t('search.copyAs')}</span>
          </button>
        </div>
      </header>
      <SearchForm />
      <div className="search-results">
        <SearchStatus />
        <ResultsTable />
      </div>
      <Footer />
      {copyAs !== 0 && (
        <FormatDialog
          key={copyAs}
          command={(template) => {
            const s = search();
            return searchCommand(s.query ?? formQuery(s), { noTrunc: s.noTrunc, format: template });
          }}
          placeholders={PLACEHOLDERS}
          presets={presets}
          hint={t('search.templateHint')}
          render={(template) => search().format(template)}
          onClose={() => setCopyAs(0)}
        />
      )}
    </section>
  );
}
