// Owns what the Images view says when `--filter until` is set on an engine that refuses it (Engine
// API < 1.44): the list still honours it (core applies it itself), but the `docker images` command
// shown would fail there with "Invalid filter 'until'". Beside the filter a one-line note; in Copy
// as the same, then an exact equivalent for now (`--filter before=<image>`, or no filter at all)
// when one exists, else that the CLI cannot express it on this engine.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { engineRefusesUntil } from '../../../../shared/image-filters';
import { buildFilterStrings } from './image-view';
import { equivalentFilters, untilEquivalent, type UntilEquivalent } from './until-equivalent';
import { useImagesCommand } from './CommandLine';
import { useApp, useAppStore } from '../../store/use-app';
import { AlertIcon } from '../../ui/icons';

/** The engine's API version when `until` is set and that engine refuses it, else null. */
export function useUntilRefused(): string | null {
  const until = useApp((s) => s.images.filters.until.trim());
  const api = useApp((s) => s.engine.status?.apiVersion);
  return until !== '' && engineRefusesUntil(api) ? (api ?? null) : null;
}

/** Beside the filters: the list honours `until`, the command line would not run. */
export function UntilFilterNote({ id }: { id: string }) {
  const { t } = useTranslation();
  const api = useUntilRefused();
  if (api === null) return null;
  return (
    <p id={id} className="filter-note" role="note">
      <AlertIcon width={14} height={14} />
      <span>{t('filters.untilRefused', { api })}</span>
    </p>
  );
}

/**
 * Copy as: the refusal in the engine's words, then what would list the same rows now. Asks core for
 * the list with and without `until` when it opens and whenever the rows change.
 */
export function UntilCopyNote({ template, quiet }: { template: string; quiet: boolean }) {
  const { t } = useTranslation();
  const api = useUntilRefused();
  const store = useAppStore();
  const command = useImagesCommand();
  // A string, so the selector's answer compares equal while the filters are the same.
  const filters = useApp((s) => JSON.stringify(buildFilterStrings(s.images.filters)));
  const rows = useApp((s) => s.images.rows);
  const all = useApp((s) => s.images.options.all);
  const [eq, setEq] = useState<UntilEquivalent | 'checking'>('checking');

  useEffect(() => {
    if (api === null) return;
    let live = true;
    const withUntil = JSON.parse(filters) as string[];
    const images = store.getState().images;
    void Promise.all([images.listWith(withUntil), images.listWith(withUntil.filter((f) => !f.startsWith('until=')))]).then(([a, b]) => {
      if (live) setEq(a.ok && b.ok ? untilEquivalent(a.value.rows, b.value.rows) : { kind: 'none' });
    });
    return () => {
      live = false;
    };
  }, [api, filters, rows, all, store]);

  if (api === null) return null;
  const eqFilters = eq === 'checking' ? null : equivalentFilters(JSON.parse(filters) as string[], eq);
  return (
    <div className="hint until-note" role="note">
      <p>
        <AlertIcon width={14} height={14} /> {t('copyAs.untilRefused', { api })}
      </p>
      {eq === 'checking' ? (
        <p>{t('copyAs.untilChecking')}</p>
      ) : eqFilters === null ? (
        <p>{t('copyAs.untilInexpressible')}</p>
      ) : (
        <p>
          {t(eq.kind === 'drop' ? 'copyAs.untilDrop' : 'copyAs.untilBefore')}{' '}
          <code className="command-line until-equivalent">{command({ quiet, template, filters: eqFilters })}</code>
        </p>
      )}
    </div>
  );
}
