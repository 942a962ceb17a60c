// How the registry client's requests leave (registry-transport.ts) and how its failures reach the
// person: a proxy variable that is no URL fails the request in words (never a silent direct
// connection), a contract error the transport throws keeps its code, and the CA list is Node's
// roots plus the system's store wherever the runtime lists it, with certs.d's CAs added. No request
// here leaves the process: each fails before a socket is opened.
import dns from 'node:dns';
import { afterAll, describe, expect, it } from 'vitest';
import { rootCertificates } from 'node:tls';
import { CoreError } from '../../electron/core/engine/engine-errors';
import { RegistryClient } from '../../electron/core/registries/registry-client';
import { baseRootsOf, caListFor, closeRegistryTransports, registryFetch } from '../../electron/core/registries/registry-transport';

afterAll(closeRegistryTransports);

const noAuth = { authFor: () => null };

describe('a request through a proxy variable that is no URL', () => {
  it('fails with the proxy named without its password, and is never sent direct', async () => {
    // A request sent direct would resolve the name first: recorded here, and answered ENOTFOUND
    // without asking any DNS server (.test is reserved).
    const lookedUp: string[] = [];
    const originalLookup = dns.lookup;
    (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
      lookedUp.push(hostname);
      const callback = rest[rest.length - 1] as (err: Error) => void;
      process.nextTick(() => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname })));
    };
    try {
      const host = 'stevedore-registry.test';
      const env = { HTTPS_PROXY: 'http://alice:s3cret-pass@[bad' };
      const client = new RegistryClient(host, { ...noAuth, fetch: registryFetch(host, { env, certsDirs: [] }) });
      const err = await client.request({ path: '/v2/' }).then(
        () => undefined,
        (e: unknown) => e as CoreError,
      );
      expect(err).toBeInstanceOf(CoreError);
      expect(err?.message).toContain('invalid proxy address http://[bad');
      expect(err?.message).not.toContain('s3cret');
      expect(lookedUp).toEqual([]);
    } finally {
      (dns as { lookup: unknown }).lookup = originalLookup;
    }
  });
});

describe('errors the transport throws', () => {
  it('keeps a contract error as it is, not as "Cannot reach"', async () => {
    const own = new CoreError('IO', '/home/me/.docker/certs.d/r.example/client.key: cannot be read (EACCES)');
    const client = new RegistryClient('r.example', {
      ...noAuth,
      fetch: async () => {
        throw own;
      },
    });
    await expect(client.request({ path: '/v2/' })).rejects.toBe(own);
  });

  it('still reports a network failure as unreachable', async () => {
    const client = new RegistryClient('r.example', {
      ...noAuth,
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
      },
    });
    await expect(client.request({ path: '/v2/' })).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      message: 'Cannot reach the registry at https://r.example (ECONNREFUSED)',
    });
  });
});

describe('the CA roots every registry is checked against', () => {
  const lister = (defaults: string[], system: string[] | Error) => (which: 'default' | 'system') => {
    if (which === 'default') return defaults;
    if (system instanceof Error) throw system;
    return system;
  };

  it("are Node's defaults plus the system's store where the runtime lists it, without any certs.d", () => {
    const base = baseRootsOf(lister(['NODE-A', 'SHARED'], ['SHARED', 'SYSTEM-B']));
    expect(base).toEqual({ roots: ['NODE-A', 'SHARED', 'SYSTEM-B'], system: true });
    expect(caListFor(base, [])).toEqual(['NODE-A', 'SHARED', 'SYSTEM-B']);
    expect(caListFor(base, ['CERTS-D', 'NODE-A'])).toEqual(['NODE-A', 'SHARED', 'SYSTEM-B', 'CERTS-D']);
  });

  it("leave Node's defaults alone when the system store adds nothing or cannot be read", () => {
    expect(caListFor(baseRootsOf(lister(['NODE-A'], ['NODE-A'])), [])).toBeUndefined();
    const unreadable = baseRootsOf(lister(['NODE-A'], new Error('EACCES')));
    expect(unreadable).toEqual({ roots: ['NODE-A'], system: false });
    expect(caListFor(unreadable, ['CERTS-D'])).toEqual(['NODE-A', 'CERTS-D']);
  });

  it("are Node's bundled roots where the system store cannot be listed (Node 20)", () => {
    const base = baseRootsOf(undefined);
    expect(base).toEqual({ roots: [...rootCertificates], system: false });
    expect(caListFor(base, [])).toBeUndefined();
    expect(caListFor(base, ['CERTS-D'])).toEqual([...rootCertificates, 'CERTS-D']);
  });
});
