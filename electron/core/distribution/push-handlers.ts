// Owns the push channels: what `docker push <reference>` would push and where (asked before the
// push), and the push job itself, whose id returns at once.
import type { Handlers } from '../support/handlers';
import { type PushDeps, pushTargetOf, startPushJob } from './push';

export function createPushHandlers(deps: PushDeps): Pick<Handlers, 'images.pushTarget' | 'images.push'> {
  return {
    'images.pushTarget': ({ reference }) => pushTargetOf(deps, reference),
    'images.push': async ({ reference }) => ({ jobId: startPushJob(deps, reference) }),
  };
}
