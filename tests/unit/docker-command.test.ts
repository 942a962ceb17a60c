// "Copy as docker command": the command lines every action is equivalent to, and POSIX quoting
// that a real shell reads back as exactly the words that were quoted.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  commandLine,
  commitCommand,
  historyCommand,
  imagesCommand,
  inspectCommand,
  loadCommand,
  loginCommand,
  logoutCommand,
  placeholder,
  pruneCommand,
  pullCommand,
  pushCommand,
  registryRunCommand,
  rmiCommand,
  saveCommand,
  searchCommand,
  shellQuote,
  tagAndPushCommand,
  tagCommand,
} from '../../shared/docker-command';

/** The words /bin/sh makes of a command line's arguments (NUL-separated, so newlines survive). */
function wordsAsShellReadsThem(args: string): string[] {
  const r = spawnSync('sh', ['-c', `printf '%s\\0' ${args}`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: '/nonexistent', X: 'expanded' },
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\0').slice(0, -1);
}

const TRICKY = [
  'plain',
  'with space',
  "it's",
  '"double"',
  '$HOME and ${X} and $(echo no) and `echo no`',
  'line one\nline two',
  'tab\there',
  'back\\slash',
  '*.tar',
  '~/file',
  '!history',
  '{a,b}',
  'semi;colon & amp | pipe > out < in',
  '#not a comment',
  "''",
  '',
  'ünïcödé ✓',
];

describe('shell quoting', () => {
  it.each(TRICKY)('a POSIX shell reads %j back unchanged', (s) => {
    expect(wordsAsShellReadsThem(shellQuote(s))).toEqual([s]);
  });

  it('leaves words without special characters bare, as people type them', () => {
    for (const s of ['busybox:1.36', 'localhost:5000/team/app@sha256:abc', 'label=a=b', '/tmp/x.tar', 'until=24h', '-f']) {
      expect(shellQuote(s)).toBe(s);
    }
  });

  it('quotes with single quotes, closing and escaping an embedded one', () => {
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$HOME')).toBe("'$HOME'");
    expect(shellQuote('')).toBe("''");
  });

  it('keeps all words of a whole command line apart, and placeholders bare', () => {
    const words = ['docker', 'commit', '--message', 'two\nlines', '--change', 'ENV A="x y"', 'c'];
    expect(wordsAsShellReadsThem(commandLine(words))).toEqual(words);
    expect(commandLine(['docker', 'tag', 'a', placeholder('TARGET')])).toBe('docker tag a TARGET');
  });
});

describe('the command of each action', () => {
  it('docker images with every list option, -q instead of --format', () => {
    expect(imagesCommand()).toBe('docker images');
    expect(
      imagesCommand({
        all: true,
        digests: true,
        noTrunc: true,
        filters: ['dangling=true', 'label=a b'],
        format: 'table {{.ID}}\\t{{.Size}}',
      }),
    ).toBe("docker images -a --digests --no-trunc --filter dangling=true --filter 'label=a b' --format 'table {{.ID}}\\t{{.Size}}'");
    expect(imagesCommand({ quiet: true, format: '{{.ID}}' })).toBe('docker images -q');
  });

  it('docker save -o FILE with every name, and load -i FILE', () => {
    expect(saveCommand(['a:1', 'b@sha256:00'], '/tmp/my images.tar')).toBe("docker save -o '/tmp/my images.tar' a:1 b@sha256:00");
    expect(saveCommand([], undefined)).toBe('docker save -o FILE IMAGE');
    expect(loadCommand('/tmp/x.tar')).toBe('docker load -i /tmp/x.tar');
    expect(loadCommand(undefined, { quiet: true })).toBe('docker load -i FILE -q');
  });

  it('docker pull and push, with -a and --platform', () => {
    expect(pullCommand('busybox:1.36')).toBe('docker pull busybox:1.36');
    expect(pullCommand('team/app', { allTags: true, platform: 'linux/arm64' })).toBe('docker pull -a --platform linux/arm64 team/app');
    expect(pullCommand('')).toBe('docker pull NAME[:TAG]');
    expect(pushCommand('localhost:5000/app:1')).toBe('docker push localhost:5000/app:1');
    expect(pushCommand('app', { allTags: true })).toBe('docker push -a app');
  });

  it('docker tag, and tag then push for the local registry', () => {
    expect(tagCommand('busybox:1.36', 'me/bb:x')).toBe('docker tag busybox:1.36 me/bb:x');
    expect(tagCommand('busybox:1.36', '')).toBe('docker tag busybox:1.36 TARGET');
    expect(tagAndPushCommand('app:1', 'localhost:5000/app:1')).toBe(
      'docker tag app:1 localhost:5000/app:1 && docker push localhost:5000/app:1',
    );
  });

  it('docker rmi with -f and --no-prune', () => {
    expect(rmiCommand(['a:1', 'b'])).toBe('docker rmi a:1 b');
    expect(rmiCommand(['a:1'], { force: true, noPrune: true })).toBe('docker rmi -f --no-prune a:1');
  });

  it('docker image prune as confirmed in the dialog', () => {
    expect(pruneCommand({ all: true, filters: ['until=24h'] })).toBe('docker image prune -a --filter until=24h -f');
  });

  it('docker commit with author, a multi-line message, each change and --pause=false', () => {
    expect(
      commitCommand({
        container: 'web',
        reference: 'me/web:2',
        author: 'Ana <a@x>',
        message: 'fix\n$PATH',
        changes: ['ENV A=1', 'CMD ["sh"]'],
        pause: false,
      }),
    ).toBe(`docker commit --author 'Ana <a@x>' --message 'fix\n$PATH' --change 'ENV A=1' --change 'CMD ["sh"]' --pause=false web me/web:2`);
    expect(commitCommand({ container: '', changes: [], pause: true })).toBe('docker commit CONTAINER');
  });

  it('docker search and history with their options', () => {
    expect(searchCommand('a b', { filters: ['stars=3'], limit: 100, noTrunc: true, format: '{{.Name}}' })).toBe(
      "docker search --filter stars=3 --limit 100 --no-trunc --format '{{.Name}}' 'a b'",
    );
    expect(searchCommand('')).toBe('docker search TERM');
    expect(historyCommand('busybox:latest')).toBe('docker history busybox:latest');
    expect(historyCommand('x', { noTrunc: true, human: false, quiet: true })).toBe('docker history --no-trunc -H=false -q x');
    expect(inspectCommand('x:1')).toBe('docker image inspect x:1');
  });

  it('docker login never carries a password: the CLI asks for it, or reads it from stdin', () => {
    expect(loginCommand('127.0.0.1:5002', { username: 'stevedore' })).toBe('docker login -u stevedore 127.0.0.1:5002');
    expect(loginCommand('127.0.0.1:5002', { username: 'stevedore', passwordStdin: true })).toBe(
      'docker login -u stevedore --password-stdin 127.0.0.1:5002',
    );
    // Docker Hub is the CLI's default server: no name on the line.
    expect(loginCommand('docker.io', { username: 'me' })).toBe('docker login -u me');
    expect(logoutCommand('https://index.docker.io/v1/')).toBe('docker logout');
    expect(logoutCommand('reg.example:5000')).toBe('docker logout reg.example:5000');
  });

  it('the local registry as Stevedore deploys it: published on 127.0.0.1 only, or on the host network listening on loopback', () => {
    expect(registryRunCommand()).toBe(
      'docker run -d -p 127.0.0.1:5000:5000 --restart=always --name registry -v stevedore-registry-data:/var/lib/registry --label org.stevedore.local-registry=true registry:2',
    );
    expect(registryRunCommand({ port: 5050, hostNetwork: true, volume: '', containerName: 'reg' })).toBe(
      'docker run -d --network host -e REGISTRY_HTTP_ADDR=127.0.0.1:5050 --restart=always --name reg --label org.stevedore.local-registry=true registry:2',
    );
  });

  it('a registry shared on the network: every interface, the htpasswd file read-only and the auth variables', () => {
    expect(registryRunCommand({ shared: true, authFile: '/home/me/.config/Stevedore/local-registry-auth/registry.htpasswd' })).toBe(
      'docker run -d -p 5000:5000 --restart=always --name registry -v stevedore-registry-data:/var/lib/registry' +
        ' -v /home/me/.config/Stevedore/local-registry-auth/registry.htpasswd:/auth/htpasswd:ro' +
        ' -e REGISTRY_AUTH=htpasswd -e REGISTRY_AUTH_HTPASSWD_REALM=stevedore-registry -e REGISTRY_AUTH_HTPASSWD_PATH=/auth/htpasswd' +
        ' --label org.stevedore.local-registry=true registry:2',
    );
    // A data folder with a space is one quoted word; an unknown one is a bare placeholder.
    expect(
      registryRunCommand({
        shared: true,
        hostNetwork: true,
        port: 5051,
        volume: '',
        authFile: '/Users/me/Library/Application Support/Stevedore/r.htpasswd',
      }),
    ).toBe(
      "docker run -d --network host -e REGISTRY_HTTP_ADDR=:5051 --restart=always --name registry -v '/Users/me/Library/Application Support/Stevedore/r.htpasswd:/auth/htpasswd:ro'" +
        ' -e REGISTRY_AUTH=htpasswd -e REGISTRY_AUTH_HTPASSWD_REALM=stevedore-registry -e REGISTRY_AUTH_HTPASSWD_PATH=/auth/htpasswd' +
        ' --label org.stevedore.local-registry=true registry:2',
    );
    expect(registryRunCommand({ shared: true })).toContain(' -v HTPASSWD_FILE:/auth/htpasswd:ro ');
  });
});
