// Owns a container's STATUS in the UI's language. The engine sends `docker ps`'s English
// (moby's State.String(): "Created", "Up 2 minutes (Paused)", "Exited (0) 3 hours ago", …); in
// English it is shown as is, otherwise each known shape is read back and said again in words of
// the language, with the same code and the same rounded duration. Unknown text stays as sent.
import type { TFunction } from 'i18next';
import { parseHumanDuration, partsText } from './relative-time';
import { isEnglish } from './language';

const UP = /^Up (.+?)(?: \((Paused|healthy|unhealthy|health: starting)\))?$/;
const ENDED = /^(Exited|Restarting) \((-?\d+)\) (.+) ago$/;
const FIXED: Record<string, string> = { Created: 'created', Dead: 'dead', 'Removal In Progress': 'removing' };
const SUFFIX: Record<string, string> = { Paused: 'paused', healthy: 'healthy', unhealthy: 'unhealthy', 'health: starting': 'starting' };

export function containerStatusText(status: string, t: TFunction, language: string): string {
  if (isEnglish(language)) return status;
  if (FIXED[status]) return t(`containerStatus.${FIXED[status]}`);
  const up = UP.exec(status);
  const upFor = up && parseHumanDuration(up[1]);
  if (up && upFor) {
    const text = t('containerStatus.up', { duration: partsText(upFor, language, false) });
    return up[2] ? `${text} (${t(`containerStatus.${SUFFIX[up[2]]}`)})` : text;
  }
  const ended = ENDED.exec(status);
  const ago = ended && parseHumanDuration(ended[3]);
  if (ended && ago) {
    const key = ended[1] === 'Exited' ? 'exited' : 'restarting';
    return t(`containerStatus.${key}`, { code: ended[2], ago: partsText(ago, language, true) });
  }
  return status;
}
