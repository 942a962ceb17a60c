// The pure parts of the Registries UI: the docker commands shown, the deploy form's checks, the
// references the browser pulls, and what a finished push job offers.
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en/index';
import es from '../../../renderer/src/i18n/es/index';
import type { JobSnapshot } from '../../../shared/contract';
import { LocalRegistryOptions } from '../../../shared/contract';
import {
  deployCommand,
  deployOptions,
  loginTargetOf,
  mergeRepositories,
  orderTags,
  pullReference,
  pushResultOf,
  rowReferenceByKey,
  storeText,
} from '../../../renderer/src/features/registries/registries-model';
import { layerDone, layerFraction } from '../../../renderer/src/features/jobs/job-model';
import { row } from './fake-api';

const DIGEST = `sha256:${'d'.repeat(64)}`;

const job = (p: Partial<JobSnapshot>): JobSnapshot => ({
  id: 'j1',
  kind: 'push',
  title: 'Push x',
  state: 'running',
  current: 0,
  total: 0,
  layers: [],
  messages: [],
  startedAt: 1,
  ...p,
});

describe('the deploy command', () => {
  it('is the deploy with the form as typed: published on 127.0.0.1, or its host-network form on loopback', () => {
    const draft = { port: '5000', containerName: 'registry', volume: 'stevedore-registry-data', hostNetwork: false };
    expect(deployCommand(draft)).toBe(
      'docker run -d -p 127.0.0.1:5000:5000 --restart=always --name registry -v stevedore-registry-data:/var/lib/registry --label org.stevedore.local-registry=true registry:2',
    );
    expect(
      deployCommand({ port: ' 5041 ', containerName: ' reg ', volume: '', hostNetwork: true, image: ' mirror.example/registry:3 ' }),
    ).toBe(
      'docker run -d --network host -e REGISTRY_HTTP_ADDR=127.0.0.1:5041 --restart=always --name reg --label org.stevedore.local-registry=true mirror.example/registry:3',
    );
  });

  it('shared: every interface, the htpasswd file Stevedore keeps, the auth variables, and never the password', () => {
    const draft = {
      port: '5000',
      containerName: 'registry',
      volume: '',
      hostNetwork: false,
      shared: true,
      username: 'me',
      password: 'hunter2-hunter2',
    };
    const command = deployCommand(draft, '/data/local-registry-auth/registry.htpasswd');
    expect(command).toBe(
      'docker run -d -p 5000:5000 --restart=always --name registry -v /data/local-registry-auth/registry.htpasswd:/auth/htpasswd:ro' +
        ' -e REGISTRY_AUTH=htpasswd -e REGISTRY_AUTH_HTPASSWD_REALM=stevedore-registry -e REGISTRY_AUTH_HTPASSWD_PATH=/auth/htpasswd' +
        ' --label org.stevedore.local-registry=true registry:2',
    );
    expect(command).not.toContain('hunter2');
  });

  it('names the default container while the name is empty, and quotes what a shell would not take', () => {
    expect(deployCommand({ port: '5x', containerName: '', volume: 'my data', hostNetwork: false })).toBe(
      "docker run -d -p 127.0.0.1:5x:5000 --restart=always --name registry -v 'my data:/var/lib/registry' --label org.stevedore.local-registry=true registry:2",
    );
  });
});

describe('the deploy form', () => {
  it('gives options core accepts, trimmed', () => {
    const r = deployOptions({ port: ' 5042 ', containerName: ' my-reg ', volume: '', hostNetwork: true });
    expect(r).toEqual({ ok: true, options: { port: 5042, containerName: 'my-reg', volume: '', hostNetwork: true } });
    if (r.ok) expect(LocalRegistryOptions.safeParse(r.options).success).toBe(true);
  });

  it('names each wrong field instead of sending it', () => {
    expect(deployOptions({ port: '0', containerName: '-x', volume: 'a b', hostNetwork: false })).toEqual({
      ok: false,
      errors: { port: 'port', containerName: 'name', volume: 'volume' },
    });
    expect(deployOptions({ port: '65536', containerName: 'ok', volume: 'v', hostNetwork: false })).toEqual({
      ok: false,
      errors: { port: 'port' },
    });
    expect(deployOptions({ port: '50.5', containerName: 'ok', volume: 'v', hostNetwork: false })).toEqual({
      ok: false,
      errors: { port: 'port' },
    });
    expect(deployOptions({ port: '5000', containerName: 'ok', volume: 'v', hostNetwork: false, image: 'reg istry' })).toEqual({
      ok: false,
      errors: { image: 'image' },
    });
  });

  it('sends a user and password only when sharing, and checks them as core and bcrypt would', () => {
    const base = { port: '5000', containerName: 'ok', volume: '', hostNetwork: false };
    // Typed, then sharing turned off again: nothing of it is sent.
    expect(deployOptions({ ...base, shared: false, username: 'me', password: 'long-enough' })).toEqual({
      ok: true,
      options: { port: 5000, containerName: 'ok', volume: '', hostNetwork: false },
    });
    const shared = deployOptions({ ...base, shared: true, username: ' me ', password: 'long enough ' });
    expect(shared).toEqual({
      ok: true,
      options: { port: 5000, containerName: 'ok', volume: '', hostNetwork: false, shared: true, username: 'me', password: 'long enough ' },
    });
    if (shared.ok) expect(LocalRegistryOptions.safeParse(shared.options).success).toBe(true);
    expect(deployOptions({ ...base, shared: true, username: 'a:b', password: 'short' })).toEqual({
      ok: false,
      errors: { username: 'username', password: 'password' },
    });
    expect(deployOptions({ ...base, shared: true, username: 'me', password: 'é'.repeat(37) })).toEqual({
      ok: false,
      errors: { password: 'password' },
    });
    expect(deployOptions({ ...base, shared: true, username: '', password: '' })).toEqual({
      ok: false,
      errors: { username: 'username', password: 'password' },
    });
  });

  it('has words for every field error, in English and Spanish', () => {
    for (const key of ['port', 'name', 'volume', 'image', 'username', 'password']) {
      expect(en.registries.local.invalid).toHaveProperty(key);
      expect(es.registries.local.invalid).toHaveProperty(key);
    }
  });
});

describe('registry names and references', () => {
  it('Docker Hub tags are pulled without a host; other registries with theirs', () => {
    expect(pullReference('docker.io', 'me/app', '1')).toBe('me/app:1');
    expect(pullReference('127.0.0.1:5001', 'team/app', 'latest')).toBe('127.0.0.1:5001/team/app:latest');
  });

  it('where credentials live: the helper program, config.json, or nowhere yet', () => {
    expect(storeText({ store: { kind: 'helper', helper: 'pass' } })).toBe('docker-credential-pass');
    expect(storeText({ store: { kind: 'file' } })).toBe('config.json');
    expect(storeText({ store: { kind: 'none' } })).toBe('');
  });

  it('an image row is pushed by the name a person would type for it', () => {
    const a = row('127.0.0.1:5001/app', '1');
    const b = row('<none>', '<none>', { id: `sha256:${'ab'.repeat(32)}` });
    expect(rowReferenceByKey({ view: [a], rows: [a, b] }, a.key)).toBe('127.0.0.1:5001/app:1');
    expect(rowReferenceByKey({ view: [a], rows: [a, b] }, b.key)).toBe('abababababab');
    expect(rowReferenceByKey({ view: [], rows: [] }, 'gone')).toBeNull();
  });
});

describe('what a finished push offers', () => {
  it('"Log in to <registry>" only for a failed job the registry refused for credentials', () => {
    const refused = job({
      state: 'failed',
      error: { code: 'UNAUTHORIZED', message: 'no basic auth credentials', detail: { registry: '127.0.0.1:5002' } },
    });
    expect(loginTargetOf(refused)).toBe('127.0.0.1:5002');
    expect(loginTargetOf({ ...refused, error: { code: 'UNAUTHORIZED', message: 'x' } })).toBeNull();
    expect(loginTargetOf({ ...refused, error: { code: 'NOT_FOUND', message: 'x', detail: { registry: 'r' } } })).toBeNull();
    expect(loginTargetOf({ ...refused, state: 'running' })).toBeNull();
  });

  it('the digest and size of a succeeded push, and nothing for other jobs', () => {
    const result = { reference: '127.0.0.1:5001/app:1', tag: '1', digest: DIGEST, size: 527 };
    expect(pushResultOf(job({ state: 'succeeded', result }))).toEqual(result);
    expect(pushResultOf(job({ state: 'succeeded', kind: 'pull', result }))).toBeNull();
    expect(pushResultOf(job({ state: 'failed', result }))).toBeNull();
    expect(pushResultOf(job({ state: 'succeeded', result: { reference: 'x' } }))).toBeNull();
  });
});

describe('a push job layers', () => {
  // Their statuses in the UI's language: tests/unit/renderer/engine-status.test.ts.
  it('count as done once pushed, already there or mounted, so a finished push shows every layer done', () => {
    for (const status of ['Pushed', 'Layer already exists', 'Mounted from team/base']) {
      expect(layerDone({ status })).toBe(true);
      expect(layerFraction({ status, current: 0, total: 0 })).toBe(1);
    }
    expect(layerDone({ status: 'Pushing' })).toBe(false);
    expect(layerFraction({ status: 'Pushing', current: 50, total: 200 })).toBe(0.25);
  });
});

describe('the browser lists', () => {
  it('catalog pages append, each repository once', () => {
    expect(mergeRepositories(['a', 'b'], ['b', 'c', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('tags in lexical order with latest first', () => {
    expect(orderTags(['b', 'latest', 'a', '1.0'])).toEqual(['latest', '1.0', 'a', 'b']);
  });
});

describe('strings', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
  it('every registries string exists in English and Spanish, and Spanish is translated', () => {
    const enKeys = keys(en.registries).sort();
    // Spanish has one plural form more (`_many`: "1.000.000 repositorios"); i18n-spanish.test.ts checks every form.
    expect(
      keys(es.registries)
        .filter((k) => !k.endsWith('_many'))
        .sort(),
    ).toEqual(enKeys);
    expect(es.registries.login.password).not.toBe(en.registries.login.password);
  });
});
