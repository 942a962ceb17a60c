// Owns the wasted space panel: bytes of files a later layer overwrites or removes, still shipped in
// the layer that holds them, largest first (core sends at most 1,000 and the total of all).
import { useTranslation } from 'react-i18next';
import type { ExploreSummary } from '../../../../shared/explore';
import { useAppStore } from '../../store/use-app';
import { useSize } from './use-size';

export function WastedPanel({ wasted }: { wasted: ExploreSummary['wasted'] }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const size = useSize();
  return (
    <section className="explore-panel" aria-labelledby="explore-wasted-title">
      <h2 id="explore-wasted-title">{t('explore.wasted.title', { size: size(wasted.bytes) })}</h2>
      {wasted.entries.length === 0 ? (
        <p className="muted">{t('explore.wasted.none')}</p>
      ) : (
        <table className="explore-table">
          <thead>
            <tr>
              <th scope="col">{t('explore.wasted.path')}</th>
              <th scope="col">{t('explore.wasted.bytes')}</th>
              <th scope="col">{t('explore.wasted.layer')}</th>
              <th scope="col">{t('explore.wasted.by')}</th>
            </tr>
          </thead>
          <tbody>
            {wasted.entries.map((w) => (
              <tr key={`${w.layer}:${w.path}`}>
                <td className="mono">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() =>
                      void store.getState().explore.showMatch({
                        layer: w.layer,
                        entry: { path: w.path, kind: 'file', size: w.bytes, mode: 0, uid: 0, gid: 0, mtime: 0 },
                      })
                    }
                  >
                    {w.path}
                  </button>
                </td>
                <td>{size(w.bytes)}</td>
                <td>{w.layer + 1}</td>
                <td>{t(`explore.wasted.${w.by}`, { n: w.byLayer + 1 })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
