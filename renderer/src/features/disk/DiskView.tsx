// Owns the disk view (issue #17). Work in progress: only its heading until the view lands.
import { useTranslation } from 'react-i18next';

export function DiskView() {
  const { t } = useTranslation();
  return (
    <section className="view" aria-labelledby="disk-title">
      <header className="view-header">
        <h1 id="disk-title">{t('nav.disk')}</h1>
      </header>
    </section>
  );
}
