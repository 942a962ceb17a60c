// Owns translation: one i18next instance with English and Spanish, the language chosen from
// the settings or, by default, the browser's preferred languages.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en/index';
import es from './es/index';
import type { LanguagePref } from '../features/shell/settings-slice';

export const SUPPORTED_LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** The first of the browser's languages we speak, else English. */
export function detectLanguage(languages: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if ((SUPPORTED_LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}

export const resolveLanguage = (pref: LanguagePref): Language => (pref === 'system' ? detectLanguage() : pref);

export function initI18n(language: Language) {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, es: { translation: es } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...SUPPORTED_LANGUAGES],
    // React escapes; double escaping would show &amp; to people.
    interpolation: { escapeValue: false },
    // Resources are bundled: initialise synchronously so the first render is translated.
    initAsync: false,
    returnNull: false,
  });
  return i18next;
}
