import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_REGISTRY_LABEL, LocalRegistryOptions } from '../../shared/registries';
import { demuxLogs, engineIsLocal, errorLine, portInUse } from '../../electron/core/registries/local-registry';
import {
  containerSpec,
  containerState,
  hostPortOf,
  isRegistryContainer,
  isShared,
  asksForAuth,
} from '../../electron/core/registries/local-registry-container';
import { readRegistrySettings } from '../../electron/core/registries/local-registry-settings';

const options = (o: Record<string, unknown> = {}) => LocalRegistryOptions.parse(o);

describe('containerSpec', () => {
  it('is `docker run -d -p 127.0.0.1:5000:5000 --restart=always --name registry -v <volume>:/var/lib/registry registry:2` by default: loopback only', () => {
    expect(containerSpec(options())).toEqual({
      name: 'registry',
      Image: 'registry:2',
      Env: [],
      ExposedPorts: { '5000/tcp': {} },
      Labels: { [LOCAL_REGISTRY_LABEL]: 'true' },
      HostConfig: {
        RestartPolicy: { Name: 'always', MaximumRetryCount: 0 },
        NetworkMode: 'default',
        PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '5000' }] },
        Binds: ['stevedore-registry-data:/var/lib/registry'],
      },
    });
  });

  it('shared on the network publishes on every interface and asks for the htpasswd file, mounted read-only', () => {
    const spec = containerSpec(
      options({ shared: true, username: 'me', password: 'long-enough' }),
      '/data/local-registry-auth/registry.htpasswd',
    );
    expect(spec.HostConfig?.PortBindings).toEqual({ '5000/tcp': [{ HostIp: '', HostPort: '5000' }] });
    expect(spec.Env).toEqual([
      'REGISTRY_AUTH=htpasswd',
      'REGISTRY_AUTH_HTPASSWD_REALM=stevedore-registry',
      'REGISTRY_AUTH_HTPASSWD_PATH=/auth/htpasswd',
    ]);
    expect(spec.HostConfig?.Binds).toEqual([
      'stevedore-registry-data:/var/lib/registry',
      '/data/local-registry-auth/registry.htpasswd:/auth/htpasswd:ro',
    ]);
    // Never the password, in any form, in what the engine is told.
    expect(JSON.stringify(spec)).not.toContain('long-enough');
    // Shared without its file is a bug, not a registry open to the network.
    expect(() => containerSpec(options({ shared: true, username: 'me', password: 'long-enough' }))).toThrow(/htpasswd/);
  });

  it('shared with host networking listens on every address, with the same auth', () => {
    const spec = containerSpec(options({ port: 5056, hostNetwork: true, shared: true, username: 'me', password: 'long-enough' }), '/f');
    expect(spec.Env).toEqual([
      'REGISTRY_HTTP_ADDR=:5056',
      'REGISTRY_AUTH=htpasswd',
      'REGISTRY_AUTH_HTPASSWD_REALM=stevedore-registry',
      'REGISTRY_AUTH_HTPASSWD_PATH=/auth/htpasswd',
    ]);
    expect(spec.HostConfig?.PortBindings).toBeUndefined();
  });

  it('with host networking publishes nothing and makes the registry listen on loopback at the chosen port', () => {
    const spec = containerSpec(options({ port: 5055, hostNetwork: true, volume: '', containerName: 'mine' }));
    expect(spec.name).toBe('mine');
    expect(spec.Env).toEqual(['REGISTRY_HTTP_ADDR=127.0.0.1:5055']);
    expect(spec.ExposedPorts).toBeUndefined();
    expect(spec.HostConfig).toMatchObject({ NetworkMode: 'host', Binds: [] });
    expect(spec.HostConfig?.PortBindings).toBeUndefined();
  });
});

describe('hostPortOf', () => {
  it('reads the published port of 5000/tcp', () => {
    expect(
      hostPortOf({ Id: 'x', HostConfig: { NetworkMode: 'default', PortBindings: { '5000/tcp': [{ HostIp: '', HostPort: '5001' }] } } }),
    ).toBe(5001);
  });

  it('follows REGISTRY_HTTP_ADDR for the port inside, and is that port with host networking', () => {
    const env = (addr: string) => ({ Env: [`REGISTRY_HTTP_ADDR=${addr}`] });
    expect(hostPortOf({ Id: 'x', Config: env('127.0.0.1:5055'), HostConfig: { NetworkMode: 'host' } })).toBe(5055);
    expect(hostPortOf({ Id: 'x', Config: env(':6000'), HostConfig: { PortBindings: { '6000/tcp': [{ HostPort: '7000' }] } } })).toBe(7000);
    expect(hostPortOf({ Id: 'x', HostConfig: { NetworkMode: 'host' } })).toBe(5000);
  });

  it('is unknown when nothing is published', () => {
    expect(hostPortOf({ Id: 'x', HostConfig: { NetworkMode: 'none', PortBindings: {} } })).toBeUndefined();
  });
});

describe('isRegistryContainer', () => {
  it('recognises our label, the expected image, and any image named registry', () => {
    expect(
      isRegistryContainer({ Id: 'x', Config: { Image: 'sha256:abc', Labels: { [LOCAL_REGISTRY_LABEL]: 'true' } } }, 'registry:2'),
    ).toBe(true);
    expect(isRegistryContainer({ Id: 'x', Config: { Image: 'mirror.example/custom:1' } }, 'mirror.example/custom:1')).toBe(true);
    for (const image of ['registry', 'registry:2', 'docker.io/library/registry:2.8', 'mirror.example/team/registry:3']) {
      expect(isRegistryContainer({ Id: 'x', Config: { Image: image } }, 'registry:2')).toBe(true);
    }
  });

  it('does not take other containers for a registry', () => {
    for (const image of ['busybox', 'registry-ui:1', 'team/registry-proxy', '']) {
      expect(isRegistryContainer({ Id: 'x', Config: { Image: image, Labels: null } }, 'registry:2')).toBe(false);
    }
  });
});

describe('the deploy request', () => {
  it('is local-only unless shared is asked for, and sharing needs a user and a password', () => {
    expect(options()).toMatchObject({ shared: false });
    expect(LocalRegistryOptions.safeParse({ shared: true }).success).toBe(false);
    expect(LocalRegistryOptions.safeParse({ shared: true, username: 'me' }).success).toBe(false);
    expect(LocalRegistryOptions.safeParse({ shared: true, username: 'me', password: 'long-enough' }).success).toBe(true);
    // A user or password without sharing would be a registry that looks protected and is not shared: refused.
    expect(LocalRegistryOptions.safeParse({ username: 'me', password: 'long-enough' }).success).toBe(false);
  });

  it('refuses a user the htpasswd format cannot hold and a password bcrypt would cut', () => {
    const shared = (username: string, password: string) => LocalRegistryOptions.safeParse({ shared: true, username, password }).success;
    for (const bad of ['a:b', 'a b', 'a\nb', '', '-x']) expect(shared(bad, 'long-enough')).toBe(false);
    expect(shared('me', 'short')).toBe(false);
    expect(shared('me', 'x'.repeat(72))).toBe(true);
    expect(shared('me', 'x'.repeat(73))).toBe(false);
    expect(shared('me', 'é'.repeat(37))).toBe(false); // 74 bytes in UTF-8
    expect(shared('me', 'two\nlines!')).toBe(false);
  });
});

describe('isShared and asksForAuth', () => {
  const published = (HostIp: string) => ({
    Id: 'x',
    HostConfig: { NetworkMode: 'default', PortBindings: { '5000/tcp': [{ HostIp, HostPort: '5000' }] } },
  });
  const host = (addr: string) => ({ Id: 'x', Config: { Env: [`REGISTRY_HTTP_ADDR=${addr}`] }, HostConfig: { NetworkMode: 'host' } });

  it('a port published on loopback, or a loopback listen address, is this machine only', () => {
    for (const info of [published('127.0.0.1'), published('::1'), host('127.0.0.1:5050'), host('localhost:5050')])
      expect(isShared(info)).toBe(false);
  });

  it("every interface (the seed's `-p 5000:5000`), another address, or listening everywhere is shared", () => {
    for (const info of [
      published(''),
      published('0.0.0.0'),
      published('::'),
      published('192.168.1.10'),
      host(':5050'),
      host('0.0.0.0:5050'),
    ]) {
      expect(isShared(info)).toBe(true);
    }
    expect(isShared({ Id: 'x', HostConfig: { NetworkMode: 'host' } })).toBe(true); // the registry's default :5000
  });

  it("reads auth from the registry's REGISTRY_AUTH variable", () => {
    expect(asksForAuth({ Id: 'x', Config: { Env: ['REGISTRY_AUTH=htpasswd'] } })).toBe(true);
    expect(asksForAuth({ Id: 'x', Config: { Env: ['PATH=/bin'] } })).toBe(false);
  });
});

describe('containerState', () => {
  it('is restarting while the engine waits to run an exited container again, though it still says Running', () => {
    expect(containerState({ Id: 'x', State: { Running: true, Restarting: true, ExitCode: 1 } })).toBe('restarting');
    expect(containerState({ Id: 'x', State: { Running: true, Restarting: false } })).toBe('running');
    expect(containerState({ Id: 'x', State: { Running: false, Restarting: false, ExitCode: 2 } })).toBe('stopped');
  });
});

describe('errorLine', () => {
  it('picks the last line that names an error, not the usage the registry prints after it', () => {
    const tail =
      'configuration error: invalid loglevel bogus\nUsage:\n  registry serve <config> [flags]\n\nFlags:\n  -h, --help   help for serve\n';
    expect(errorLine(tail)).toBe('configuration error: invalid loglevel bogus');
    expect(
      errorLine('level=info msg="redis not configured"\nlevel=fatal msg="listen tcp 127.0.0.1:5058: bind: address already in use"\n'),
    ).toBe('level=fatal msg="listen tcp 127.0.0.1:5058: bind: address already in use"');
  });

  it('is the last line when none names an error, and empty for no output', () => {
    expect(errorLine('starting\nexiting\n')).toBe('exiting');
    expect(errorLine('')).toBe('');
  });
});

describe('engineIsLocal', () => {
  it('is true for sockets and loopback TCP, false for remote engines', () => {
    for (const h of ['unix:///var/run/docker.sock', 'npipe:////./pipe/docker_engine', 'tcp://127.0.0.1:2375', 'tcp://localhost:2376']) {
      expect(engineIsLocal(h)).toBe(true);
    }
    for (const h of ['tcp://docker.example:2376', 'ssh://me@host', 'tcp://127.0.0.1.example:2375']) expect(engineIsLocal(h)).toBe(false);
  });
});

describe('demuxLogs', () => {
  const frame = (stream: number, text: string) => {
    const payload = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = stream;
    head.writeUInt32BE(payload.length, 4);
    return Buffer.concat([head, payload]);
  };

  it('joins stdout and stderr frames of the engine log stream', () => {
    expect(demuxLogs(Buffer.concat([frame(1, 'listening\n'), frame(2, 'bind: address already in use\n')]))).toBe(
      'listening\nbind: address already in use\n',
    );
  });

  it('passes a TTY container log through', () => {
    expect(demuxLogs(Buffer.from('plain text\n'))).toBe('plain text\n');
  });
});

describe('portInUse', () => {
  it('sees a listener on the loopback port and not a free port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    expect(await portInUse(port)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await portInUse(port)).toBe(false);
  });
});

describe('readRegistrySettings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-lr-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is empty when there is no file or it is not JSON', async () => {
    expect(await readRegistrySettings(join(dir, 'absent'))).toEqual({ registries: {} });
    writeFileSync(join(dir, 'local-registry.json'), '{not json');
    expect(await readRegistrySettings(dir)).toEqual({ registries: {} });
  });

  it('keeps only entries that are valid options filed under their own name', async () => {
    writeFileSync(
      join(dir, 'local-registry.json'),
      JSON.stringify({
        registries: {
          good: { port: 5050, containerName: 'good', volume: 'v', hostNetwork: true, image: 'registry:2' },
          renamed: { port: 5051, containerName: 'other', volume: 'v', hostNetwork: false, image: 'registry:2' },
          bad: { port: 'x', containerName: 'bad' },
        },
      }),
    );
    expect(Object.keys((await readRegistrySettings(dir)).registries)).toEqual(['good']);
  });

  it('reads a file from before "Share on my network" as local-only, and never keeps a password', async () => {
    writeFileSync(
      join(dir, 'local-registry.json'),
      JSON.stringify({
        registries: {
          old: { port: 5050, containerName: 'old', volume: 'v', hostNetwork: false, image: 'registry:2' },
          shared: {
            port: 5051,
            containerName: 'shared',
            volume: 'v',
            hostNetwork: false,
            image: 'registry:2',
            shared: true,
            username: 'me',
          },
          leaked: {
            port: 5052,
            containerName: 'leaked',
            volume: 'v',
            hostNetwork: false,
            image: 'registry:2',
            shared: true,
            username: 'me',
            password: 'x',
          },
        },
      }),
    );
    const { registries } = await readRegistrySettings(dir);
    expect(registries.old).toMatchObject({ shared: false });
    expect(registries.old?.username).toBeUndefined();
    expect(registries.shared).toMatchObject({ shared: true, username: 'me' });
    // A file that holds a password is not one Stevedore wrote: not trusted.
    expect(registries.leaked).toBeUndefined();
  });
});
