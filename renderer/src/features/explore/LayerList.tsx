// Owns the list of layers (a listbox: Up/Down/Home/End select as they move, as a file manager's
// sidebar does): the merged view first, then each layer with its size, the history line that made
// it and its counts of added, modified and removed entries.
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExploreSummary } from '../../../../shared/explore';
import type { LayerRef } from './explore-slice';
import { useApp, useAppStore } from '../../store/use-app';
import { useSize } from './use-size';

/** A history line as people read it: the shell prefix `docker history` shows is noise here. */
export function historyLine(createdBy: string): string {
  return createdBy.replace(/^\/bin\/sh -c #\(nop\)\s*/, '').replace(/^\/bin\/sh -c /, 'RUN ');
}

function Counts({ added, modified, removed }: { added: number; modified: number; removed: number }) {
  const { t } = useTranslation();
  return (
    <span className="explore-counts">
      <span className="mark-added" title={t('explore.layers.added', { count: added })}>
        <span aria-hidden="true">+{added}</span>
        <span className="visually-hidden">{t('explore.layers.added', { count: added })}</span>
      </span>
      <span className="mark-modified" title={t('explore.layers.modified', { count: modified })}>
        <span aria-hidden="true">~{modified}</span>
        <span className="visually-hidden">{t('explore.layers.modified', { count: modified })}</span>
      </span>
      <span className="mark-removed" title={t('explore.layers.removed', { count: removed })}>
        <span aria-hidden="true">−{removed}</span>
        <span className="visually-hidden">{t('explore.layers.removed', { count: removed })}</span>
      </span>
    </span>
  );
}

export function LayerList({ summary }: { summary: ExploreSummary }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const current = useApp((s) => s.explore.layer);
  const size = useSize();
  const refs: LayerRef[] = ['merged', ...summary.layers.map((l) => l.index)];
  const optionId = (r: LayerRef) => `explore-layer-${r}`;

  const select = (r: LayerRef, focus: boolean) => {
    void store.getState().explore.selectLayer(r);
    if (focus) document.getElementById(optionId(r))?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const at = refs.indexOf(current);
    const next =
      e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? refs.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    select(refs[Math.max(0, Math.min(refs.length - 1, next))]!, true);
  };

  return (
    <ul className="explore-layers" role="listbox" aria-label={t('explore.layers.label')} onKeyDown={onKeyDown}>
      <li
        id={optionId('merged')}
        role="option"
        aria-selected={current === 'merged'}
        tabIndex={current === 'merged' ? 0 : -1}
        className="explore-layer merged"
        onClick={() => select('merged', false)}
      >
        <span className="explore-layer-title">{t('explore.layers.merged')}</span>
        <span className="explore-layer-meta">
          {t('explore.layers.files', { count: summary.merged.files })} · {size(summary.merged.bytes)}
        </span>
      </li>
      {summary.layers.map((l) => (
        <li
          key={l.index}
          id={optionId(l.index)}
          role="option"
          aria-selected={current === l.index}
          tabIndex={current === l.index ? 0 : -1}
          className="explore-layer"
          onClick={() => select(l.index, false)}
        >
          <span className="explore-layer-title">
            {t('explore.layers.layer', { n: l.index + 1 })}
            <span className="explore-layer-size">{size(l.size)}</span>
          </span>
          <span className="explore-layer-cmd mono" title={l.createdBy}>
            {l.createdBy ? historyLine(l.createdBy) : t('explore.layers.noHistory')}
          </span>
          <Counts added={l.added} modified={l.modified} removed={l.removed} />
        </li>
      ))}
    </ul>
  );
}
