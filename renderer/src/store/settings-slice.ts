// Owns people's preferences (language, theme) and which view is open; preferences persist locally.
import { patcher, type SliceCreator } from './types';

export type LanguagePref = 'system' | 'en' | 'es';
export type ThemePref = 'system' | 'light' | 'dark';
export type ViewName = 'images' | 'search' | 'jobs' | 'registries';

export interface SettingsSlice {
  language: LanguagePref;
  theme: ThemePref;
  view: ViewName;
  setLanguage(language: LanguagePref): void;
  setTheme(theme: ThemePref): void;
  setView(view: ViewName): void;
}

const LANGUAGE_KEY = 'stevedore.language';
const THEME_KEY = 'stevedore.theme';

function readPref<T extends string>(storage: Pick<Storage, 'getItem'> | undefined, key: string, allowed: readonly T[], fallback: T): T {
  try {
    const v = storage?.getItem(key);
    return allowed.includes(v as T) ? (v as T) : fallback;
  } catch {
    return fallback;
  }
}

export const createSettingsSlice: SliceCreator<'settings'> = (set, get, deps) => {
  const patch = patcher(set, get, 'settings');
  const persist = (key: string, value: string) => {
    try {
      deps.storage?.setItem(key, value);
    } catch {
      // Storage can be full or disabled; the preference then lasts for this session only.
    }
  };
  return {
    language: readPref(deps.storage, LANGUAGE_KEY, ['system', 'en', 'es'] as const, 'system'),
    theme: readPref(deps.storage, THEME_KEY, ['system', 'light', 'dark'] as const, 'system'),
    view: 'images',
    setLanguage(language) {
      persist(LANGUAGE_KEY, language);
      patch({ language });
    },
    setTheme(theme) {
      persist(THEME_KEY, theme);
      patch({ theme });
    },
    setView(view) {
      patch({ view });
    },
  };
};
