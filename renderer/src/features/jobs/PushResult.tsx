// Owns what a finished push shows: the CLI's last line (`<tag>: digest: sha256:… size: N`) as facts.
// Its layers' statuses are said in the UI's language by i18n/engine-status.ts, as a pull's are; a
// failed one's "Log in to <registry>" and Retry are JobRow's, shared with pull.
import { useTranslation } from 'react-i18next';
import type { JobSnapshot } from '../../../../shared/contract';
import { pushResultOf } from '../registries/registries-model';

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
