// Owns the config half of an image diff: the fields people compare (Env, Cmd, Entrypoint, User,
// WorkingDir, ExposedPorts, Volumes, Labels), each as lines so both values read side by side.
// Pure. Lists whose order means nothing to the engine (ports, volumes, labels) are sorted; Env,
// Cmd and Entrypoint keep their order, which does matter (a later Env entry wins, argv is argv).
import { DIFF_CONFIG_FIELDS, type ConfigFieldDiff, type DiffConfigField } from '../../../shared/image-diff';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);

/** Code point order (what byte order of UTF-8 is), the one order of every list in a diff. */
export function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** One field of an image config as lines, or null when unset. */
export function configLines(config: Json | null | undefined, field: DiffConfigField): string[] | null {
  const v = config?.[field];
  if (v === undefined || v === null) return null;
  switch (field) {
    case 'Env':
    case 'Cmd':
    case 'Entrypoint':
      return Array.isArray(v) ? v.map(String) : [String(v)];
    case 'User':
    case 'WorkingDir':
      return v === '' ? null : [String(v)];
    case 'ExposedPorts':
    case 'Volumes': {
      const keys = Object.keys(obj(v) ?? {});
      return keys.length ? keys.sort(byCodePoint) : null;
    }
    case 'Labels': {
      const entries = Object.entries(obj(v) ?? {}).map(([k, x]) => `${k}=${String(x ?? '')}`);
      return entries.length ? entries.sort(byCodePoint) : null;
    }
  }
}

const sameLines = (a: string[] | null, b: string[] | null): boolean =>
  a === null || b === null ? a === b : a.length === b.length && a.every((x, i) => x === b[i]);

/** Every compared field of two image configs (the `Config` object of an inspect or a config blob). */
export function configDiff(left: Json | null | undefined, right: Json | null | undefined): ConfigFieldDiff[] {
  return DIFF_CONFIG_FIELDS.map((field) => {
    const l = configLines(left, field);
    const r = configLines(right, field);
    return { field, same: sameLines(l, r), left: l, right: r };
  });
}
