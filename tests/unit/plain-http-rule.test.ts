// Credentials and tokens never go over plain http except to loopback or to a registry the engine
// lists as insecure (issue #13, item 6b): moby's isSecureIndex over a fake /info, and the registry
// client, the login and the token handshake refusing BEFORE any connection. Every request goes
// through a recording fetch that lets only loopback through, so a wrong rule fails a test instead
// of reaching another host.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  checkPlainHttp,
  hostnameOf,
  isSecureIndex,
  mayUsePlainHttp,
  type EngineRegistryConfig,
} from '../../electron/core/credentials/plain-http-rule';
import { RegistryClient } from '../../electron/core/registries/registry-client';
import { login } from '../../electron/core/credentials/registry-login';
import { DockerCredentials } from '../../electron/core/credentials/credential-store';
import { holdsSecret } from '../../electron/core/credentials/docker-config';

/** GET /info RegistryConfig of an engine started with `--insecure-registry 10.1.0.0/16 --insecure-registry myreg.example:5000`. */
const INFO: EngineRegistryConfig = {
  IndexConfigs: {
    'docker.io': { Name: 'docker.io', Secure: true },
    'myreg.example:5000': { Name: 'myreg.example:5000', Secure: false },
    // Named as secure by its own entry, although its IP is in an insecure range: the entry wins.
    '10.1.9.9:5000': { Name: '10.1.9.9:5000', Secure: true },
  },
  InsecureRegistryCIDRs: ['127.0.0.0/8', '::1/128', '10.1.0.0/16', 'fd00:1::/32'],
};
/** A default engine: only loopback is insecure. */
const DEFAULT_INFO: EngineRegistryConfig = {
  IndexConfigs: { 'docker.io': { Name: 'docker.io', Secure: true } },
  InsecureRegistryCIDRs: ['127.0.0.0/8', '::1/128'],
};

/** A fetch that records every URL and lets only loopback through (anything else fails the test). */
function recordingFetch() {
  const urls: string[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    urls.push(url.toString());
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      throw new Error(`test fetch: refused to connect to ${url.host}`);
    }
    return fetch(input, init);
  }) as typeof fetch;
  return { fn, urls };
}

const codeAndMessage = async (p: Promise<unknown>) => {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: string; message?: string } | undefined;
  return { code: err?.code, message: err?.message };
};

describe('the plain-http rule (moby isSecureIndex, without DNS)', () => {
  it('loopback may always use http, whatever the engine lists', () => {
    for (const host of ['127.0.0.1:5000', 'localhost:5000', '[::1]:5000', '127.9.9.9', 'LOCALHOST']) {
      expect(mayUsePlainHttp(host, undefined), host).toBe(true);
      expect(mayUsePlainHttp(host, { IndexConfigs: {}, InsecureRegistryCIDRs: [] }), host).toBe(true);
    }
  });

  it('any other host needs the engine to list it as insecure, by name or by an IP range', () => {
    expect(mayUsePlainHttp('10.1.2.3:5000', DEFAULT_INFO)).toBe(false);
    expect(mayUsePlainHttp('10.1.2.3:5000', INFO)).toBe(true); // 10.1.0.0/16
    expect(mayUsePlainHttp('10.2.0.1:5000', INFO)).toBe(false);
    expect(mayUsePlainHttp('[fd00:1::5]:5000', INFO)).toBe(true);
    expect(mayUsePlainHttp('[fd00:2::5]:5000', INFO)).toBe(false);
    expect(mayUsePlainHttp('myreg.example:5000', INFO)).toBe(true); // IndexConfigs Secure: false
    expect(mayUsePlainHttp('myreg.example:5001', INFO)).toBe(false); // another port is another index
    expect(mayUsePlainHttp('example.com', INFO)).toBe(false); // names are never resolved to match CIDRs
    expect(mayUsePlainHttp('docker.io', INFO)).toBe(false);
    expect(mayUsePlainHttp('10.1.2.3:5000', undefined)).toBe(false); // an engine that cannot say lists nothing
  });

  it("a registry's own IndexConfigs entry decides before the CIDRs, as in moby", () => {
    expect(isSecureIndex(INFO, '10.1.9.9:5000')).toBe(true);
    expect(isSecureIndex(INFO, '10.1.9.9:5001')).toBe(false);
  });

  it('splits host and port as Go does', () => {
    expect(hostnameOf('10.1.2.3:5000')).toBe('10.1.2.3');
    expect(hostnameOf('[::1]:5000')).toBe('::1');
    expect(hostnameOf('example.com')).toBe('example.com');
    expect(hostnameOf('fd00::1')).toBe('fd00::1');
  });

  it('asks the engine only for non-loopback hosts, and refuses with the CLI words', async () => {
    let asked = 0;
    const source = async () => {
      asked++;
      return DEFAULT_INFO;
    };
    await checkPlainHttp('127.0.0.1:5000', source);
    await checkPlainHttp('[::1]:5000', source);
    expect(asked).toBe(0);
    const refused = await codeAndMessage(checkPlainHttp('10.1.2.3:5000', source));
    expect(asked).toBe(1);
    expect(refused.code).toBe('INVALID_ARGUMENT');
    expect(refused.message).toContain('Refusing plain http to 10.1.2.3:5000');
    expect(refused.message).toContain('Get "https://10.1.2.3:5000/v2/": http: server gave HTTP response to HTTPS client');
    // An engine that fails to answer /info lists nothing as insecure.
    expect((await codeAndMessage(checkPlainHttp('10.1.2.3:5000', async () => Promise.reject(new Error('down'))))).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe("Stevedore's registry client refuses plain http before connecting", () => {
  const creds = async () => ({ username: 'me', password: 'secret-pw' });

  it('http:// to a host the engine does not list as insecure: refused, nothing fetched', async () => {
    const cases: [string, EngineRegistryConfig][] = [
      ['http://10.1.2.3:5000', DEFAULT_INFO],
      ['http://10.2.0.1:5000', INFO],
      ['http://example.com', INFO],
      ['http://myreg.example:5001', INFO],
    ];
    for (const [host, info] of cases) {
      const rec = recordingFetch();
      const client = new RegistryClient(host, { authFor: creds, registryConfig: async () => info, fetch: rec.fn });
      const refused = await codeAndMessage(client.request({ path: '/v2/_catalog' }));
      expect(refused.code, host).toBe('INVALID_ARGUMENT');
      expect(refused.message, host).toMatch(/^Refusing plain http to /);
      expect(rec.urls, host).toEqual([]);
    }
  });

  it('without an engine answer every non-loopback http registry is refused, nothing fetched', async () => {
    const rec = recordingFetch();
    const client = new RegistryClient('http://10.1.2.3:5000', { authFor: creds, fetch: rec.fn });
    expect((await codeAndMessage(client.request({ path: '/v2/' }))).code).toBe('INVALID_ARGUMENT');
    expect(rec.urls).toEqual([]);
  });

  it('an insecure registry of the engine passes the rule (the request then reaches the fetch function)', async () => {
    let reached: string | undefined;
    const stop = (async (input: string | URL | Request) => {
      reached = String(input);
      throw new Error('stopped before the network');
    }) as typeof fetch;
    const client = new RegistryClient('http://10.1.2.3:5000', { authFor: creds, registryConfig: async () => INFO, fetch: stop });
    expect((await codeAndMessage(client.request({ path: '/v2/' }))).code).toBe('REGISTRY_UNREACHABLE');
    expect(reached).toBe('http://10.1.2.3:5000/v2/');
  });
});

describe('login to an http registry that is neither loopback nor insecure', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stevedore-plain-http-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused with the CLI words before the engine (or the registry) hears of the password', async () => {
    const calls: string[] = [];
    // Reaching the engine would be the failure: it is never called on this path.
    const engine = {
      checkAuth: async () => {
        calls.push('checkAuth');
        return { Status: 'Login Succeeded' };
      },
    } as unknown as Dockerode;
    const credentials = new DockerCredentials({ configDir: dir, env: { PATH: '' }, platform: 'linux' });
    for (const host of ['http://10.1.2.3:5000', 'http://example.com']) {
      const refused = await codeAndMessage(
        login(engine, credentials, { host, username: 'me', password: 'secret-pw' }, { registryConfig: async () => DEFAULT_INFO }),
      );
      expect(refused.code, host).toBe('INVALID_ARGUMENT');
      expect(refused.message, host).toContain('server gave HTTP response to HTTPS client');
      expect(refused.message, host).not.toContain('secret-pw');
    }
    expect(calls).toEqual([]);
    expect(await credentials.authFor('10.1.2.3:5000')).toBeNull();
  });
});

describe('the token realm must be https unless registry and realm are both loopback', () => {
  let server: Server;
  let port: number;
  let realm = '';
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ? 'with-credentials' : 'anonymous'}`);
      if (req.url?.startsWith('/token')) {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: 'tok' }));
      } else if (req.headers.authorization === 'Bearer tok') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"repositories":[]}');
      } else {
        res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${realm}",service="fake"` }).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => {
    seen.length = 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const creds = async () => ({ username: 'me', password: 'secret-pw' });

  it('a loopback registry naming http://<non-loopback>/token is refused; the realm is never contacted', async () => {
    for (const target of ['http://10.1.2.3/token', 'http://example.com:8080/token']) {
      realm = target;
      const rec = recordingFetch();
      const client = new RegistryClient(`127.0.0.1:${port}`, { authFor: creds, fetch: rec.fn });
      const refused = await codeAndMessage(client.request({ path: '/v2/_catalog', scope: 'registry:catalog:*' }));
      expect(refused.code, target).toBe('UNAUTHORIZED');
      expect(refused.message, target).toContain('token server on plain http');
      expect(rec.urls, target).toEqual([`http://127.0.0.1:${port}/v2/_catalog`]);
      expect(seen, target).toEqual(['GET /v2/_catalog anonymous']);
      seen.length = 0;
    }
  });

  it('a loopback registry with a loopback http realm gets its token (the rule lets what it should through)', async () => {
    realm = `http://127.0.0.1:${port}/token`;
    const rec = recordingFetch();
    const client = new RegistryClient(`127.0.0.1:${port}`, { authFor: creds, fetch: rec.fn });
    const { body } = await client.json<{ repositories: string[] }>({ path: '/v2/_catalog', scope: 'registry:catalog:*' });
    expect(body).toEqual({ repositories: [] });
    expect(seen).toEqual([
      'GET /v2/_catalog anonymous',
      expect.stringMatching(/^GET \/token\?.* with-credentials$/),
      'GET /v2/_catalog with-credentials',
    ]);
  });
});

describe('config.json holds a secret when an auths entry carries one', () => {
  it('auth, password or tokens count; empty entries (credential helpers) do not', () => {
    expect(holdsSecret({ auths: { h: { auth: 'bWU6cHc=' } } })).toBe(true);
    expect(holdsSecret({ auths: { h: { identitytoken: 't' } } })).toBe(true);
    expect(holdsSecret({ auths: { h: {} }, credHelpers: { h: 'pass' } })).toBe(false);
    expect(holdsSecret({ credsStore: 'desktop' })).toBe(false);
  });
});
