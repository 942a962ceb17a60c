// Owns one question tests ask before they run code as another user: can that user reach a folder?
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Whether users other than the owner can get to `folder`: every folder from it up to / must be
 * searchable by others (a checkout inside `mktemp -d`, mode 0700, is not, so a child process run as
 * "nobody" cannot load the project's code from it).
 */
export function othersCanReach(folder: string): boolean {
  for (let dir = folder; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

/** `othersCanReach`, printing why `what` is skipped when they cannot. */
export function othersCanReachOrSay(folder: string, what: string): boolean {
  const ok = othersCanReach(folder);
  if (!ok) console.warn(`skipped: ${what} needs every folder above ${folder} to be searchable by others`);
  return ok;
}
