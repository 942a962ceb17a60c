// Owns people's preferences (theme, language, engine endpoint, close-to-tray, notifications) and
// which view is open. Core stores the preferences (settings.get / settings.set, in the user data
// folder) and announces changes ('settings.changed', e.g. from another window or the tray); theme
// and language are also kept in localStorage, used only when core cannot answer, so the window
// never starts in the wrong colours while the first answer is on its way.
import type { Result } from '../../../../shared/contract';
import { DEFAULT_SETTINGS, type AppSettings, type LanguageSetting, type ThemeSetting } from '../../../../shared/settings';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export type LanguagePref = LanguageSetting;
export type ThemePref = ThemeSetting;
export type ViewName = 'images' | 'search' | 'jobs' | 'registries' | 'disk' | 'explore' | 'diff' | 'updates';
export type SettingsPatch = Partial<AppSettings>;

export interface SettingsSlice extends AppSettings {
  view: ViewName;
  /** Where the preferences came from: core's store, or only this browser's storage. */
  source: 'local' | 'core';
  load(): Promise<void>;
  /** Applies at once, then stores in core; the result is core's answer (an engine change may be refused). */
  update(patch: SettingsPatch): Promise<Result<AppSettings>>;
  /** Core's settings (the first answer, or a 'settings.changed' event). */
  apply(settings: AppSettings): void;
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

const pick = (s: AppSettings): AppSettings => ({
  theme: s.theme,
  language: s.language,
  engine: s.engine,
  closeToTray: s.closeToTray,
  notifications: s.notifications,
});

export const createSettingsSlice: SliceCreator<'settings'> = (set, get, deps) => {
  const patch = patcher(set, get, 'settings');
  const remember = (p: SettingsPatch) => {
    try {
      if (p.language) deps.storage?.setItem(LANGUAGE_KEY, p.language);
      if (p.theme) deps.storage?.setItem(THEME_KEY, p.theme);
    } catch {
      // Storage can be full or disabled; core's store still has them.
    }
  };
  return {
    ...DEFAULT_SETTINGS,
    language: readPref(deps.storage, LANGUAGE_KEY, ['system', 'en', 'es'] as const, DEFAULT_SETTINGS.language),
    theme: readPref(deps.storage, THEME_KEY, ['system', 'light', 'dark'] as const, DEFAULT_SETTINGS.theme),
    view: 'images',
    source: 'local',
    async load() {
      const r = await deps.api.invoke('settings.get', {});
      // Without core's store (an older core, a refused channel) the local preferences stay.
      if (!r.ok) return;
      // A look chosen in this browser before core stored any stays, rather than core's default.
      const local = get().settings;
      get().settings.apply({
        ...r.value,
        theme: r.value.theme === 'system' ? local.theme : r.value.theme,
        language: r.value.language === 'system' ? local.language : r.value.language,
      });
    },
    async update(p) {
      const before = pick(get().settings);
      patch(p);
      remember(p);
      const r = await deps.api.invoke('settings.set', p);
      // An engine endpoint core refuses must not stay on screen as if it were in use.
      if (!r.ok && p.engine) patch({ engine: before.engine });
      return r;
    },
    apply(settings) {
      remember(settings);
      patch({ ...pick(settings), source: 'core' });
    },
    setLanguage(language) {
      void get().settings.update({ language });
    },
    setTheme(theme) {
      void get().settings.update({ theme });
    },
    setView(view) {
      patch({ view });
    },
  };
};
