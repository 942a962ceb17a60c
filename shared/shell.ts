// Owns the desktop-shell part of the contract: persisted settings and the commands the main side
// (application menu, tray, notifications) sends to the window.
import { z } from 'zod';
import type { AppSettings } from './settings';

export type { AppSettings, EngineEndpointSetting, LanguageSetting, ThemeSetting } from './settings';
export { DEFAULT_SETTINGS } from './settings';

const EngineEndpointSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('auto') }).strict(),
  z.object({ kind: z.literal('socket'), path: z.string().min(1).max(4096) }).strict(),
  z
    .object({
      kind: z.literal('tcp'),
      host: z.string().min(1).max(255),
      port: z.number().int().min(1).max(65_535),
      tls: z.boolean(),
      certDir: z.string().max(4096).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('ssh'),
      host: z.string().min(1).max(255),
      user: z.string().max(255).optional(),
      port: z.number().int().min(1).max(65_535).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('context'), name: z.string().min(1).max(255) }).strict(),
]);

/** A partial update; unknown keys are refused. */
export const SettingsPatchSchema = z
  .object({
    theme: z.enum(['system', 'light', 'dark']).optional(),
    language: z.enum(['system', 'en', 'es']).optional(),
    engine: EngineEndpointSchema.optional(),
    closeToTray: z.boolean().optional(),
    notifications: z.boolean().optional(),
  })
  .strict();

/** Commands the main side asks the window to carry out (menu items, tray items, shortcuts, notifications). */
export const UI_COMMANDS = ['focusFilter', 'load', 'save', 'pull', 'remove', 'refresh', 'settings', 'showJob', 'showView'] as const;
export type UiCommandName = (typeof UI_COMMANDS)[number];

export interface UiCommand {
  command: UiCommandName;
  /** showJob: the job to show. */
  jobId?: string;
  /** pull: a reference offered first (e.g. from the clipboard). */
  reference?: string;
  /** showView: which view. */
  view?: 'images' | 'search' | 'jobs' | 'registries' | 'disk' | 'explore' | 'diff';
}

export const shellRequestSchemas = {
  'settings.get': z.object({}).strict(),
  'settings.set': SettingsPatchSchema,
} as const;

export interface ShellResponseMap {
  'settings.get': AppSettings;
  /** Returns the stored settings after the patch (engine changes reconnect core). */
  'settings.set': AppSettings;
}
