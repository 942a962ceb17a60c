// Owns the glob search across every layer: a field (picomatch rules, as core applies them) and the
// matches, each a button that selects its layer and reveals the path in the tree.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp, useAppStore } from '../../store/use-app';
import { MarkBadge } from './FileTree';

export function SearchPanel() {
  const { t } = useTranslation();
  const store = useAppStore();
  const search = useApp((s) => s.explore.search);
  const [glob, setGlob] = useState(search.glob);
  const matches = search.result?.matches ?? [];
  return (
    <section className="explore-panel" aria-labelledby="explore-search-title">
      <h2 id="explore-search-title">{t('explore.search.title')}</h2>
      <form
        className="explore-search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void store.getState().explore.runSearch(glob);
        }}
      >
        <input
          type="search"
          className="text-input mono"
          aria-label={t('explore.search.glob')}
          placeholder={t('explore.search.placeholder')}
          value={glob}
          onChange={(e) => setGlob(e.target.value)}
        />
        <button type="submit" className="button" disabled={glob.trim() === ''}>
          {t('explore.search.run')}
        </button>
      </form>
      {search.status === 'loading' && <p className="muted">{t('explore.search.searching')}</p>}
      {search.status === 'error' && (
        <p className="inline-error" role="alert">
          {search.error?.message}
        </p>
      )}
      {search.status === 'ready' && (
        <>
          <p className="muted" role="status">
            {search.result?.truncated
              ? t('explore.search.truncated', { count: matches.length })
              : t('explore.search.count', { count: matches.length })}
          </p>
          <ul className="explore-matches" aria-label={t('explore.search.results')}>
            {matches.map((m) => (
              <li key={`${m.layer}:${m.entry.path}`}>
                <button type="button" className="explore-match" onClick={() => void store.getState().explore.showMatch(m)}>
                  <span className="explore-match-layer">{t('explore.layers.layer', { n: m.layer + 1 })}</span>
                  <MarkBadge mark={m.entry.mark} />
                  <span className="mono">{m.entry.path}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
