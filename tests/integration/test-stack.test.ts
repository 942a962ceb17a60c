// Sanity checks for the real-engine test stack (scripts/test-stack/up.sh).
// Everything the other integration/e2e tests rely on is asserted here, so a
// broken stack shows up as one clear failure instead of many confusing ones.
import { request } from 'node:http';
import { describe, it, expect } from 'vitest';
import { dockerCli, fixtures, loadStackEnv, requireEngine } from '../support/stack';

// In CI this throws (a missing engine is a failure); locally it yields a skip reason.
const skipReason = requireEngine();
if (skipReason) console.warn(`[test-stack] skipping: ${skipReason}`);

const env = loadStackEnv();
const fx = fixtures(env);

async function docker(...args: string[]): Promise<string> {
  const r = await dockerCli(args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

/** GET on the engine's unix socket, bypassing the CLI (what dockerode does). */
function engineGet(path: string): Promise<{ status: number; body: string }> {
  const m = /^unix:\/\/(.+)$/.exec(env.dockerHost);
  if (!m) throw new Error(`not a unix socket DOCKER_HOST: ${env.dockerHost}`);
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: m[1], path, method: 'GET', timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

describe.skipIf(skipReason !== null)('test stack', () => {
  describe('engine', () => {
    it('speaks API 1.41 (dockerd 20.10)', async () => {
      expect((await docker('version', '--format', '{{.Server.APIVersion}}')).trim()).toBe('1.41');
      if (env.dockerHost.startsWith('unix://')) {
        const v = await engineGet('/version');
        expect(v.status).toBe(200);
        expect(JSON.parse(v.body).ApiVersion).toBe('1.41');
      }
    });

    it.skipIf(env.externalEngine)('is the dedicated engine: own data root, no bridge network', async () => {
      expect(env.dockerHost).toBe(`unix://${env.stackDir}/docker.sock`);
      const root = (await docker('info', '--format', '{{.DockerRootDir}}')).trim();
      expect(root.startsWith(`${env.stackDir}/`)).toBe(true);
      const nets = lines(await docker('network', 'ls', '--format', '{{.Name}}')).sort();
      expect(nets).toEqual(['host', 'none']);
    });
  });

  describe('fixtures', () => {
    const localRefs = [
      fx.base,
      fx.baseLatest,
      fx.alias,
      fx.web,
      fx.db,
      fx.moving,
      fx.built,
      fx.committed,
      fx.tiny,
      fx.small,
      fx.digested,
      fx.digested2,
    ];

    it('all namespaced fixture references exist', async () => {
      const r = await dockerCli(['image', 'inspect', '--format', '{{.Id}}', ...localRefs]);
      expect(r.stderr).toBe('');
      expect(lines(r.stdout)).toHaveLength(localRefs.length);
    });

    it('multi-tag and multi-repo share one image ID', async () => {
      const ids = lines(await docker('image', 'inspect', '--format', '{{.Id}}', fx.base, fx.baseLatest, fx.alias));
      expect(new Set(ids).size).toBe(1);
      const tags = JSON.parse(await docker('image', 'inspect', '--format', '{{json .RepoTags}}', fx.base));
      expect([...tags].sort()).toEqual([fx.alias, fx.base, fx.baseLatest].sort());
    });

    it('labels, including a key with an empty value', async () => {
      const labels = JSON.parse(await docker('image', 'inspect', '--format', '{{json .Config.Labels}}', fx.web));
      expect(labels).toMatchObject({ 'org.stevedore.role': 'web', 'org.stevedore.tier': '1', 'org.stevedore.flag': '' });
      const byFlag = lines(await docker('images', '--filter', 'label=org.stevedore.flag', '--format', '{{.Repository}}:{{.Tag}}'));
      expect(byFlag).toEqual([fx.web]);
      const roles = lines(await docker('images', '--filter', 'label=org.stevedore.role', '--format', '{{.Repository}}'));
      expect(roles).toEqual(expect.arrayContaining([`${fx.namespace}/web`, `${fx.namespace}/db`]));
    });

    it('`docker images -a` shows more rows than `docker images` (hidden intermediates)', async () => {
      const plain = lines(await docker('images', '--format', '{{.ID}}'));
      const all = lines(await docker('images', '-a', '--format', '{{.ID}}'));
      expect(all.length).toBeGreaterThan(plain.length);
      // the classic build's parent chain is made of untagged, non-dangling intermediates
      const parent = (await docker('image', 'inspect', '--format', '{{.Parent}}', fx.built)).trim();
      expect(parent).toMatch(/^sha256:[0-9a-f]{64}$/);
      const tagsOfParent = (await docker('image', 'inspect', '--format', '{{len .RepoTags}}', parent)).trim();
      expect(tagsOfParent).toBe('0');
      expect(plain).not.toContain(parent.slice(7, 19));
      expect(all).toContain(parent.slice(7, 19));
    });

    it('a dangling image exists and shows as <none> <none>', async () => {
      const ids = lines(await docker('images', '-q', '--filter', 'dangling=true', '--filter', `label=${fx.danglingLabel}`));
      expect(ids).toHaveLength(1);
      const rows = lines(await docker('images', '--format', '{{.Repository}} {{.Tag}} {{.ID}}'));
      expect(rows).toContain(`<none> <none> ${ids[0]}`);
    });

    it('the committed image carries author and message', async () => {
      const out = (await docker('image', 'inspect', '--format', '{{.Author}}|{{.Comment}}', fx.committed)).trim();
      expect(out).toBe('Stevedore Tests <tests@stevedore.invalid>|stevedore fixture: committed');
    });

    it('fixtures were created at distinct times (before/since are meaningful)', async () => {
      const created = async (ref: string) => Date.parse((await docker('image', 'inspect', '--format', '{{.Created}}', ref)).trim());
      const [base, web, db, built] = await Promise.all([fx.base, fx.web, fx.db, fx.built].map(created));
      expect(web - base).toBeGreaterThanOrEqual(1000);
      expect(db - web).toBeGreaterThanOrEqual(1000);
      expect(built - db).toBeGreaterThanOrEqual(1000);
      const since = lines(await docker('images', '--filter', `since=${fx.db}`, '--format', '{{.Repository}}:{{.Tag}}'));
      expect(since).toContain(fx.built);
      expect(since).not.toContain(fx.web);
    });

    it('the digested image has a RepoDigest from the loopback registry', async () => {
      const digests: string[] = JSON.parse(await docker('image', 'inspect', '--format', '{{json .RepoDigests}}', fx.digested));
      expect(digests).toHaveLength(1);
      expect(digests[0]).toMatch(new RegExp(`^${fx.digestedRepo.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`));
    });

    it('the digest-only repository has a digest but no tag', async () => {
      const rows = lines(await docker('images', '--digests', '--format', '{{.Tag}} {{.Digest}}', fx.digestOnlyRepo));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatch(/^<none> sha256:[0-9a-f]{64}$/);
      if (env.digestOnlyRef) expect(env.digestOnlyRef).toBe(`${fx.digestOnlyRepo}@${rows[0].split(' ')[1]}`);
    });
  });

  describe('registries', () => {
    it('open registry answers /v2/ with 200', async () => {
      const r = await fetch(`http://${env.registry}/v2/`);
      expect(r.status).toBe(200);
      expect(r.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
    });

    it('auth registry answers 401 without and 200 with credentials', async () => {
      const anon = await fetch(`http://${env.authRegistry}/v2/`);
      expect(anon.status).toBe(401);
      expect(anon.headers.get('www-authenticate') ?? '').toMatch(/^Basic realm=/);
      const basic = Buffer.from(`${env.user}:${env.password}`).toString('base64');
      const authed = await fetch(`http://${env.authRegistry}/v2/`, { headers: { Authorization: `Basic ${basic}` } });
      expect(authed.status).toBe(200);
      const wrong = await fetch(`http://${env.authRegistry}/v2/`, {
        headers: { Authorization: `Basic ${Buffer.from(`${env.user}:nope`).toString('base64')}` },
      });
      expect(wrong.status).toBe(401);
    });

    it('registry-only fixtures are available for pull tests', async () => {
      const tags = await (await fetch(`http://${env.registry}/v2/${fx.namespace}/remote/tags/list`)).json();
      expect(tags).toEqual({ name: `${fx.namespace}/remote`, tags: ['1'] });
      const basic = Buffer.from(`${env.user}:${env.password}`).toString('base64');
      const priv = await fetch(`http://${env.authRegistry}/v2/${fx.namespace}/private/tags/list`, {
        headers: { Authorization: `Basic ${basic}` },
      });
      expect(priv.status).toBe(200);
      expect(await priv.json()).toEqual({ name: `${fx.namespace}/private`, tags: ['1'] });
    });
  });
});
