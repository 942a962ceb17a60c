// Owns the diff view (issue #17). Work in progress: only its heading until the view lands.
import { useTranslation } from 'react-i18next';

export function DiffView() {
  const { t } = useTranslation();
  return (
    <section className="view" aria-labelledby="diff-title">
      <header className="view-header">
        <h1 id="diff-title">{t('nav.diff')}</h1>
      </header>
    </section>
  );
}
