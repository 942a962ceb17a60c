import { describe, expect, it } from 'vitest';
import {
  basicCredentials,
  checkRepository,
  checkTag,
  hasCredentials,
  isLoopbackHost,
  parseChallenge,
  registryEndpoint,
  registryWords,
} from '../../electron/core/registries/registry-client';
import { MANIFEST_TYPES, nextFromLink, summarizeManifest } from '../../electron/core/registries/registry-browser';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'no error';
};

describe('registryEndpoint', () => {
  it('speaks plain HTTP to loopback registries, as the engine treats 127.0.0.0/8 as insecure', () => {
    expect(registryEndpoint('127.0.0.1:5001')).toEqual({ host: '127.0.0.1:5001', baseUrl: 'http://127.0.0.1:5001' });
    expect(registryEndpoint('localhost:5000')).toEqual({ host: 'localhost:5000', baseUrl: 'http://localhost:5000' });
    expect(registryEndpoint('127.9.8.7').baseUrl).toBe('http://127.9.8.7');
    expect(registryEndpoint('[::1]:5000').baseUrl).toBe('http://[::1]:5000');
  });

  it('speaks HTTPS to every other registry unless the address says http://', () => {
    expect(registryEndpoint('registry.example.com')).toEqual({ host: 'registry.example.com', baseUrl: 'https://registry.example.com' });
    expect(registryEndpoint('http://registry.example.com:5000/v2/')).toEqual({
      host: 'registry.example.com:5000',
      baseUrl: 'http://registry.example.com:5000',
    });
    expect(registryEndpoint('https://127.0.0.1:5443').baseUrl).toBe('https://127.0.0.1:5443');
  });

  it("sends Docker Hub's names to its v2 API host while keeping docker.io as the credential host", () => {
    for (const hub of ['docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'registry-1.docker.io']) {
      expect(registryEndpoint(hub)).toEqual({ host: 'docker.io', baseUrl: 'https://registry-1.docker.io' });
    }
  });

  it('refuses anything that would put user info, a query or spaces into the URL', () => {
    for (const bad of ['user:pw@evil.example', 'evil.example?x=1', 'a b', 'host:port', 'evil.example#frag']) {
      expect(codeOf(() => registryEndpoint(bad))).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('isLoopbackHost', () => {
  it('knows localhost, 127.0.0.0/8 and ::1, and nothing else', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.255.0.9', '::1', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['localhost.example.com', '1270.0.0.1', '128.0.0.1', 'example.com', '::2']) expect(isLoopbackHost(h)).toBe(false);
  });
});

describe('parseChallenge', () => {
  it("reads Docker Hub's Bearer challenge, commas inside quotes included", () => {
    expect(
      parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:team/app:pull,push"'),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:team/app:pull,push' },
    });
  });

  it('reads Basic challenges, unquoted values and escaped quotes', () => {
    expect(parseChallenge('Basic realm="basic-realm"')).toEqual({ scheme: 'basic', params: { realm: 'basic-realm' } });
    expect(parseChallenge('Bearer realm=https://t.example/token, service=reg')?.params).toEqual({
      realm: 'https://t.example/token',
      service: 'reg',
    });
    expect(parseChallenge('Bearer realm="a \\"quoted\\" realm"')?.params.realm).toBe('a "quoted" realm');
  });

  it('gives nothing for a missing header', () => {
    expect(parseChallenge(null)).toBeUndefined();
    expect(parseChallenge('')).toBeUndefined();
  });
});

describe('credentials for Basic auth', () => {
  it('takes user and password, or the base64 `auth` of config.json (a colon may be in the password)', () => {
    expect(basicCredentials({ username: 'me', password: 'pw' })).toEqual({ username: 'me', password: 'pw' });
    expect(basicCredentials({ auth: Buffer.from('me:p:w').toString('base64') })).toEqual({ username: 'me', password: 'p:w' });
  });

  it('has none for tokens only, an empty login, or an `auth` without a colon', () => {
    expect(basicCredentials({ identitytoken: 'tok' })).toBeUndefined();
    expect(basicCredentials(null)).toBeUndefined();
    expect(basicCredentials({ auth: Buffer.from('nocolon').toString('base64') })).toBeUndefined();
    expect(hasCredentials({ identitytoken: 'tok' })).toBe(true);
    expect(hasCredentials({ registrytoken: 'tok' })).toBe(true);
    expect(hasCredentials({ serveraddress: 'x' })).toBe(false);
  });
});

describe('registryWords', () => {
  it('prints the errors of a registry body as the docker CLI does (code in lower case with spaces: message)', () => {
    const body = JSON.stringify({
      errors: [
        { code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { Tag: 'x' } },
        { code: 'UNAUTHORIZED', message: 'authentication required' },
      ],
    });
    expect(registryWords(body, 'fallback')).toBe('manifest unknown: manifest unknown; unauthorized: authentication required');
  });

  it('falls back for bodies that are not registry errors', () => {
    expect(registryWords('<html>502 Bad Gateway</html>', '502 Bad Gateway')).toBe('502 Bad Gateway');
    expect(registryWords('{"errors":[]}', '404 Not Found')).toBe('404 Not Found');
    expect(registryWords('', '401 Unauthorized')).toBe('401 Unauthorized');
  });
});

describe('checkRepository and checkTag', () => {
  it('accept the reference grammar path components', () => {
    for (const ok of ['a', 'team/app', 'a.b/c_d/e--f', 'library/busybox', 'x__y']) expect(checkRepository(ok)).toBe(ok);
    expect(checkTag('v1.0-rc_1')).toBe('v1.0-rc_1');
  });

  it('refuse what could leave the repository path or is not a name', () => {
    for (const bad of ['', '../x', 'a/../b', 'A', 'a//b', 'a:b', 'a@b', '-a', 'a/', 'a?b', 'a%2fb', 'x'.repeat(256)]) {
      expect(codeOf(() => checkRepository(bad))).toBe('INVALID_ARGUMENT');
    }
    for (const bad of ['', '.x', '-x', 'a/b', 'a:b', 'x'.repeat(129)]) expect(codeOf(() => checkTag(bad))).toBe('INVALID_ARGUMENT');
  });
});

describe('nextFromLink', () => {
  it('reads `last` from the rel="next" link, relative or absolute, decoded', () => {
    expect(nextFromLink('</v2/_catalog?last=b&n=1>; rel="next"')).toBe('b');
    expect(nextFromLink('<https://reg.example/v2/_catalog?n=2&last=team%2Fapp>; rel=next')).toBe('team/app');
    expect(nextFromLink('</v2/x/tags/list?last=a>; rel="prev", </v2/x/tags/list?last=z>; rel="next"')).toBe('z');
  });

  it('gives nothing on the last page', () => {
    expect(nextFromLink(null)).toBeUndefined();
    expect(nextFromLink('</v2/_catalog?last=a>; rel="prev"')).toBeUndefined();
    expect(nextFromLink('</v2/_catalog?n=1>; rel="next"')).toBeUndefined();
  });
});

describe('summarizeManifest', () => {
  it('adds config and layer sizes of an image manifest (docker v2 or OCI)', () => {
    const body = { config: { size: 100 }, layers: [{ size: 1000 }, { size: 20 }] };
    expect(summarizeManifest(MANIFEST_TYPES.dockerV2, body)).toEqual({ size: 1120, layers: 2 });
    expect(summarizeManifest(MANIFEST_TYPES.ociManifest, body)).toEqual({ size: 1120, layers: 2 });
  });

  it('counts nothing for a manifest list or an OCI index (their images are separate manifests)', () => {
    const list = { manifests: [{ size: 500 }, { size: 600 }] };
    expect(summarizeManifest(MANIFEST_TYPES.dockerList, list)).toEqual({ size: 0, layers: 0 });
    expect(summarizeManifest(MANIFEST_TYPES.ociIndex, list)).toEqual({ size: 0, layers: 0 });
    expect(summarizeManifest('application/json', list)).toEqual({ size: 0, layers: 0 });
  });

  it('counts the layers of a schema 1 manifest, which carries no sizes', () => {
    expect(summarizeManifest('application/vnd.docker.distribution.manifest.v1+prettyjws', { fsLayers: [{}, {}, {}] })).toEqual({
      size: 0,
      layers: 3,
    });
  });
});
