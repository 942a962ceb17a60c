// The registry client on real networks (issue #19 part 4): Debian's docker-registry served over TLS
// with a CA and certificates this file makes with Debian's openssl, reached by the registry
// browser's own functions (catalog, listTags) with the CA and client certificate read from a
// certs.d under a temp HOME, and through a CONNECT proxy of this file's own when HTTPS_PROXY is set.
// Everything stays on 127.0.0.1: the registry's name `stevedore-registry.test` is known only to the
// proxy (which maps *.test to 127.0.0.1 and refuses anything else), and this process's resolver
// answers ENOTFOUND for *.test itself, so a request sent direct asks no DNS server.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import dns from 'node:dns';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, listTags } from '../../electron/core/registries/registry-browser';
import { closeRegistryTransports } from '../../electron/core/registries/registry-transport';

const REGISTRY_BIN = process.env.STEVEDORE_REGISTRY_BIN || '/usr/bin/docker-registry';
const NAME = 'stevedore-registry.test';
const REPO = 'stevedore-network/probe';
const PROXY_USER = 'proxy-user';
const PROXY_PASSWORD = 's3cret-proxy-pass';
const noAuth = { authFor: () => null };

const work = mkdtempSync(join(tmpdir(), 'stevedore-registry-network-'));
const home = join(work, 'home');
const pki = join(work, 'pki');
const certsDir = join(home, '.docker', 'certs.d');
const saved: Record<string, string | undefined> = {};
const SAVED_ENV = ['HOME', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
const originalLookup = dns.lookup;
const children: ChildProcess[] = [];
let tlsPort = 0;
let mtlsPort = 0;
let proxyPort = 0;
let proxy: ReturnType<typeof createServer> | undefined;
const proxySockets = new Set<Socket>();
/** Every CONNECT the proxy saw: its target and whether it carried our Proxy-Authorization. */
const connects: { target: string; authorized: boolean }[] = [];
/** Names this process tried to resolve itself (a direct connection). */
const lookedUp: string[] = [];

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: pki, stdio: ['ignore', 'ignore', 'pipe'] });

/** A CA, a server certificate for NAME and 127.0.0.1, a client certificate: EC keys, one day. */
function makeCertificates(): void {
  mkdirSync(pki, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=Stevedore test CA');
  for (const [name, ext] of [
    ['server', `subjectAltName=DNS:${NAME},IP:127.0.0.1\nextendedKeyUsage=serverAuth\n`],
    ['client', 'extendedKeyUsage=clientAuth\n'],
  ]) {
    writeFileSync(join(pki, `${name}.ext`), ext);
    openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=stevedore-test-${name}`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    );
  }
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const pem = (name: string) => readFileSync(join(pki, name));

/** One HTTPS request to the registry with this file's own trust (setup only, not the code under test). */
function registryCall(
  port: number,
  method: string,
  path: string,
  body?: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca: pem('ca.crt'),
        cert: pem('client.crt'),
        key: pem('client.key'),
        headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Debian's registry over TLS (requiring a client certificate from our CA when `clientCa`), up once /v2/ answers. */
async function startTlsRegistry(port: number, clientCa: boolean): Promise<void> {
  const dir = join(work, `registry-${port}`);
  mkdirSync(dir);
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: stevedore-network-test-not-a-secret',
    '  tls:',
    `    certificate: ${join(pki, 'server.crt')}`,
    `    key: ${join(pki, 'server.key')}`,
    ...(clientCa ? ['    clientcas:', `      - ${join(pki, 'ca.crt')}`] : []),
  ];
  writeFileSync(join(dir, 'config.yml'), `${lines.join('\n')}\n`);
  const child = spawn(REGISTRY_BIN, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-2000)));
  // Polled without a clock assertion: a loaded machine only makes it take longer (hookTimeout bounds it).
  for (;;) {
    if (child.exitCode !== null) throw new Error(`registry on ${port} exited: ${stderr.trim()}`);
    const answer = await registryCall(port, 'GET', '/v2/').catch(() => undefined);
    if (answer?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Puts a config-only image under REPO:v1 (blob upload, then the manifest), as any client would. */
async function pushProbe(port: number): Promise<void> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const digest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
  const start = await registryCall(port, 'POST', `/v2/${REPO}/blobs/uploads/`);
  expect(start.status).toBe(202);
  const location = new URL(String(start.headers.location), `https://127.0.0.1:${port}`);
  location.searchParams.set('digest', digest);
  const put = await registryCall(port, 'PUT', `${location.pathname}${location.search}`, config, {
    'Content-Type': 'application/octet-stream',
  });
  expect(put.status).toBe(201);
  const mediaType = 'application/vnd.docker.distribution.manifest.v2+json';
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest },
    layers: [],
  };
  const res = await registryCall(port, 'PUT', `/v2/${REPO}/manifests/v1`, Buffer.from(JSON.stringify(manifest)), {
    'Content-Type': mediaType,
  });
  expect(res.status, res.body).toBe(201);
}

/** A CONNECT-only proxy: *.test goes to 127.0.0.1, anything else is refused; Basic auth checked and logged. */
async function startProxy(): Promise<number> {
  const expected = `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')}`;
  proxy = createServer((_req, res) => {
    res.writeHead(405).end('CONNECT only');
  });
  proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    proxySockets.add(client);
    client.on('close', () => proxySockets.delete(client));
    const target = req.url ?? '';
    const authorized = req.headers['proxy-authorization'] === expected;
    connects.push({ target, authorized });
    const m = /^([^:]+):(\d+)$/.exec(target);
    if (!authorized) return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
    if (!m || !m[1].endsWith('.test')) return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream = netConnect(Number(m[2]), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    proxySockets.add(upstream);
    upstream.on('close', () => proxySockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  return (proxy.address() as { port: number }).port;
}

const hostDir = (host: string) => join(certsDir, host);
function writeCerts(host: string, files: Record<string, string>): void {
  mkdirSync(hostDir(host), { recursive: true });
  for (const [name, source] of Object.entries(files)) writeFileSync(join(hostDir(host), name), pem(source));
}
const setEnv = (values: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
};
const noProxyEnv = {
  HTTPS_PROXY: undefined,
  https_proxy: undefined,
  HTTP_PROXY: undefined,
  http_proxy: undefined,
  NO_PROXY: undefined,
  no_proxy: undefined,
};

beforeAll(async () => {
  for (const k of SAVED_ENV) saved[k] = process.env[k];
  setEnv({ ...noProxyEnv, HOME: home });
  mkdirSync(certsDir, { recursive: true });
  // The reserved .test names resolve nowhere, without asking a DNS server; the rest as usual.
  (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
    const callback = rest[rest.length - 1] as (err: Error) => void;
    if (!hostname.endsWith('.test')) return (originalLookup as (...a: unknown[]) => void)(hostname, ...rest);
    lookedUp.push(hostname);
    process.nextTick(() => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname })));
  };
  makeCertificates();
  [tlsPort, mtlsPort] = [await freePort(), await freePort()];
  await startTlsRegistry(tlsPort, false);
  await startTlsRegistry(mtlsPort, true);
  await pushProbe(tlsPort);
  await pushProbe(mtlsPort);
  proxyPort = await startProxy();
});

afterAll(async () => {
  await closeRegistryTransports();
  for (const s of proxySockets) s.destroy();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  (dns as { lookup: unknown }).lookup = originalLookup;
  setEnv(saved);
  rmSync(work, { recursive: true, force: true });
});

describe('TLS with a CA from certs.d', () => {
  it('refuses a registry whose CA is unknown, saying so and where the CA goes; reaches it once ~/.docker/certs.d holds it', async () => {
    const host = `https://127.0.0.1:${tlsPort}`;
    const refusal = await catalog(noAuth, { host }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refusal).toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
    expect((refusal as Error).message).toMatch(/certificate signed by unknown authority/);
    expect((refusal as Error).message).toContain(join(certsDir, `127.0.0.1:${tlsPort}`, 'ca.crt'));

    writeCerts(`127.0.0.1:${tlsPort}`, { 'ca.crt': 'ca.crt' });
    expect((await catalog(noAuth, { host })).repositories).toEqual([REPO]);
    expect(await listTags(noAuth, { host, repository: REPO })).toEqual({ repository: REPO, tags: ['v1'] });
  });
});

describe('through a CONNECT proxy from HTTPS_PROXY', () => {
  const proxyUrl = () => `http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:${proxyPort}`;

  it('reaches a registry the proxy alone can name, tunnelled with the proxy credentials', async () => {
    setEnv({ ...noProxyEnv, HTTPS_PROXY: proxyUrl() });
    const host = `${NAME}:${tlsPort}`;
    writeCerts(host, { 'ca.crt': 'ca.crt' });
    const before = connects.length;
    expect((await catalog(noAuth, { host })).repositories).toEqual([REPO]);
    expect(await listTags(noAuth, { host, repository: REPO })).toEqual({ repository: REPO, tags: ['v1'] });
    expect(connects.slice(before).length).toBeGreaterThan(0);
    expect(connects.slice(before).every((c) => c.target === host && c.authorized)).toBe(true);
    expect(lookedUp).not.toContain(NAME);
  });

  it('never proxies a loopback address (Go rule), even with HTTPS_PROXY set', async () => {
    setEnv({ ...noProxyEnv, https_proxy: proxyUrl() });
    const before = connects.length;
    expect((await catalog(noAuth, { host: `https://127.0.0.1:${tlsPort}` })).repositories).toEqual([REPO]);
    expect(connects.length).toBe(before);
  });

  it('goes direct for a name in NO_PROXY, and then the name does not resolve: a clear unreachable error', async () => {
    setEnv({ ...noProxyEnv, HTTPS_PROXY: proxyUrl(), NO_PROXY: `localhost,.example.com,${NAME}` });
    const before = connects.length;
    const err = await catalog(noAuth, { host: `${NAME}:${tlsPort}` }).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(err).toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
    expect(err?.message).toMatch(
      new RegExp(`ENOTFOUND: the name ${NAME.replace(/\./g, '\\.')} does not resolve \\(sent direct: NO_PROXY names it\\)`),
    );
    expect(connects.length).toBe(before);
    expect(lookedUp).toContain(NAME);
  });

  it('says what the proxy answered, and never its credentials, when it refuses the tunnel', async () => {
    setEnv({ ...noProxyEnv, HTTPS_PROXY: `http://${PROXY_USER}:wrong-${PROXY_PASSWORD}@127.0.0.1:${proxyPort}` });
    const err = await catalog(noAuth, { host: `${NAME}:${tlsPort}` }).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(err).toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
    expect(err?.message).toContain('407');
    expect(err?.message).toContain(`through the proxy http://127.0.0.1:${proxyPort}`);
    expect(err?.message).not.toContain(PROXY_PASSWORD);
    expect(err?.message).not.toContain(PROXY_USER);
    expect(connects.at(-1)).toEqual({ target: `${NAME}:${tlsPort}`, authorized: false });
  });
});

describe('a client certificate from certs.d', () => {
  const dirHost = () => `127.0.0.1:${mtlsPort}`;
  const host = () => `https://127.0.0.1:${mtlsPort}`;

  it('without client.cert/client.key the registry refuses the handshake, and the error says what to add', async () => {
    setEnv(noProxyEnv);
    writeCerts(dirHost(), { 'ca.crt': 'ca.crt' });
    const err = await catalog(noAuth, { host: host() }).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(err).toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
    expect(err?.message).toMatch(/client certificate/);
    expect(err?.message).toContain(hostDir(dirHost()));
  });

  it('a key without its certificate is an error naming the file, not a crash', async () => {
    writeCerts(dirHost(), { 'client.key': 'client.key' });
    const err = await catalog(noAuth, { host: host() }).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(err).toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
    expect(err?.message).toContain(`${join(hostDir(dirHost()), 'client.key')}: has no client certificate client.cert beside it`);
  });

  it('with client.cert and client.key beside the CA, the registry lets the browser in', async () => {
    writeCerts(dirHost(), { 'client.cert': 'client.crt', 'client.key': 'client.key' });
    expect((await catalog(noAuth, { host: host() })).repositories).toEqual([REPO]);
    expect(await listTags(noAuth, { host: host(), repository: REPO })).toEqual({ repository: REPO, tags: ['v1'] });
    // And taking the certificate away again is noticed (the transport is rebuilt from the files).
    unlinkSync(join(hostDir(dirHost()), 'client.cert'));
    unlinkSync(join(hostDir(dirHost()), 'client.key'));
    await expect(catalog(noAuth, { host: host() })).rejects.toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
  });
});
