// Owns the explore view (issue #17). Work in progress: only its heading until the view lands.
import { useTranslation } from 'react-i18next';

export function ExploreView() {
  const { t } = useTranslation();
  return (
    <section className="view" aria-labelledby="explore-title">
      <header className="view-header">
        <h1 id="explore-title">{t('nav.explore')}</h1>
      </header>
    </section>
  );
}
