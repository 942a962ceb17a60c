// Test data shared by the shell's unit tests.
import type { JobSnapshot } from '../../shared/contract';

/** A pull job of busybox, running, with whatever the test overrides. */
export const jobSnapshot = (over: Partial<JobSnapshot>): JobSnapshot => ({
  id: 'j',
  kind: 'pull',
  title: 'Pull busybox:latest',
  state: 'running',
  current: 0,
  total: 0,
  layers: [],
  messages: [],
  startedAt: 0,
  ...over,
});
