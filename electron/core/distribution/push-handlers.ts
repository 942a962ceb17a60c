// Owns the push channels: what `docker push <reference>` would push and where (asked before the
// push), the push job itself, whose id returns at once, and tag-then-push in one step.
import type { Handlers } from '../support/handlers';
import { type PushDeps, pushTargetOf, startPushJob, tagAndPush } from './push';

export function createPushHandlers(deps: PushDeps): Pick<Handlers, 'images.pushTarget' | 'images.push' | 'images.tagAndPush'> {
  return {
    'images.pushTarget': ({ reference }) => pushTargetOf(deps, reference),
    'images.push': async ({ reference }) => ({ jobId: startPushJob(deps, reference) }),
    'images.tagAndPush': ({ source, target }) => tagAndPush(deps, source, target),
  };
}
