// Owns the settings channels. Placeholder until the settings store lands.
import type { Handlers } from './service';
import { DEFAULT_SETTINGS } from '../../shared/shell';

export function createSettingsHandlers(_dataDir: string): Pick<Handlers, 'settings.get' | 'settings.set'> {
  return {
    'settings.get': async () => DEFAULT_SETTINGS,
    'settings.set': async () => DEFAULT_SETTINGS,
  };
}
