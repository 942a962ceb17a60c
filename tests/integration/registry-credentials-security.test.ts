// Credentials at rest and on the wire (issue #13, item 6), against the real engine and the
// htpasswd registry of the test stack, each case with its own DOCKER_CONFIG folder: a login
// leaves config.json 0600 even when it was 0644, and a login to a plain-http registry that is
// neither loopback nor insecure for the engine is refused before the engine hears of it. Nothing
// here may reach another host, even if the rule broke (see the hosts chosen below).
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract';
import type { LoginResult } from '../../shared/registries';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[registry-credentials-security] skipping: ${skipReason}`);
const stack = loadStackEnv();
const REG = stack.authRegistry;
const b64 = (s: string) => Buffer.from(s).toString('base64');

const dirs: string[] = [];
const cores: StevedoreCore[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `stevedore-credsec-${prefix}-`));
  dirs.push(dir);
  return dir;
}

/** A core on the test engine with its own DOCKER_CONFIG and no credential helper on PATH. */
async function coreWith(configDir: string): Promise<StevedoreCore> {
  const core = new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }),
    dockerConfigDir: configDir,
    dataDir: tempDir('data'),
    credentialHelperEnv: { PATH: '' },
  });
  cores.push(core);
  await core.start();
  return core;
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe.skipIf(Boolean(skipReason))('registry credentials: at rest 0600, never over plain http to other hosts', () => {
  afterAll(() => {
    for (const core of cores) core.dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a config.json that was 0644 is 0600 after a login writes the password into it', async () => {
    const dir = tempDir('cfg');
    const file = path.join(dir, 'config.json');
    writeFileSync(file, '{\n\t"auths": {},\n\t"psFormat": "table {{.ID}}"\n}');
    chmodSync(file, 0o644);
    expect(modeOf(file)).toBe(0o644);

    const core = await coreWith(dir);
    const r = (await core.handle('registries.login', { host: REG, username: stack.user, password: stack.password })) as Result<LoginResult>;
    expect(r).toMatchObject({ ok: true, value: { host: REG, storedIn: file } });

    expect(modeOf(file)).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      auths: { [REG]: { auth: b64(`${stack.user}:${stack.password}`) } },
      psFormat: 'table {{.ID}}',
    });
  });

  it('a new config.json written by a login is 0600 from the start', async () => {
    const dir = tempDir('fresh');
    const core = await coreWith(dir);
    const r = (await core.handle('registries.login', {
      host: `http://${REG}/`,
      username: stack.user,
      password: stack.password,
    })) as Result<LoginResult>;
    // http:// is fine for a loopback registry: the engine speaks plain http to 127.0.0.0/8.
    expect(r).toMatchObject({ ok: true, value: { host: REG } });
    expect(modeOf(path.join(dir, 'config.json'))).toBe(0o600);
  });

  it('an http:// login to a registry that is not loopback and not insecure for the engine is refused with the CLI reason, nothing stored', async () => {
    const dir = tempDir('http');
    const file = path.join(dir, 'config.json');
    const before = '{\n\t"auths": {}\n}';
    writeFileSync(file, before);
    const core = await coreWith(dir);
    // The test engine lists only 127.0.0.0/8 as insecure (its /info RegistryConfig); the refusal
    // comes before the engine's POST /auth. The hosts are unspecified addresses (not loopback, so
    // the rule refuses them) that Linux connects locally: even a broken rule sends nothing off this
    // machine. tests/unit/plain-http-rule.test.ts covers 10.1.2.3 and example.com with a recording fetch.
    for (const host of ['http://0.0.0.0:5999', 'http://[::]:5999']) {
      const r = await core.handle('registries.login', { host, username: stack.user, password: stack.password });
      const hostPort = host.replace('http://', '');
      expect(r, host).toEqual({
        ok: false,
        error: {
          code: 'INVALID_ARGUMENT',
          message:
            `Refusing plain http to ${hostPort}: the engine does not list it as an insecure registry, so credentials go to it only over https. ` +
            `docker login would try https and fail with: Get "https://${hostPort}/v2/": http: server gave HTTP response to HTTPS client. ` +
            `To use plain http, add "${hostPort}" to the engine's insecure-registries (daemon.json) and restart it.`,
          detail: { registry: hostPort },
        },
      });
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('the registry browser refuses an http:// registry the engine does not list as insecure, before connecting', async () => {
    const core = await coreWith(tempDir('browse'));
    const r = await core.handle('registry.catalog', { host: 'http://0.0.0.0:5999' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^Refusing plain http to 0\.0\.0\.0:5999/) },
    });
    // The same browser over http to the loopback registry works (the rule lets loopback through).
    const ok = await core.handle('registry.catalog', { host: `http://${stack.registry}` });
    expect(ok.ok).toBe(true);
  });
});
