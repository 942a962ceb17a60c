// Every unit and integration test file runs with its own throwaway DOCKER_CONFIG and
// STEVEDORE_DATA_DIR (vitest.config.ts names this file in setupFiles): code that falls back to the
// environment — a StevedoreCore made without dockerConfigDir or dataDir, a child process given
// process.env — then reads and writes an empty temp folder, never ~/.docker or the real app data.
// Tests that pass their own folders keep them; the folders here are removed after the file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const root = mkdtempSync(path.join(tmpdir(), 'stevedore-test-env-'));
const dockerConfig = path.join(root, 'docker-config');
const dataDir = path.join(root, 'data');
mkdirSync(dockerConfig);
mkdirSync(dataDir);
// What a fresh CLI install has: a config with no logins, no helpers, no contexts.
writeFileSync(path.join(dockerConfig, 'config.json'), '{}\n', { mode: 0o600 });

const saved = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, STEVEDORE_DATA_DIR: process.env.STEVEDORE_DATA_DIR };
process.env.DOCKER_CONFIG = dockerConfig;
process.env.STEVEDORE_DATA_DIR = dataDir;

afterAll(() => {
  // Put back what the worker had, so the next file in a reused worker starts from the same place.
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(root, { recursive: true, force: true });
});
