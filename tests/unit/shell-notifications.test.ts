import { describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../shared/contract';
import { jobSnapshot } from './shell-fixtures';
import { jobNotification, JobTransitions } from '../../electron/shell/notifications';
import { shellStrings } from '../../electron/shell/shell-strings';

const t = shellStrings('en', 'en');
const job = jobSnapshot;
const away = { enabled: true, windowFocused: false };

function run(updates: JobSnapshot[], ctx = away) {
  const transitions = new JobTransitions();
  return updates.map((u) => jobNotification(u, transitions.observe(u), ctx, t)).filter(Boolean);
}

describe('notifications for finished jobs', () => {
  it('a job that succeeds while the window is not focused is announced once, with its last line', () => {
    const done = job({ state: 'succeeded', messages: ['Status: Downloaded newer image for busybox:latest'] });
    expect(run([job({}), job({ current: 5 }), done, done])).toEqual([
      { title: 'Done: Pull busybox:latest', body: 'Status: Downloaded newer image for busybox:latest', jobId: 'j', failed: false },
    ]);
  });

  it('a failure is announced with the error', () => {
    expect(run([job({}), job({ state: 'failed', error: { code: 'NOT_FOUND', message: 'manifest unknown' } })])).toEqual([
      { title: 'Failed: Pull busybox:latest', body: 'manifest unknown', jobId: 'j', failed: true },
    ]);
  });

  it('nothing while the window has the focus, when notifications are off, or for a cancelled job', () => {
    expect(run([job({}), job({ state: 'succeeded' })], { enabled: true, windowFocused: true })).toEqual([]);
    expect(run([job({}), job({ state: 'failed' })], { enabled: false, windowFocused: false })).toEqual([]);
    expect(run([job({}), job({ state: 'cancelled' })])).toEqual([]);
  });

  it('a job first seen already finished (started and ended between two updates) still counts', () => {
    expect(run([job({ state: 'succeeded' })])).toHaveLength(1);
  });

  it('jobs are told apart, and what is remembered of them stays bounded', () => {
    const transitions = new JobTransitions(2);
    expect(transitions.observe({ id: 'a', state: 'running' })).toBeUndefined();
    expect(transitions.observe({ id: 'b', state: 'queued' })).toBeUndefined();
    expect(transitions.observe({ id: 'a', state: 'failed' })).toEqual({ from: 'running' });
    expect(transitions.observe({ id: 'b', state: 'succeeded' })).toEqual({ from: 'queued' });
    expect(transitions.observe({ id: 'a', state: 'failed' })).toBeUndefined();
    expect(transitions.observe({ id: 'c', state: 'succeeded' })).toEqual({ from: undefined });
    // Only the last two endings are remembered: 'a' was forgotten.
    expect(transitions.observe({ id: 'a', state: 'failed' })).toEqual({ from: undefined });
  });
});
