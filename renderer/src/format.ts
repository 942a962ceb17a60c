// Owns how the renderer shows image values: the docker CLI's own wording, from shared/docker-units.
import { createdSince, humanSize, humanSizeWithPrecision, truncateId } from '../../shared/docker-units';

/** SIZE as `docker images` prints it (go-units, base 1000, 3 significant digits). */
export const sizeText = (bytes: number): string => humanSizeWithPrecision(bytes, 3);

/** CREATED as `docker images` prints it; the zero time prints N/A. */
export const createdText = (createdUnix: number, nowMs: number): string => createdSince(createdUnix, nowMs) || 'N/A';

/** IMAGE ID: 12 hex characters, or the full `sha256:...` with --no-trunc. */
export const idText = (id: string, noTrunc: boolean): string => (noTrunc ? id : truncateId(id));

/** Transfer progress as the CLI's progress bars print it. */
export const bytesText = (bytes: number): string => humanSize(bytes);
