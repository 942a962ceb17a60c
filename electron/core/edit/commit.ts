// Owns `docker commit`: the containers one can commit, the engine's check of `--change` lines
// (done here first so a bad change is refused before any request), the reference the CLI derives
// from `repo[:tag]`, and POST /commit itself.
import type Dockerode from 'dockerode';
import type { CommitResult, ContainerRow } from '../../../shared/contract';
import { engineCall } from '../engine/engine-api';
import { CoreError } from '../engine/engine-errors';
import { familiarName, familiarString, InvalidReferenceError, parseNormalizedNamed, tagNameOnly } from '../../../shared/reference';
import { ERR_TAG_WITH_DIGEST } from './tag';
import type { CommitCommandOptions } from '../../../shared/docker-command';

/**
 * Instructions the engine applies on commit (moby builder/dockerfile validCommitCommands).
 * HEALTHCHECK is in the engine's list though not in the `docker commit` docs: `docker commit -c
 * 'HEALTHCHECK …'` works, so refusing it here would make a valid CLI command impossible.
 */
export const COMMIT_CHANGE_INSTRUCTIONS: ReadonlySet<string> = new Set([
  'cmd',
  'entrypoint',
  'env',
  'expose',
  'healthcheck',
  'label',
  'onbuild',
  'user',
  'volume',
  'workdir',
]);

export interface ChangeInstruction {
  /** Lower-cased instruction name, as the Dockerfile parser reports it. */
  instruction: string;
  /** The logical line (continuations joined). */
  line: string;
}

/**
 * Splits `--change` values the way the engine reads them: joined with newlines and parsed as a
 * Dockerfile (buildkit's parser): an optional leading `# escape=` directive, comments and blank
 * lines skipped, a trailing escape character continues the line (also across values).
 */
export function parseChangeInstructions(changes: readonly string[]): ChangeInstruction[] {
  const lines = changes.join('\n').split('\n');
  let escape = '\\';
  let i = 0;
  // Parser directives: only at the very top, before any instruction or other comment.
  for (; i < lines.length; i++) {
    const m = /^\s*#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/.exec(lines[i].replace(/^\uFEFF/, ''));
    if (!m) break;
    if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }
  const continuation = new RegExp(`${escape === '\\' ? '\\\\' : '`'}[ \\t]*$`);
  const isComment = (l: string) => /^\s*#/.test(l);
  const out: ChangeInstruction[] = [];
  while (i < lines.length) {
    const first = lines[i++].replace(/^\s+/, '');
    if (isComment(first)) continue;
    let line = first;
    let ends = !continuation.test(line);
    if (!ends) line = line.replace(continuation, '');
    if (ends && line === '') continue;
    while (!ends && i < lines.length) {
      const next = lines[i++];
      if (isComment(next) || next.trim() === '') continue;
      ends = !continuation.test(next);
      line += ends ? next : next.replace(continuation, '');
    }
    const word = line.trim().split(/\s+/, 1)[0];
    if (word === '') continue;
    out.push({ instruction: word.toLowerCase(), line });
  }
  return out;
}

/** The engine's refusal for the first change it would not apply, or null when all are allowed. */
export function invalidChangeMessage(changes: readonly string[]): string | null {
  for (const c of parseChangeInstructions(changes)) {
    if (!COMMIT_CHANGE_INSTRUCTIONS.has(c.instruction)) return `${c.instruction} is not a valid change command`;
  }
  return null;
}

/** client.ContainerCommit's handling of `repo[:tag]`: familiar repository and tag, or none. */
export function commitReference(reference: string | undefined): { repo: string; tag: string; familiar?: string } {
  if (reference === undefined || reference === '') return { repo: '', tag: '' };
  let ref;
  try {
    ref = parseNormalizedNamed(reference);
  } catch (err) {
    if (err instanceof InvalidReferenceError) throw new CoreError('INVALID_REFERENCE', err.message, { part: 'reference' });
    throw err;
  }
  if (ref.digest !== undefined) throw new CoreError('INVALID_REFERENCE', ERR_TAG_WITH_DIGEST, { part: 'reference' });
  const tagged = tagNameOnly(ref);
  return { repo: familiarName(tagged), tag: tagged.tag ?? '', familiar: familiarString(tagged) };
}

/** What a commit takes: the same fields as the `docker commit` command line the dialog shows. */
export type CommitOptions = CommitCommandOptions;

/** Everything the CLI checks before sending; throws INVALID_ARGUMENT / INVALID_REFERENCE. */
export function checkCommitOptions(opts: CommitOptions): { repo: string; tag: string; familiar?: string } {
  if (opts.container.trim() === '') throw new CoreError('INVALID_ARGUMENT', 'container name cannot be empty');
  const bad = invalidChangeMessage(opts.changes);
  if (bad) throw new CoreError('INVALID_ARGUMENT', bad, { part: 'change' });
  return commitReference(opts.reference);
}

/** POST /commit as client.ContainerCommit sends it; resolves with the new image's full ID. */
export async function commitContainer(docker: Dockerode, opts: CommitOptions, signal?: AbortSignal): Promise<CommitResult> {
  const { repo, tag, familiar } = checkCommitOptions(opts);
  const query: Record<string, string | string[]> = {
    container: opts.container,
    repo,
    tag,
    comment: opts.message ?? '',
    author: opts.author ?? '',
    // Sent both ways: an absent `pause` means true on API >= 1.13, but an explicit value cannot be misread.
    pause: opts.pause ? '1' : '0',
  };
  if (opts.changes.length > 0) query.changes = [...opts.changes];
  const answer = await engineCall<{ Id?: string }>(docker, { method: 'POST', path: '/commit', query, signal });
  const id = answer?.Id ?? '';
  if (!/^sha256:[a-f0-9]{64}$/.test(id)) throw new CoreError('INTERNAL', `unexpected answer from the engine: ${JSON.stringify(answer)}`);
  return familiar ? { id, reference: familiar } : { id };
}

interface ContainerSummary {
  Id: string;
  Names?: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  State: string;
  Status: string;
}

/** `docker ps -a`: every container, newest first, as the commit dialog lists them. */
export async function listContainers(docker: Dockerode, signal?: AbortSignal): Promise<ContainerRow[]> {
  const rows = await engineCall<ContainerSummary[]>(docker, { method: 'GET', path: '/containers/json', query: { all: 1 }, signal });
  return (rows ?? []).map((c) => ({
    id: c.Id,
    name: (c.Names?.[0] ?? '').replace(/^\//, ''),
    image: c.Image,
    imageId: c.ImageID,
    command: c.Command,
    state: c.State,
    status: c.Status,
    created: c.Created,
  }));
}
