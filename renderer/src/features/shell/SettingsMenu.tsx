// Owns the Settings button in the navigation: it opens the Settings dialog (as Ctrl/Cmd+, does).
import { useTranslation } from 'react-i18next';
import { shortcutHint } from './keyboard';
import { useApp, useAppStore } from '../../store/use-app';
import { SettingsIcon } from '../../ui/icons';

export function SettingsMenu() {
  const { t } = useTranslation();
  const store = useAppStore();
  const open = useApp((s) => s.ui.settingsOpen);
  const hint = shortcutHint('settings');
  return (
    <div className="settings">
      <button
        type="button"
        className="nav-item"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-keyshortcuts={hint?.aria}
        title={hint?.label}
        onClick={() => store.getState().ui.openSettings()}
      >
        <SettingsIcon />
        <span>{t('settings.button')}</span>
      </button>
    </div>
  );
}
