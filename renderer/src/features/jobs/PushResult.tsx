// Owns what a push job shows: its layers' statuses in the UI's language, and once finished the
// CLI's last line (`<tag>: digest: sha256:… size: N`) as facts. A failed one's "Log in to <registry>"
// and Retry are JobRow's, shared with pull.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { JobSnapshot } from '../../../../shared/contract';
import { pushLayerStatus, pushResultOf } from '../registries/registries-model';

export function PushResult({ job }: { job: JobSnapshot }) {
  const { t } = useTranslation();
  const result = pushResultOf(job);
  if (!result) return null;
  return (
    <div className="job-result">
      <dl className="kv compact">
        <dt>{t('registries.push.pushed')}</dt>
        <dd className="mono">{result.reference}</dd>
        <dt>{t('jobDetail.digest')}</dt>
        <dd className="mono">{result.digest}</dd>
        <dt>{t('registries.push.manifestSize')}</dt>
        <dd className="mono">{result.size}</dd>
      </dl>
    </div>
  );
}

/** A push layer's status (Preparing, Pushing, Pushed, Mounted from <repository>…); other words as the engine gave them. */
export function pushLayerText(status: string, t: TFunction): string {
  const known = pushLayerStatus(status);
  return known ? t(`registries.layer.${known.key}`, known.values) : status;
}
