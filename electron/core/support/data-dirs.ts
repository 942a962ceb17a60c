// Owns where core keeps files: Stevedore's own data folder and the docker CLI's config folder.
import os from 'node:os';
import path from 'node:path';

/** Stevedore's data folder: STEVEDORE_DATA_DIR, else the platform's config folder (Electron passes userData). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STEVEDORE_DATA_DIR) return path.resolve(env.STEVEDORE_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Stevedore');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Stevedore');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Stevedore');
}

/** The docker CLI's config folder, as the CLI finds it: DOCKER_CONFIG, else ~/.docker. */
export function defaultDockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG ? path.resolve(env.DOCKER_CONFIG) : path.join(os.homedir(), '.docker');
}
