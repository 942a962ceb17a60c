// What counts as a survived HOSTILE attempt (tests/reliability/hostile-names.test.ts): a refusal people
// can read, at once, at the end of the job it started, or on each item of a result; an archive's hostile
// tag listed as refused, its hostile Config and layers refused or previewed as plain paths.
import { expect } from 'vitest';
import type { ContractError, JobSnapshot, Result, TarPreview } from '../../../shared/contract';

const ALLOWED = new Set(['INVALID_ARGUMENT', 'INVALID_REFERENCE', 'NOT_FOUND']);

/** How a job's end is read: from the core itself, or over IPC for jobs the Electron bundle's core runs. */
export type JobEnd = (jobId: string, ms: number) => Promise<JobSnapshot>;

/** A refusal people can read: an allowed code and a short message in words (no stack, no empty text). */
export function expectClearRefusal(error: ContractError | undefined, what: string): void {
  expect(error, `${what}: an error`).toBeDefined();
  expect(ALLOWED.has(error!.code), `${what}: ${error!.code} ${error!.message}`).toBe(true);
  expect(error!.message, what).toMatch(/[a-z]{2,}/i);
  expect(error!.message.length, what).toBeLessThan(2000);
  expect(error!.message, what).not.toMatch(/\n\s+at /);
}

/** Every `error` in a value (remove and plan results carry one per item). */
function nestedErrors(value: unknown, out: ContractError[] = []): ContractError[] {
  if (Array.isArray(value)) value.forEach((v) => nestedErrors(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'error' && v && typeof v === 'object' && 'code' in v) out.push(v as ContractError);
      else nestedErrors(v, out);
    }
  }
  return out;
}

/** The answer to one attempt: refused at once, or a job that ends refused, or a result item refused. */
export async function expectRefused(answer: Result<unknown>, what: string, endOf: JobEnd): Promise<void> {
  if (!answer.ok) return expectClearRefusal(answer.error, what);
  const value = answer.value as { jobId?: string; exists?: boolean };
  if (typeof value?.jobId === 'string') {
    const end: JobSnapshot = await endOf(value.jobId, 30_000);
    expect(end.state, `${what}: the job`).toBe('failed');
    return expectClearRefusal(end.error as ContractError | undefined, `${what} (job)`);
  }
  // images.pushTarget describes a push before it is made: an image that is not there says so.
  if (value && value.exists === false) return;
  const errors = nestedErrors(value);
  expect(errors.length, `${what}: answered ${JSON.stringify(value).slice(0, 300)}`).toBeGreaterThan(0);
  errors.forEach((e) => expectClearRefusal(e, what));
}

/** A preview of an archive naming `tag`: an invalid tag is listed as refused with a reason, a valid one as a tag. */
export function expectTagSorted(answer: Result<unknown>, tag: string, what: string): void {
  if (!answer.ok) return expectClearRefusal(answer.error, what);
  const preview = answer.value as TarPreview;
  const refused = preview.refused?.find((r) => r.tag === tag);
  if (refused) {
    expect(refused.reason, what).toMatch(/[a-z]{2,}/);
    expect(preview.tags, what).not.toContain(tag);
  } else {
    expect(preview.tags, `${what}: ${tag} neither refused nor a tag`).toContain(tag);
  }
  expect(
    preview.moves.find((m) => m.tag === tag),
    what,
  ).toBeUndefined();
}

/** A preview of a tar whose Config and Layers are `name`: a plain relative path previews, anything else is refused in words. */
export function expectConfigSorted(answer: Result<unknown>, what: string): void {
  if (!answer.ok) expectClearRefusal(answer.error, what);
}
