// "Copy as docker command" does what it says: the command lines shared/docker-command.ts builds for
// save, load, pull, push, tag, rmi and commit, pasted into a real POSIX shell and run with the real
// docker CLI against the test engine (push and pull through the open registry), do the same thing
// the action does: the archive holds the images, the tags appear and go, the commit carries its
// author, message and changes. Awkward values (spaces, quotes, $, newlines) go through on purpose.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commitCommand,
  loadCommand,
  pullCommand,
  pushCommand,
  rmiCommand,
  saveCommand,
  tagAndPushCommand,
  tagCommand,
} from '../../shared/docker-command';
import { cleanup, createdContainer, imageExists, imageIdOf, importImage, mustCli, NS, RUN, trackImage } from '../support/edit-fixtures';
import { runInShell } from '../support/shell-command';
import { loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
const stack = loadStackEnv();
const repo = (what: string) => `${NS}/shellcmd-${RUN}-${what}`;

async function mustRun(commandLine: string): Promise<string> {
  const r = await runInShell(commandLine);
  expect(r.code, `${commandLine}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

async function inspect(ref: string): Promise<any> {
  return JSON.parse(await mustCli(['image', 'inspect', ref]))[0];
}

/** The archive's manifest.json, read with tar (what `docker load` reads first). */
async function manifestOf(file: string): Promise<{ RepoTags: string[] | null; Config: string }[]> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('tar', ['-xOf', file, 'manifest.json']);
    let text = '';
    child.stdout.on('data', (b: Buffer) => (text += b.toString()));
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`tar exited ${code}`))));
  });
  return JSON.parse(out);
}

describe.skipIf(skipReason)('copied docker commands do what the action does', () => {
  let dir: string;
  let idA: string;
  let idB: string;
  const a = `${repo('a')}:1`;
  const b = `${repo('b')}:1`;

  beforeAll(async () => {
    // A folder name a shell would mangle unquoted: spaces, a quote, a dollar, a glob.
    dir = mkdtempSync(join(tmpdir(), "stevedore shell 'cmd' $HOME *-"));
    idA = await importImage(a);
    idB = await importImage(b);
  });

  afterAll(async () => {
    await cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('docker tag creates the new name on the same image, and docker rmi removes only that name', async () => {
    const target = `${repo('a')}:tagged`;
    await mustRun(tagCommand(a, target));
    expect(await imageIdOf(target)).toBe(idA);
    await mustRun(rmiCommand([target]));
    expect(await imageExists(target)).toBe(false);
    expect(await imageIdOf(a)).toBe(idA);
  });

  it('docker rmi -f --no-prune removes an image known by two names', async () => {
    const id = await importImage(`${repo('rmi')}:1`);
    await mustCli(['tag', `${repo('rmi')}:1`, `${repo('rmi')}:2`]);
    // Without -f the engine refuses an ID with two names; the copied command says -f, as chosen.
    await mustRun(rmiCommand([id.slice(7, 19)], { force: true, noPrune: true }));
    expect(await imageExists(id)).toBe(false);
    expect(await imageExists(`${repo('rmi')}:2`)).toBe(false);
  });

  it('docker save -o writes every named image to a file whose path needs quoting, and docker load -i brings them back', async () => {
    const file = join(dir, 'two images $(x).tar');
    await mustRun(saveCommand([a, b], file));
    expect(existsSync(file)).toBe(true);
    const manifest = await manifestOf(file);
    expect(manifest.flatMap((m) => m.RepoTags ?? []).sort()).toEqual([a, b].sort());

    await mustCli(['rmi', a, b]);
    expect(await imageExists(a)).toBe(false);
    const out = await mustRun(loadCommand(file));
    expect(out).toContain(`Loaded image: ${a}`);
    expect(await imageIdOf(a)).toBe(idA);
    expect(await imageIdOf(b)).toBe(idB);
  });

  it('docker commit records the author, a multi-line message with $ and quotes, and each change', async () => {
    const container = await createdContainer(`shellcmd-${RUN}`, a);
    const reference = `${repo('commit')}:1`;
    const author = `Ana O'Neil <ana@example.com>`;
    const message = 'first line\nsecond line with $HOME, `backticks` and "quotes"';
    const changes = [
      'ENV GREETING="hello world"',
      `LABEL org.example.note="it's here"`,
      'CMD ["sh", "-c", "echo $GREETING"]',
      'EXPOSE 8080/tcp',
      'WORKDIR /opt',
    ];
    const out = await mustRun(commitCommand({ container, reference, author, message, changes, pause: false }));
    trackImage(out.trim());
    const image = await inspect(reference);
    expect(image.Id).toBe(out.trim());
    expect(image.Author).toBe(author);
    expect(image.Comment).toBe(message);
    expect(image.Config.Env).toContain('GREETING=hello world');
    expect(image.Config.Labels['org.example.note']).toBe("it's here");
    expect(image.Config.Cmd).toEqual(['sh', '-c', 'echo $GREETING']);
    expect(image.Config.ExposedPorts).toEqual({ '8080/tcp': {} });
    expect(image.Config.WorkingDir).toBe('/opt');
  });

  it('docker push sends the image to the registry, and docker pull brings it back by name', async () => {
    const remote = `${stack.registry}/${NS}/shellcmd-${RUN}:1`;
    // "Push to local registry" is a tag then a push.
    await mustRun(tagAndPushCommand(a, remote));
    const tags = (await fetch(`http://${stack.registry}/v2/${NS}/shellcmd-${RUN}/tags/list`).then((r) => r.json())) as { tags: string[] };
    expect(tags.tags).toEqual(['1']);

    await mustCli(['rmi', remote]);
    expect(await imageExists(remote)).toBe(false);
    const out = await mustRun(pullCommand(remote));
    expect(out).toContain(`Status: Downloaded newer image for ${remote}`);
    expect(await imageIdOf(remote)).toBe(idA);
    // And pushing again is what the Push dialog's command does: the registry already has it.
    expect(await mustRun(pushCommand(remote))).toContain('Layer already exists');
    await mustCli(['rmi', remote]);
  });
});
