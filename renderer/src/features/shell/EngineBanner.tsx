// Owns the banners that explain why nothing works: the engine is unreachable (with Retry), or
// the bridge to Stevedore itself is gone.
import { useTranslation } from 'react-i18next';
import { useApp, useAppStore } from '../../store/use-app';
import { AlertIcon } from '../../ui/icons';

export function EngineBanner() {
  const { t } = useTranslation();
  const store = useAppStore();
  const transport = useApp((s) => s.engine.transport);
  const reachable = useApp((s) => s.engine.status?.reachable);
  const error = useApp((s) => s.engine.status?.error);
  const host = useApp((s) => s.engine.status?.host);
  const retrying = useApp((s) => s.engine.retrying);

  if (transport === 'no-token') {
    return (
      <div role="alert" className="banner error">
        <AlertIcon className="banner-icon" />
        <div className="banner-text">{t('engine.noToken')}</div>
      </div>
    );
  }
  if (transport === 'closed' || (transport === 'connecting' && reachable !== undefined)) {
    return (
      <div role="alert" className="banner warning">
        <AlertIcon className="banner-icon" />
        <div className="banner-text">{t('engine.bridgeLost')}</div>
      </div>
    );
  }
  if (reachable !== false) return null;
  return (
    <div role="alert" className="banner error" aria-labelledby="engine-banner-title" aria-describedby="engine-banner-detail">
      <AlertIcon className="banner-icon" />
      <div className="banner-text">
        <strong id="engine-banner-title">{t('engine.unreachableTitle')}</strong>
        <span id="engine-banner-detail" className="mono">
          {error ?? host}
        </span>
      </div>
      <button
        type="button"
        className="button"
        disabled={retrying}
        aria-busy={retrying}
        onClick={() => void store.getState().engine.reconnect()}
      >
        {retrying ? t('engine.retrying') : t('engine.retry')}
      </button>
    </div>
  );
}
