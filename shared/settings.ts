// Owns the persisted settings' shape and defaults, apart from their schema (shell.ts): the
// renderer's store starts from these, and importing them must not build the contract's zod schemas
// in the page's first chunks (issue #15: the first rows come before any schema is needed).
export type ThemeSetting = 'system' | 'light' | 'dark';
export type LanguageSetting = 'system' | 'en' | 'es';

/** How core reaches the engine: auto is the CLI's order (DOCKER_HOST, context, default socket). */
export type EngineEndpointSetting =
  | { kind: 'auto' }
  | { kind: 'socket'; path: string }
  | { kind: 'tcp'; host: string; port: number; tls: boolean; certDir?: string }
  | { kind: 'ssh'; host: string; user?: string; port?: number }
  | { kind: 'context'; name: string };

export interface AppSettings {
  theme: ThemeSetting;
  language: LanguageSetting;
  engine: EngineEndpointSetting;
  /** Closing the window keeps the app in the tray. */
  closeToTray: boolean;
  /** Notify when a long job ends while the window is not focused. */
  notifications: boolean;
}

export const DEFAULT_SETTINGS: AppSettings = {
  theme: 'system',
  language: 'system',
  engine: { kind: 'auto' },
  closeToTray: true,
  notifications: true,
};
