// The registry browser (registry.catalog/tags/tagInfo/deleteTag) against real registries: the
// shared loopback ones (127.0.0.1:5001 open, :5002 htpasswd; read only here) and registries of
// this file's own, Debian's distribution 2.8 on ports in 5050-5059 with their storage in a temp
// folder: one with deletes, one without, one behind a token server (Bearer flow).
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogPage, RegistryTagInfo } from '../../shared/registries';
import type { ContractError } from '../../shared/errors';
import type { AuthConfig } from '../../electron/core/credentials/auth-hook';
import { EngineConnection } from '../../electron/core/engine/engine';
import { toContractError } from '../../electron/core/engine/engine-errors';
import { catalog, deleteManifest, listTags, tagInfo } from '../../electron/core/registries/registry-browser';
import { StevedoreCore } from '../../electron/core/service';
import {
  freeRegistryPorts,
  type PrivateRegistry,
  startPrivateRegistry,
  startTokenServer,
  type TokenServer,
} from '../support/private-registry';
import { dockerCli, fixtures, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[registry-browser] skipping: ${skipReason}`);
const stack = loadStackEnv();
const fx = fixtures(stack);
const RUN = randomBytes(4).toString('hex');
const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const IDENTITY_TOKEN = `identity-${RUN}`;

let core: StevedoreCore;
let configDir: string;
let dataDir: string;
let withDeletes: PrivateRegistry | undefined;
let withoutDeletes: PrivateRegistry | undefined;
let tokenRegistry: PrivateRegistry | undefined;
let tokenServer: TokenServer | undefined;
const localTags = new Set<string>();

const noAuth = { authFor: () => null };
const authAs = (auth: AuthConfig) => ({
  authFor: (host: string) => (host === stack.authRegistry || host === tokenRegistry?.host ? auth : null),
});
const testUser = () => authAs({ username: stack.user, password: stack.password });

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = await core.handle(channel, request);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function refusal(channel: string, request: unknown): Promise<ContractError> {
  const r = await core.handle(channel, request);
  if (r.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return r.error;
}

/** The contract error a core call fails with, as it would cross to the renderer. */
async function thrown(p: Promise<unknown>): Promise<ContractError> {
  try {
    await p;
  } catch (err) {
    return toContractError(err);
  }
  throw new Error('expected a failure');
}

async function cli(args: string[]): Promise<string> {
  const r = await dockerCli(args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** Pushes a fixture image to `ref` with the docker CLI (the engine speaks plain HTTP to 127.x). */
async function pushFixture(ref: string): Promise<void> {
  await cli(['tag', fx.tiny, ref]);
  localTags.add(ref);
  await cli(['push', '-q', ref]);
}

async function rawManifest(host: string, repository: string, reference: string): Promise<{ bytes: Buffer; digest: string }> {
  const res = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, { headers: { Accept: MANIFEST_V2 } });
  if (!res.ok) throw new Error(`manifest ${repository}:${reference}: ${res.status}`);
  return { bytes: Buffer.from(await res.arrayBuffer()), digest: res.headers.get('docker-content-digest') ?? '' };
}

describe.skipIf(skipReason !== null)('registry browser', () => {
  beforeAll(async () => {
    configDir = mkdtempSync(join(tmpdir(), 'stevedore-rb-config-'));
    dataDir = mkdtempSync(join(tmpdir(), 'stevedore-rb-data-'));
    core = new StevedoreCore({
      engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }),
      dataDir,
      dockerConfigDir: configDir,
    });
    await core.start();
  });

  afterAll(async () => {
    for (const t of localTags) await dockerCli(['rmi', t]);
    await withDeletes?.stop();
    await withoutDeletes?.stop();
    await tokenRegistry?.stop();
    await tokenServer?.stop();
    core?.dispose();
    for (const dir of [configDir, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('the open loopback registry', () => {
    it('lists every repository page by page with n=1, each page naming where the next starts', async () => {
      const all = await call<CatalogPage>('registry.catalog', { host: stack.registry, n: 1000 });
      expect(all.next).toBeUndefined();
      expect(all.repositories).toEqual(expect.arrayContaining(['stevedore-fixture/digested', 'stevedore-fixture/remote']));

      const walked: string[] = [];
      let last: string | undefined;
      for (let page = 0; page <= all.repositories.length; page++) {
        const p = await call<CatalogPage>('registry.catalog', { host: stack.registry, n: 1, ...(last ? { last } : {}) });
        expect(p.repositories.length).toBeLessThanOrEqual(1);
        walked.push(...p.repositories);
        if (p.next === undefined) break;
        expect(p.next).toBe(p.repositories[0]);
        last = p.next;
      }
      expect(walked).toEqual(all.repositories);
    });

    it("lists a repository's tags", async () => {
      const tags = await call<{ repository: string; tags: string[] }>('registry.tags', {
        host: stack.registry,
        repository: 'stevedore-fixture/digested',
      });
      expect(tags.repository).toBe('stevedore-fixture/digested');
      expect([...tags.tags].sort()).toEqual(['1', '2']);
    });

    it("gives a tag's manifest digest (the one the engine recorded when pulling) and its compressed size", async () => {
      const info = await call<RegistryTagInfo>('registry.tagInfo', {
        host: stack.registry,
        repository: 'stevedore-fixture/digested',
        tag: '1',
      });
      const repoDigests = JSON.parse(await cli(['image', 'inspect', '--format', '{{json .RepoDigests}}', fx.digested])) as string[];
      expect(repoDigests).toContain(`${fx.digestedRepo}@${info.digest}`);

      const raw = await rawManifest(stack.registry, 'stevedore-fixture/digested', '1');
      const manifest = JSON.parse(raw.bytes.toString('utf8')) as { config: { size: number }; layers: { size: number }[] };
      expect(info).toEqual({
        repository: 'stevedore-fixture/digested',
        tag: '1',
        digest: `sha256:${createHash('sha256').update(raw.bytes).digest('hex')}`,
        mediaType: MANIFEST_V2,
        size: manifest.config.size + manifest.layers.reduce((a, l) => a + l.size, 0),
        layers: manifest.layers.length,
      });
    });

    it('says NOT_FOUND, in the registry words, for a tag or repository it does not have', async () => {
      expect(
        await refusal('registry.tagInfo', { host: stack.registry, repository: 'stevedore-fixture/digested', tag: 'absent' }),
      ).toMatchObject({
        code: 'NOT_FOUND',
        message: 'manifest unknown: manifest unknown',
      });
      expect(await refusal('registry.tags', { host: stack.registry, repository: `stevedore-fixture/absent-${RUN}` })).toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining('name unknown'),
      });
    });

    it('refuses names that are not a repository or a host before sending anything', async () => {
      expect(await refusal('registry.tags', { host: stack.registry, repository: '../_catalog' })).toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      expect(await refusal('registry.tags', { host: stack.registry, repository: 'Upper/Case' })).toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      expect(await refusal('registry.catalog', { host: 'user:pw@evil.example' })).toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('says REGISTRY_UNREACHABLE when nothing listens on the port', async () => {
      const [port] = await freeRegistryPorts(1);
      expect(await refusal('registry.catalog', { host: `127.0.0.1:${port}` })).toMatchObject({
        code: 'REGISTRY_UNREACHABLE',
        message: expect.stringContaining(`http://127.0.0.1:${port}`),
      });
    });
  });

  describe('the htpasswd loopback registry', () => {
    it('answers with the stored credentials, as user and password or as config.json `auth`', async () => {
      expect((await catalog(testUser(), { host: stack.authRegistry })).repositories).toContain('stevedore-fixture/private');
      const asAuthField = authAs({ auth: Buffer.from(`${stack.user}:${stack.password}`).toString('base64') });
      expect(await listTags(asAuthField, { host: stack.authRegistry, repository: 'stevedore-fixture/private' })).toEqual({
        repository: 'stevedore-fixture/private',
        tags: ['1'],
      });
    });

    it('says UNAUTHORIZED in the registry words without credentials, and with wrong ones never echoes them', async () => {
      const anonymous = await thrown(catalog(noAuth, { host: stack.authRegistry }));
      expect(anonymous).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('unauthorized: authentication required') });
      expect(anonymous.message).toContain(`log in to ${stack.authRegistry}`);
      // Through the contract too: this core's (empty) docker config has no login for it.
      expect(await refusal('registry.catalog', { host: stack.authRegistry })).toMatchObject({ code: 'UNAUTHORIZED' });

      const wrongPassword = `wrong-${RUN}-pass`;
      const wrong = await thrown(catalog(authAs({ username: stack.user, password: wrongPassword }), { host: stack.authRegistry }));
      expect(wrong).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('refused the credentials') });
      expect(JSON.stringify(wrong)).not.toContain(wrongPassword);
    });
  });

  describe('registries of this test', () => {
    beforeAll(async () => {
      const [a, b, c] = await freeRegistryPorts(3);
      withDeletes = await startPrivateRegistry({ port: a, deleteEnabled: true });
      withoutDeletes = await startPrivateRegistry({ port: b, deleteEnabled: false });
      tokenServer = await startTokenServer({ username: stack.user, password: stack.password, identityToken: IDENTITY_TOKEN });
      tokenRegistry = await startPrivateRegistry({ port: c, deleteEnabled: true, token: tokenServer.auth });
    });

    it('shows a manifest list with its digest but no size or layers, and deletes tags by digest', async () => {
      const host = withDeletes!.host;
      await pushFixture(`${host}/rb-${RUN}/app:1`);
      const image = await rawManifest(host, `rb-${RUN}/app`, '1');
      const list = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MANIFEST_LIST,
          manifests: [
            { mediaType: MANIFEST_V2, size: image.bytes.length, digest: image.digest, platform: { architecture: 'amd64', os: 'linux' } },
          ],
        }),
      );
      const put = await fetch(`http://${host}/v2/rb-${RUN}/app/manifests/multi`, {
        method: 'PUT',
        headers: { 'Content-Type': MANIFEST_LIST },
        body: list,
      });
      expect(put.status).toBe(201);

      const info = await tagInfo(noAuth, { host, repository: `rb-${RUN}/app`, tag: 'multi' });
      expect(info).toEqual({
        repository: `rb-${RUN}/app`,
        tag: 'multi',
        digest: `sha256:${createHash('sha256').update(list).digest('hex')}`,
        mediaType: MANIFEST_LIST,
        size: 0,
        layers: 0,
      });

      expect(await deleteManifest(noAuth, { host, repository: `rb-${RUN}/app`, digest: info.digest })).toEqual({ deleted: true });
      expect((await listTags(noAuth, { host, repository: `rb-${RUN}/app` })).tags).toEqual(['1']);
      await deleteManifest(noAuth, { host, repository: `rb-${RUN}/app`, digest: image.digest });
      expect((await listTags(noAuth, { host, repository: `rb-${RUN}/app` })).tags).toEqual([]);
      expect(await thrown(deleteManifest(noAuth, { host, repository: `rb-${RUN}/app`, digest: image.digest }))).toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('explains that a registry without deletes enabled cannot delete, and keeps the tag', async () => {
      const host = withoutDeletes!.host;
      await pushFixture(`${host}/rb-${RUN}/kept:1`);
      const { digest } = await rawManifest(host, `rb-${RUN}/kept`, '1');
      const refused = await thrown(deleteManifest(noAuth, { host, repository: `rb-${RUN}/kept`, digest }));
      expect(refused).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('does not allow deleting') });
      expect(refused.message).toContain('REGISTRY_STORAGE_DELETE_ENABLED=true');
      expect((await listTags(noAuth, { host, repository: `rb-${RUN}/kept` })).tags).toEqual(['1']);
    });

    it('answers a Bearer challenge with a token for the scope the registry names', async () => {
      const host = tokenRegistry!.host;
      expect(await catalog(testUser(), { host })).toEqual({ repositories: [] });
      expect(tokenServer!.requests.at(-1)).toEqual({ scope: 'registry:catalog:*', account: stack.user });
      // With a repository scope the token is accepted too: the registry gets as far as "unknown name".
      expect(await thrown(listTags(testUser(), { host, repository: `rb-${RUN}/none` }))).toMatchObject({ code: 'NOT_FOUND' });
      expect(tokenServer!.requests.at(-1)).toEqual({ scope: `repository:rb-${RUN}/none:pull`, account: stack.user });
    });

    it('trades an identity token for an access token, and sends a registry token as it is', async () => {
      const host = tokenRegistry!.host;
      expect(await catalog(authAs({ identitytoken: IDENTITY_TOKEN }), { host })).toEqual({ repositories: [] });
      expect(tokenServer!.requests.at(-1)).toEqual({ scope: 'registry:catalog:*', account: stack.user });

      const realm = new URL(tokenServer!.auth.realm);
      realm.searchParams.set('service', tokenServer!.auth.service);
      realm.searchParams.set('scope', 'registry:catalog:*');
      const basic = Buffer.from(`${stack.user}:${stack.password}`).toString('base64');
      const { token } = (await (await fetch(realm, { headers: { Authorization: `Basic ${basic}` } })).json()) as { token: string };
      const seen = tokenServer!.requests.length;
      expect(await catalog(authAs({ registrytoken: token }), { host })).toEqual({ repositories: [] });
      expect(tokenServer!.requests.length).toBe(seen);
    });

    it('says UNAUTHORIZED for an anonymous token and for credentials the token server refuses', async () => {
      const host = tokenRegistry!.host;
      expect(await thrown(catalog(noAuth, { host }))).toMatchObject({
        code: 'UNAUTHORIZED',
        message: expect.stringContaining(`log in to ${host}`),
      });
      const wrongPassword = `wrong-${RUN}-pass`;
      const wrong = await thrown(catalog(authAs({ username: stack.user, password: wrongPassword }), { host }));
      expect(wrong).toMatchObject({ code: 'UNAUTHORIZED', message: 'unauthorized: invalid username or password' });
      expect(JSON.stringify(wrong)).not.toContain(wrongPassword);
    });
  });
});
