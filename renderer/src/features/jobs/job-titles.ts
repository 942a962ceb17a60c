// Owns what a job is called, and the core messages the UI can say again, in the UI's language.
// Core names a job in English when it starts it (`Commit web as me/web:1`, `Load a.tar`, …: see
// core's edit-handlers.ts, transfer-handlers.ts, pull.ts, push.ts, local-registry.ts in their area
// folders, and electron/bridge/transfer-routes.ts) and a snapshot carries that title with its kind.
// The parameters sit in fixed places of those titles and never contain the separators read here
// (names and references have no spaces; several references are joined by ", "), so each kind's
// shape is read back and the title built again from a translation. A title of another shape stays core's.
import type { TFunction } from 'i18next';
import type { JobSnapshot } from '../../../../shared/contract';

type Shape = { re: RegExp; key: string; params: (m: RegExpExecArray) => Record<string, string | number> };

const REFS = '[^\\s,]+(?:, [^\\s,]+)*';

const SHAPES: Partial<Record<JobSnapshot['kind'], Shape[]>> = {
  commit: [
    { re: /^Commit (\S+) as (\S+)$/, key: 'jobTitles.commitAs', params: (m) => ({ container: m[1], reference: m[2] }) },
    { re: /^Commit (\S+)$/, key: 'jobTitles.commit', params: (m) => ({ container: m[1] }) },
  ],
  pull: [{ re: /^Pull (\S+)$/, key: 'jobTitles.pull', params: (m) => ({ reference: m[1] }) }],
  push: [{ re: /^Push (\S+)$/, key: 'jobTitles.push', params: (m) => ({ reference: m[1] }) }],
  save: [
    { re: new RegExp(`^Save (${REFS}) \\(download\\)$`), key: 'jobTitles.saveDownload', params: (m) => ({ refs: m[1] }) },
    { re: new RegExp(`^Save (${REFS}) to (.+)$`), key: 'jobTitles.saveTo', params: (m) => ({ refs: m[1], file: m[2] }) },
  ],
  load: [{ re: /^Load (.+)$/, key: 'jobTitles.load', params: (m) => ({ files: m[1] }) }],
  registry: [{ re: /^Deploy local registry on (\S+)$/, key: 'jobTitles.deployLocal', params: (m) => ({ address: m[1] }) }],
  // core/image-diff/image-diff-handlers.ts
  diff: [{ re: /^Compare (\S+) with (\S+)$/, key: 'jobTitles.compare', params: (m) => ({ left: m[1], right: m[2] }) }],
  // core/disk/disk-handlers.ts
  disk: [{ re: /^Disk usage$/, key: 'jobTitles.diskUsage', params: () => ({}) }],
  // core/registry-copy/registry-copy-handlers.ts: `Copy <host>/<repo> <tag> | all tags | <n> tags[ (<os/arch>)] to <host>/<repo>`
  copy: [
    { re: /^Copy (\S+) all tags( \(\S+\))? to (\S+)$/, key: 'registryCopy.titles.all', params: (m) => copyParams(m, {}) },
    {
      re: /^Copy (\S+) (\d+) tags( \(\S+\))? to (\S+)$/,
      key: 'registryCopy.titles.some',
      params: (m) => copyParams(m, { count: Number(m[2]) }),
    },
    { re: /^Copy (\S+) (\S+)( \(\S+\))? to (\S+)$/, key: 'registryCopy.titles.one', params: (m) => copyParams(m, { tag: m[2]! }) },
  ],
};

/** A copy title's repositories and platform suffix (` (linux/arm64)`, or empty): the first and the last two groups. */
function copyParams(m: RegExpExecArray, extra: Record<string, string | number>): Record<string, string | number> {
  return { ...extra, source: m[1]!, platform: m[m.length - 2] ?? '', target: m[m.length - 1]! };
}

/** The job's title in the UI's language, or core's title when its shape is not one of the known ones. */
export function jobTitle(job: Pick<JobSnapshot, 'kind' | 'title'>, t: TFunction): string {
  for (const shape of SHAPES[job.kind] ?? []) {
    const m = shape.re.exec(job.title);
    if (m) return t(shape.key, shape.params(m));
  }
  return job.title;
}

type CoreError = NonNullable<JobSnapshot['error']>;

/**
 * A core error the UI can recognise by its code and detail, said in the UI's language; any other
 * keeps core's message (often the engine's or the CLI's own words, which people search for).
 */
export function coreMessageText(error: Pick<CoreError, 'code' | 'message' | 'detail'>, t: TFunction): string {
  const d = error.detail ?? {};
  // local-registry.ts: publishing a port needs the bridge network, and this engine has none.
  if (error.code === 'INVALID_ARGUMENT' && d.hostNetwork === false && typeof d.port === 'number') {
    return t('coreMessages.noBridge', { port: d.port });
  }
  return error.message;
}
