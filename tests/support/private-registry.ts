// A registry of a test's own: Debian's docker-registry (distribution 2.8) run as a child process
// on a loopback port with its storage in a temp folder, optionally with deletes disabled or with
// token auth from a small token server (distribution's token spec: RS256 JWTs whose x5c
// certificate is the registry's root bundle). For what the shared 5001/5002 registries cannot
// show (no delete, Bearer tokens) without leaving anything behind in them.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createSign, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portInUse } from '../../electron/core/registries/local-registry';

const REGISTRY_BIN = process.env.STEVEDORE_REGISTRY_BIN || '/usr/bin/docker-registry';

/** Ports these tests may give registries (local-registry and registry-browser tests). */
const TEST_PORTS = { from: 5050, to: 5059 };

/** `count` loopback ports in 5050-5059 nothing listens on (also good as "a closed port"). */
export async function freeRegistryPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let p = TEST_PORTS.from; p <= TEST_PORTS.to && ports.length < count; p++) if (!(await portInUse(p))) ports.push(p);
  if (ports.length < count) throw new Error(`not enough free ports in ${TEST_PORTS.from}-${TEST_PORTS.to}`);
  return ports;
}

export interface TokenAuth {
  realm: string;
  service: string;
  issuer: string;
  certPath: string;
}

export interface PrivateRegistry {
  /** host:port on 127.0.0.1 */
  host: string;
  stop(): Promise<void>;
}

/** Starts the registry on 127.0.0.1:<port> and resolves once GET /v2/ answers. */
export async function startPrivateRegistry(opts: { port: number; deleteEnabled: boolean; token?: TokenAuth }): Promise<PrivateRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-private-registry-'));
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    `    enabled: ${opts.deleteEnabled}`,
    'http:',
    `  addr: 127.0.0.1:${opts.port}`,
  ];
  if (opts.token) {
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${opts.token.realm}`,
      `    service: ${opts.token.service}`,
      `    issuer: ${opts.token.issuer}`,
      `    rootcertbundle: ${opts.token.certPath}`,
    );
  }
  const config = join(dir, 'config.yml');
  writeFileSync(config, `${lines.join('\n')}\n`);
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString('utf8')).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${opts.port}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.headers.has('docker-distribution-api-version')) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`registry on 127.0.0.1:${opts.port} did not start: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { host: `127.0.0.1:${opts.port}`, stop };
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export interface TokenServer {
  auth: TokenAuth;
  /** Every request the token server saw: scope and the account it authenticated ('' anonymous). */
  requests: { scope: string; account: string }[];
  stop(): Promise<void>;
}

/**
 * A token server granting `user` every action it asks for, and anonymous callers nothing; wrong
 * credentials get 401 with a registry-style error body. `identityToken` is accepted as an OAuth2
 * refresh token (POST grant_type=refresh_token), as Docker Hub's identity tokens are.
 */
export async function startTokenServer(user: { username: string; password: string; identityToken?: string }): Promise<TokenServer> {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-token-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      '/CN=stevedore-test-token',
    ],
    {
      stdio: 'ignore',
    },
  );
  const key = readFileSync(keyPath, 'utf8');
  const certDer = new X509Certificate(readFileSync(certPath)).raw;
  const service = 'stevedore-test-registry';
  const issuer = 'stevedore-test-issuer';
  const requests: TokenServer['requests'] = [];

  const refuse = (res: ServerResponse, message: string) => {
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message }] }));
  };
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // GET carries service and scope in the query, the OAuth2 POST in the form body.
    const params = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams;
    const scope = params.get('scope') ?? '';
    let account = '';
    const header = req.headers.authorization ?? '';
    if (req.method === 'POST') {
      if (params.get('grant_type') !== 'refresh_token' || !user.identityToken || params.get('refresh_token') !== user.identityToken) {
        requests.push({ scope, account: 'rejected:refresh_token' });
        refuse(res, 'invalid refresh token');
        return;
      }
      account = user.username;
    } else if (header.startsWith('Basic ')) {
      const [name, ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      if (name !== user.username || rest.join(':') !== user.password) {
        requests.push({ scope, account: `rejected:${name}` });
        refuse(res, 'invalid username or password');
        return;
      }
      account = name;
    }
    requests.push({ scope, account });
    const access = account
      ? scope
          .split(' ')
          .filter(Boolean)
          .map((s) => {
            const [type, ...middle] = s.split(':');
            const actions = middle.pop() ?? '';
            return { type, name: middle.join(':'), actions: actions.split(',') };
          })
      : [];
    const now = Math.floor(Date.now() / 1000);
    const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [certDer.toString('base64')] }));
    const claims = b64url(
      JSON.stringify({
        iss: issuer,
        sub: account,
        aud: params.get('service') ?? '',
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomBytes(8).toString('hex'),
        access,
      }),
    );
    const signature = createSign('RSA-SHA256').update(`${head}.${claims}`).sign(key);
    const token = `${head}.${claims}.${b64url(signature)}`;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    auth: { realm: `http://127.0.0.1:${port}/token`, service, issuer, certPath },
    requests,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
