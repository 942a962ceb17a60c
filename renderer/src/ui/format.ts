// Owns how the renderer shows image values: the docker CLI's own wording, from shared/docker-units.
import { humanSize, humanSizeWithPrecision, truncateId } from '../../../shared/docker-units';

/** SIZE as `docker images` prints it (go-units, base 1000, 3 significant digits). */
export const sizeText = (bytes: number): string => humanSizeWithPrecision(bytes, 3);

/** IMAGE ID: 12 hex characters, or the full `sha256:...` with --no-trunc. */
export const idText = (id: string, noTrunc: boolean): string => (noTrunc ? id : truncateId(id));

/** Transfer progress as the CLI's progress bars print it. */
export const bytesText = (bytes: number): string => humanSize(bytes);

/** A time left as a clock reads (`0:42`, `12:05`, `1:02:03`): the same in every language. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
