// The registries list works out each registry's credential store once: loginStates picks the store
// (credHelpers > credsStore > the platform's helper when installed) and reads the login from that
// same choice. A real helper script on PATH records every time it runs; the PATH lookups of the
// platform helper are counted by wrapping the real lookup.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { helperOnPath } from '../../electron/core/credentials/credential-helper';
import { DockerCredentials } from '../../electron/core/credentials/credential-store';

vi.mock('../../electron/core/credentials/credential-helper', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/core/credentials/credential-helper')>();
  return { ...real, helperOnPath: vi.fn(real.helperOnPath) };
});

const bin = mkdtempSync(path.join(tmpdir(), 'stevedore-creds-lookups-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));
const callsLog = path.join(bin, 'calls.log');

// Shell builtins only (PATH is just this folder): logs "<action> <server>", knows one login, for h:1.
const HELPER = `#!/bin/sh
read -r server
echo "$1 $server" >> "\${0%/*}/calls.log"
if [ "$1" = get ] && [ "$server" = h:1 ]; then printf '{"ServerURL":"h:1","Username":"u","Secret":"p"}'; exit 0; fi
echo "credentials not found in native keychain"
exit 1
`;

describe('loginStates', () => {
  it('works out each registry store once, and runs the helper once per registry', async () => {
    // Linux without `pass`: a config naming no store and holding no login uses docker-credential-secretservice.
    writeFileSync(path.join(bin, 'docker-credential-secretservice'), HELPER, { mode: 0o755 });
    writeFileSync(callsLog, '');
    const creds = new DockerCredentials({ configDir: bin, env: { PATH: bin }, platform: 'linux' });
    const keys = ['h:1', 'h:2', 'h:3'];
    vi.mocked(helperOnPath).mockClear();

    const states = await creds.loginStates({}, keys);

    expect(vi.mocked(helperOnPath).mock.calls).toEqual(keys.map(() => ['secretservice', { PATH: bin }]));
    expect(readFileSync(callsLog, 'utf8').trim().split('\n')).toEqual(keys.map((k) => `get ${k}`));
    expect(states.get('h:1')).toEqual({ key: 'h:1', store: { kind: 'helper', helper: 'secretservice' }, loggedIn: true, username: 'u' });
    expect(states.get('h:2')).toEqual({ key: 'h:2', store: { kind: 'helper', helper: 'secretservice' }, loggedIn: false });
  });
});
