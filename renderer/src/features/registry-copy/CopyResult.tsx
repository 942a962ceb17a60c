// Owns what a finished copy job shows in its row: "2 tags copied, 3 blobs uploaded, 1 skipped,
// 0 mounted", then each tag with the digest it has on the target (equal to the source's unless one
// platform was picked out of an index) and the platforms it kept.
import { useTranslation } from 'react-i18next';
import type { JobSnapshot } from '../../../../shared/contract';
import { copyCounts, copyResultOf } from './registry-copy-model';

export function CopyResult({ job }: { job: JobSnapshot }) {
  const { t } = useTranslation();
  const result = copyResultOf(job);
  if (!result) return null;
  const n = copyCounts(result);
  const summary = [
    t('registryCopy.result.tags', { count: n.tags }),
    t('registryCopy.result.uploaded', { count: n.uploaded }),
    t('registryCopy.result.skipped', { count: n.skipped }),
    t('registryCopy.result.mounted', { count: n.mounted }),
  ].join(', ');
  const target = `${result.target.host}/${result.target.repository}`;
  return (
    <div className="job-result copy-result">
      <p className="copy-summary">{summary}</p>
      {result.tags.length > 0 && (
        <ul className="job-result-lines mono" aria-label={t('registryCopy.result.copiedTags', { target })}>
          {result.tags.map((tag) => (
            <li key={tag.tag}>
              <span>{`${target}:${tag.tag}`}</span> <span className="muted">{tag.digest}</span>
              {tag.platforms.length > 1 && <span className="muted">{` (${tag.platforms.join(', ')})`}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
