// Owns the persisted settings: <dataDir>/settings.json, validated when read, written atomically.
// A damaged file never stops the app: what is valid in it is kept, the file itself is set aside as
// settings.json.bad (so nothing the person had is lost), and the rest falls back to defaults.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, SettingsPatchSchema, type AppSettings } from '../../../shared/shell';

export type SettingsPatch = z.output<typeof SettingsPatchSchema>;

export const SETTINGS_FILE = 'settings.json';

export interface SettingsLoad {
  settings: AppSettings;
  /** Set when the file was damaged: what was wrong, and where the original now is. */
  recovered?: { reason: string; keptAs: string };
}

function merge(base: AppSettings, patch: SettingsPatch): AppSettings {
  const next = { ...base };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
  return next;
}

/** Keeps each field that is valid on its own, so one bad value does not cost the others. */
function salvage(raw: unknown): SettingsPatch {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: Record<string, unknown> = {};
  const shape = SettingsPatchSchema.shape as Record<string, z.ZodType>;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const field = shape[key];
    if (!field) continue;
    const parsed = field.safeParse(value);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out as SettingsPatch;
}

/** Reads <dataDir>/settings.json; never throws for a missing or damaged file. */
export function readSettingsFile(dataDir: string): SettingsLoad {
  const path = join(dataDir, SETTINGS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { settings: { ...DEFAULT_SETTINGS } };
    return { settings: { ...DEFAULT_SETTINGS }, recovered: { reason: `cannot read ${path}: ${(err as Error).message}`, keptAs: path } };
  }
  let raw: unknown;
  let reason: string | undefined;
  try {
    raw = JSON.parse(text);
    const parsed = SettingsPatchSchema.safeParse(raw);
    if (parsed.success) return { settings: merge(DEFAULT_SETTINGS, parsed.data) };
    reason = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`)
      .join('; ');
  } catch (err) {
    reason = `not JSON (${(err as Error).message})`;
  }
  const keptAs = `${path}.bad`;
  try {
    renameSync(path, keptAs);
  } catch {
    // Could not move it (read-only folder): it stays where it is and is overwritten only by a save.
  }
  return { settings: merge(DEFAULT_SETTINGS, salvage(raw)), recovered: { reason: reason ?? 'invalid', keptAs } };
}

/** Writes JSON next to its final name, flushes it, then renames: a crash leaves the old file or the new one. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export class SettingsStore {
  private loaded: SettingsLoad | undefined;
  /** Saves run one after another, so two quick changes cannot land out of order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dataDir: string) {}

  /** Read on first use, so a core that never needs its settings never touches the folder. */
  private load(): SettingsLoad {
    this.loaded ??= readSettingsFile(this.dataDir);
    return this.loaded;
  }

  get(): AppSettings {
    return { ...this.load().settings };
  }

  /** What was wrong with the file when it was read (undefined when it was fine or absent). */
  get recovered(): SettingsLoad['recovered'] {
    return this.load().recovered;
  }

  get path(): string {
    return join(this.dataDir, SETTINGS_FILE);
  }

  /** Applies a validated patch and persists the result; resolves with the stored settings. */
  update(patch: SettingsPatch): Promise<AppSettings> {
    const run = this.queue.then(async () => {
      const next = merge(this.get(), patch);
      await mkdir(this.dataDir, { recursive: true });
      await writeJsonAtomic(this.path, next);
      this.loaded = { settings: next };
      return { ...next };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
