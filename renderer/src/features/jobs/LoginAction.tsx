// Owns the "Log in to <registry>" button a pull or push job shows when the registry refused it for
// want of credentials. Apart from LoginDialog.tsx (which shows a JobRow) so the two never import each other.
import { useTranslation } from 'react-i18next';
import type { JobSnapshot } from '../../../../shared/contract';
import { loginTargetOf } from '../registries/registries-model';
import { useAppStore } from '../../store/use-app';

/** "Log in to <registry>" on a job the registry refused for want of credentials (then offered again). */
export function LoginAction({ job }: { job: Pick<JobSnapshot, 'id' | 'state' | 'error'> }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const registry = loginTargetOf(job);
  if (!registry) return null;
  return (
    <button
      type="button"
      className="button small"
      aria-haspopup="dialog"
      onClick={() => store.getState().registries.openLogin(registry, job.id)}
    >
      {t('registries.login.to', { host: registry })}
    </button>
  );
}
