// The test run's own guard (tests/support/isolated-env.ts): code that falls back to the
// environment finds an empty, private DOCKER_CONFIG and data folder, never the real ones.
import { readFileSync, realpathSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, defaultDockerConfigDir } from '../../electron/core/support/data-dirs';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';

const underTmp = (dir: string) => realpathSync(dir).startsWith(realpathSync(tmpdir()) + path.sep);

describe('test isolation from the real docker CLI config and app data', () => {
  it('points DOCKER_CONFIG and STEVEDORE_DATA_DIR at fresh temp folders, the config with no logins', () => {
    const config = process.env.DOCKER_CONFIG ?? '';
    const data = process.env.STEVEDORE_DATA_DIR ?? '';
    expect(config).not.toBe('');
    expect(data).not.toBe('');
    expect(underTmp(config)).toBe(true);
    expect(underTmp(data)).toBe(true);
    expect(config).not.toBe(path.join(homedir(), '.docker'));
    expect(JSON.parse(readFileSync(path.join(config, 'config.json'), 'utf8'))).toEqual({});
  });

  it('a core made without folders uses them', () => {
    expect(defaultDockerConfigDir()).toBe(process.env.DOCKER_CONFIG);
    expect(defaultDataDir()).toBe(process.env.STEVEDORE_DATA_DIR);
    const core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: 'unix:///nonexistent.sock', source: 'env' } }) });
    expect(core.dockerConfigDir).toBe(process.env.DOCKER_CONFIG);
    expect(core.dataDir).toBe(process.env.STEVEDORE_DATA_DIR);
  });
});
