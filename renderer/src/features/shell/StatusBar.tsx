// Owns the bottom status bar: which engine we talk to (host, version, API version) and whether it answers.
import { useTranslation } from 'react-i18next';
import { useApp } from '../../store/use-app';

export function StatusBar() {
  const { t } = useTranslation();
  const status = useApp((s) => s.engine.status);
  const transport = useApp((s) => s.engine.transport);
  const state = !status || transport === 'connecting' ? 'connecting' : status.reachable ? 'reachable' : 'unreachable';
  return (
    <footer className="statusbar" aria-label={t('engine.status')}>
      <span className={`dot dot-${state}`} aria-hidden="true" />
      <span className="status-state">{t(`engine.${state}`)}</span>
      {status && (
        <span className="mono status-host" title={status.contextName ? `${status.contextName}: ${status.host}` : status.host}>
          {status.host}
        </span>
      )}
      {status?.version && <span>{t('engine.version', { version: status.version })}</span>}
      {status?.apiVersion && <span>{t('engine.api', { version: status.apiVersion })}</span>}
      {status?.os && status.arch && <span>{`${status.os}/${status.arch}`}</span>}
    </footer>
  );
}
