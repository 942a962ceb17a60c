// Owns the small settings popover: language and theme.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LanguagePref, ThemePref } from '../store/settings-slice';
import { useApp, useAppStore } from '../store/use-app';
import { SettingsIcon } from './icons';

export function SettingsMenu() {
  const { t } = useTranslation();
  const store = useAppStore();
  const language = useApp((s) => s.settings.language);
  const theme = useApp((s) => s.settings.theme);
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const titleId = useId();
  const languageId = useId();
  const themeId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="settings" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="nav-item"
        aria-expanded={open}
        aria-controls={panelId}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
      >
        <SettingsIcon />
        <span>{t('settings.button')}</span>
      </button>
      {open && (
        <div id={panelId} role="dialog" aria-labelledby={titleId} className="popover">
          <h2 id={titleId}>{t('settings.title')}</h2>
          <div className="field">
            <label htmlFor={languageId}>{t('settings.language')}</label>
            <select
              id={languageId}
              className="select"
              value={language}
              autoFocus
              onChange={(e) => store.getState().settings.setLanguage(e.target.value as LanguagePref)}
            >
              <option value="system">{t('settings.languageSystem')}</option>
              <option value="en">{t('languages.en')}</option>
              <option value="es">{t('languages.es')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={themeId}>{t('settings.theme')}</label>
            <select
              id={themeId}
              className="select"
              value={theme}
              onChange={(e) => store.getState().settings.setTheme(e.target.value as ThemePref)}
            >
              <option value="system">{t('settings.themeSystem')}</option>
              <option value="light">{t('settings.themeLight')}</option>
              <option value="dark">{t('settings.themeDark')}</option>
            </select>
          </div>
        </div>
      )}
    </div>
  );
}
