import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitResult, ContainerRow, JobSnapshot } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { engineCall } from '../../electron/core/engine/engine-api';
import { engineMessage } from '../../electron/core/engine/engine-errors';
import { StevedoreCore } from '../../electron/core/service';
import {
  cleanup,
  cli,
  containerName,
  importImage,
  mustCli,
  NS,
  RUN,
  runningContainer,
  ranContainer,
  trackImage,
} from '../support/edit-fixtures';
import { loadStackEnv, requireEngine } from '../support/stack';

// Mirrors moby's commit tests (integration-cli/docker_cli_commit_test.go, integration/container/commit_test.go).
const skipReason = requireEngine();
const stack = loadStackEnv();
let core: StevedoreCore;
let base: string;
let running: string;

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = await core.handle(channel, request);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function commit(request: Record<string, unknown>): Promise<{ job: JobSnapshot; result: CommitResult }> {
  const { jobId } = await call<{ jobId: string }>('images.commit', request);
  const job = await core.jobs.wait(jobId);
  expect(job.error).toBeUndefined();
  expect(job.state).toBe('succeeded');
  const result = job.result as CommitResult;
  trackImage(result.id);
  return { job, result };
}

async function inspect(id: string): Promise<Record<string, any>> {
  return JSON.parse(await mustCli(['image', 'inspect', '--format', '{{json .}}', id]));
}

/** Container events of one container between two instants (a finite /events read). */
async function containerActions(id: string, since: number, until: number): Promise<string[]> {
  const text = await engineCall<string | object | null>(core.engine.docker, {
    method: 'GET',
    path: '/events',
    query: {
      since: String(since),
      until: String(until),
      filters: JSON.stringify({ container: { [id]: true }, type: { container: true } }),
    },
  });
  const raw = typeof text === 'string' ? text : text ? JSON.stringify(text) : '';
  return raw
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l).Action as string);
}

describe.skipIf(Boolean(skipReason))('commit against the real engine', () => {
  beforeAll(async () => {
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
    base = await importImage(`${NS}/edit-commit-base-${RUN}:1`, { busybox: true, labels: { 'org.stevedore.edit.origin': 'base' } });
    running = await runningContainer('commit-running', `${NS}/edit-commit-base-${RUN}:1`);
  });
  afterAll(async () => {
    core?.dispose();
    await cleanup();
  });

  it('lists every container with name, image, state, status and creation time', async () => {
    const exited = await ranContainer('commit-exited', base, ['true']);
    const rows = await call<ContainerRow[]>('containers.list', {});
    const mine = rows.filter((r) => r.name.startsWith(`stevedore-edit-${RUN}-commit-`));
    expect(mine.find((r) => r.id === running)).toMatchObject({
      name: containerName('commit-running'),
      image: `${NS}/edit-commit-base-${RUN}:1`,
      imageId: base,
      state: 'running',
      status: expect.stringMatching(/^Up /),
      created: expect.any(Number),
    });
    expect(mine.find((r) => r.id === exited)).toMatchObject({ state: 'exited', status: expect.stringMatching(/^Exited \(0\)/) });
  });

  it('commits author, message and every kind of change, verified on the new image (TestCommitChange)', async () => {
    const ref = `${NS}/edit-commit-all-${RUN}:v1`;
    const { job, result } = await commit({
      container: running,
      reference: ref,
      author: 'Stevedore Test <test@stevedore.invalid>',
      message: 'committed by the edit tests',
      changes: [
        'EXPOSE 8080',
        'ENV DEBUG true',
        'ENV test 1',
        'ENV PATH /foo',
        'LABEL foo bar',
        'CMD ["/bin/sh"]',
        'WORKDIR /opt',
        'ENTRYPOINT ["/bin/sh"]',
        'USER testuser',
        'VOLUME /var/lib/docker',
        'ONBUILD /usr/local/bin/python-build --dir /app/src',
        'HEALTHCHECK --interval=5s CMD ["true"]',
      ],
    });
    expect(result).toEqual({ id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), reference: ref });
    expect(job.messages).toEqual([result.id]);
    const img = await inspect(result.id);
    expect(img.RepoTags).toEqual([ref]);
    expect(img.Author).toBe('Stevedore Test <test@stevedore.invalid>');
    expect(img.Comment).toBe('committed by the edit tests');
    expect(img.Parent).toBe(base);
    expect(img.Config.ExposedPorts).toEqual({ '8080/tcp': {} });
    expect(img.Config.Env).toEqual(['PATH=/foo', 'DEBUG=true', 'test=1']);
    expect(img.Config.Labels).toMatchObject({ foo: 'bar', 'org.stevedore.edit.origin': 'base' });
    expect(img.Config.Cmd).toEqual(['/bin/sh']);
    expect(img.Config.WorkingDir).toBe('/opt');
    expect(img.Config.Entrypoint).toEqual(['/bin/sh']);
    expect(img.Config.User).toBe('testuser');
    expect(img.Config.Volumes).toEqual({ '/var/lib/docker': {} });
    expect(img.Config.OnBuild).toEqual(['/usr/local/bin/python-build --dir /app/src']);
    expect(img.Config.Healthcheck).toEqual({ Test: ['CMD', 'true'], Interval: 5_000_000_000 });
    expect((await mustCli(['history', '--format', '{{.Comment}}', result.id])).split('\n')[0]).toBe('committed by the edit tests');
  });

  it('ENV expands from the image it was built on (TestCommitInheritsEnv)', async () => {
    const { result } = await commit({ container: running, changes: ['ENV PATH=/usr/bin:$PATH'] });
    expect((await inspect(result.id)).Config.Env).toEqual(['PATH=/usr/bin:/bin']);
  });

  it('without a reference the new image is dangling, and its ID is what `docker commit` would print', async () => {
    const { result } = await commit({ container: running });
    expect(result.reference).toBeUndefined();
    const img = await inspect(result.id);
    expect(img.RepoTags).toEqual([]);
    expect(img.Id).toBe(result.id);
    const viaCli = await mustCli(['commit', running]);
    trackImage(viaCli);
    expect(viaCli).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('refuses a change the engine would refuse before any request, in the engine words', async () => {
    const jobsBefore = core.jobs.list().length;
    const r = await core.handle('images.commit', { container: running, changes: ['ENV a=b', 'RUN echo hi'] });
    expect(r).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'run is not a valid change command', detail: { part: 'change' } },
    });
    expect(core.jobs.list().length).toBe(jobsBefore);
    // The engine's own answer to the same change, sent raw.
    try {
      await engineCall(core.engine.docker, {
        method: 'POST',
        path: '/commit',
        query: { container: running, changes: ['ENV a=b', 'RUN echo hi'] },
      });
      expect.unreachable('the engine accepted RUN');
    } catch (err) {
      expect(engineMessage(err)).toBe('run is not a valid change command');
    }
    const bad = await core.handle('images.commit', { container: running, reference: 'Foo' });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REFERENCE', message: 'invalid reference format: repository name must be lowercase' },
    });
    const digest = await core.handle('images.commit', { container: running, reference: `x@sha256:${'a'.repeat(64)}` });
    expect(digest).toMatchObject({ ok: false, error: { message: 'refusing to create a tag with a digest reference' } });
    expect(core.jobs.list().length).toBe(jobsBefore);
  });

  it('an unknown container fails the job with the engine words', async () => {
    const { jobId } = await call<{ jobId: string }>('images.commit', { container: `stevedore-edit-${RUN}-nope` });
    const job = await core.jobs.wait(jobId);
    expect(job).toMatchObject({ state: 'failed', error: { code: 'NOT_FOUND', message: `No such container: stevedore-edit-${RUN}-nope` } });
  });

  it('pauses a running container while committing, unless pause is off', async () => {
    const t0 = Math.floor(Date.now() / 1000) - 1;
    await commit({ container: running, pause: true });
    const t1 = Math.floor(Date.now() / 1000) + 1;
    const paused = await containerActions(running, t0, t1);
    expect(paused).toEqual(expect.arrayContaining(['pause', 'unpause']));
    expect(paused.indexOf('pause')).toBeLessThan(paused.indexOf('unpause'));

    // Leave a second between the windows so the two reads cannot overlap.
    await new Promise((r) => setTimeout(r, 1100));
    const t2 = Math.floor(Date.now() / 1000);
    await commit({ container: running, pause: false });
    const t3 = Math.floor(Date.now() / 1000) + 1;
    const actions = await containerActions(running, t2, t3);
    expect(actions).toContain('commit');
    expect(actions).not.toContain('pause');
    expect((await mustCli(['inspect', '--format', '{{.State.Running}} {{.State.Paused}}', running])).trim()).toBe('true false');
  });

  it('committing a paused container leaves it paused (TestCommitPausedContainer)', async () => {
    await mustCli(['pause', running]);
    try {
      await commit({ container: running });
      expect((await mustCli(['inspect', '--format', '{{.State.Paused}}', running])).trim()).toBe('true');
    } finally {
      await cli(['unpause', running]);
    }
  });
});
