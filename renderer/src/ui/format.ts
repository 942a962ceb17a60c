// Owns how the renderer shows image values: the docker CLI's own wording (shared/docker-units) in
// English, the same amounts written the UI language's way otherwise (i18n/units.ts).
import i18next from 'i18next';
import { truncateId } from '../../../shared/docker-units';
import { sizeIn, speedIn } from '../i18n/units';

/** The UI's language now (English before i18n starts, as in unit tests). */
const uiLanguage = (): string => i18next.resolvedLanguage ?? i18next.language ?? 'en';

/** SIZE as `docker images` prints it (go-units, base 1000, 3 significant digits), in the UI's language. */
export const sizeText = (bytes: number, language = uiLanguage()): string => sizeIn(bytes, language, 3);

/** IMAGE ID: 12 hex characters, or the full `sha256:...` with --no-trunc. */
export const idText = (id: string, noTrunc: boolean): string => (noTrunc ? id : truncateId(id));

/** Transfer progress as the CLI's progress bars print it (4 significant digits), in the UI's language. */
export const bytesText = (bytes: number, language = uiLanguage()): string => sizeIn(bytes, language, 4);

/** A transfer speed: `21.92MB/s` as the CLI prints it, `21,92 MB/s` in Spanish. */
export const speedText = (bytesPerSecond: number, language = uiLanguage()): string => speedIn(bytesPerSecond, language);

/** A time left as a clock reads (`0:42`, `12:05`, `1:02:03`): the same in every language. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
