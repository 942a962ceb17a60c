import { describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../shared/contract';
import { CoreError } from '../../electron/core/engine/engine-errors';
import { JobManager } from '../../electron/core/support/jobs';

describe('jobs', () => {
  it('a job returns its id at once and reports success with its result', async () => {
    const jobs = new JobManager();
    const id = jobs.start('other', 'add', async (ctx) => {
      ctx.progress(1, 2);
      ctx.message('halfway');
      ctx.progress(2);
      return 42;
    });
    expect(jobs.get(id)?.state).toBe('running');
    const done = await jobs.wait(id);
    expect(done).toMatchObject({ state: 'succeeded', result: 42, current: 2, total: 2, messages: ['halfway'] });
    expect(done.endedAt).toBeGreaterThanOrEqual(done.startedAt);
  });

  it('cancel aborts the work through its signal and ends the job as cancelled', async () => {
    const jobs = new JobManager();
    const id = jobs.start(
      'pull',
      'slow',
      (ctx) =>
        new Promise((_, reject) => {
          ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        }),
    );
    expect(jobs.cancel(id)).toBe(true);
    const done = await jobs.wait(id);
    expect(done.state).toBe('cancelled');
    expect(done.error?.code).toBe('CANCELLED');
    expect(jobs.cancel(id)).toBe(false);
  });

  it('a layer count and a replaced set of rows reach the snapshot (a load settles its rows in the archive’s order)', async () => {
    const jobs = new JobManager();
    const id = jobs.start('load', 'rows', async (ctx) => {
      ctx.layer({ id: 'b', status: 'Loading layer' });
      ctx.layerCount(3);
      ctx.setLayers([
        { id: 'a', status: 'Already exists' },
        { id: 'b', status: 'Loaded' },
        { id: 'c', status: 'Already exists' },
      ]);
      return null;
    });
    const done = await jobs.wait(id);
    expect(done.layerCount).toBe(3);
    expect(done.layers.map((l) => `${l.id} ${l.status}`)).toEqual(['a Already exists', 'b Loaded', 'c Already exists']);
  });

  it('a failing job carries a contract error', async () => {
    const jobs = new JobManager();
    const id = jobs.start('save', 'bad', async () => {
      throw new CoreError('IO', 'no space left on device');
    });
    expect((await jobs.wait(id)).error).toEqual({ code: 'IO', message: 'no space left on device' });
  });

  it('progress updates are throttled but state changes always arrive', async () => {
    const jobs = new JobManager({ throttleMs: 50 });
    const updates: JobSnapshot[] = [];
    jobs.on('updated', (s) => updates.push(s));
    const id = jobs.start('pull', 'chatty', async (ctx) => {
      for (let i = 0; i < 1000; i++) ctx.progress(i, 1000);
      await new Promise((r) => setTimeout(r, 120));
      return null;
    });
    await jobs.wait(id);
    expect(updates.length).toBeLessThan(10);
    expect(updates[0].state).toBe('running');
    expect(updates.at(-1)?.state).toBe('succeeded');
    expect(updates.at(-1)?.current).toBe(999);
  });

  it('layers are upserted by id', async () => {
    const jobs = new JobManager();
    const id = jobs.start('pull', 'layers', async (ctx) => {
      ctx.layer({ id: 'a', status: 'Waiting' });
      ctx.layer({ id: 'b', status: 'Waiting' });
      ctx.layer({ id: 'a', status: 'Downloading', current: 5, total: 10 });
    });
    expect((await jobs.wait(id)).layers).toEqual([
      { id: 'a', status: 'Downloading', current: 5, total: 10 },
      { id: 'b', status: 'Waiting' },
    ]);
  });

  it('keeps a bounded history of finished jobs', async () => {
    const jobs = new JobManager({ historyLimit: 3 });
    const ids = Array.from({ length: 5 }, (_, i) => jobs.start('other', `j${i}`, async () => i));
    await Promise.all(ids.map((id) => jobs.wait(id).catch(() => undefined)));
    expect(jobs.list().map((j) => j.title)).toEqual(['j2', 'j3', 'j4']);
  });
});
