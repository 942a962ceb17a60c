// Owns the settings channels: read and change the stored settings, tell every window, and point
// the engine connection at a newly chosen endpoint (from the desktop app only: over the bridge a
// page could otherwise aim core at any local socket or remote host).
import type { Handlers } from '../support/handlers';
import { DESKTOP_REQUEST, type RequestContext } from '../support/request-origin';
import type { AppSettings, EngineEndpointSetting } from '../../../shared/shell';
import type { EngineConnection } from '../engine/engine';
import { endpointFromSetting, type EngineEndpoint } from '../engine/engine-endpoint';
import { CoreError } from '../engine/engine-errors';
import { engineChangeDeclined, type EngineConfirmations } from '../engine/engine-confirmation';
import type { SettingsPatch, SettingsStore } from './settings-store';

export interface SettingsDeps {
  store: SettingsStore;
  engine: EngineConnection;
  dockerConfigDir: string;
  /** Emits `settings.changed`. */
  changed: (settings: AppSettings) => void;
  /** The desktop app's confirmation of a remote engine (absent: none is asked, e.g. in tests). */
  confirmations?: EngineConfirmations;
}

/** Same endpoint setting (a re-save of the same value does not reconnect). */
export function sameEngineSetting(a: EngineEndpointSetting, b: EngineEndpointSetting): boolean {
  return JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());
}

/**
 * The endpoint core starts with. A stored setting that no longer works (its context was removed)
 * is not replaced by another engine behind the person's back: the connection reports why.
 */
export function startupEndpoint(settings: AppSettings, dockerConfigDir: string): EngineEndpoint {
  try {
    return endpointFromSetting(settings.engine, dockerConfigDir);
  } catch (err) {
    const what = settings.engine.kind === 'context' ? `context "${settings.engine.name}"` : settings.engine.kind;
    return { host: what, source: 'settings', problem: `The engine chosen in the settings cannot be used: ${(err as Error).message}` };
  }
}

/** The refusal of an engine change that came over the bridge. */
export const ENGINE_CHANGE_BRIDGE_REFUSAL =
  'The engine can be changed only in the Stevedore window (desktop app), not over the browser bridge';

/**
 * The patch as the request's origin may apply it. Over the bridge an engine different from the
 * stored one is refused (nothing is written); the same engine sent back with other settings (a
 * form that sends everything) is dropped from the patch, so it cannot undo a change the desktop
 * app made meanwhile.
 */
export function patchForOrigin(patch: SettingsPatch, current: AppSettings, context: RequestContext): SettingsPatch {
  if (context.origin !== 'bridge' || !patch.engine) return patch;
  if (!sameEngineSetting(current.engine, patch.engine)) throw new CoreError('UNAUTHORIZED', ENGINE_CHANGE_BRIDGE_REFUSAL);
  const { engine: _same, ...rest } = patch;
  return rest;
}

export function createSettingsHandlers(deps: SettingsDeps): Pick<Handlers, 'settings.get' | 'settings.set'> {
  return {
    'settings.get': async () => deps.store.get(),
    'settings.set': async (request, context = DESKTOP_REQUEST) => {
      const before = deps.store.get();
      const patch = patchForOrigin(request, before, context);
      let endpoint: EngineEndpoint | undefined;
      if (patch.engine && !sameEngineSetting(before.engine, patch.engine)) {
        // Resolve before saving: a setting that cannot work is refused and nothing changes.
        try {
          endpoint = endpointFromSetting(patch.engine, deps.dockerConfigDir);
        } catch (err) {
          throw new CoreError('INVALID_ARGUMENT', (err as Error).message);
        }
        // A remote engine gets credentials and archives: the person confirms it in main's native
        // dialog first. Declined: nothing is written and the connection stays where it is.
        if (deps.confirmations && !(await deps.confirmations.confirm(patch.engine, endpoint, 'change'))) {
          throw new CoreError('CANCELLED', engineChangeDeclined(endpoint));
        }
      }
      const saved = await deps.store.update(patch);
      deps.changed(saved);
      // The status (reachable or why not) arrives as engine.status events; the answer does not wait for it.
      if (endpoint) void deps.engine.reconfigure(endpoint);
      return saved;
    },
  };
}
