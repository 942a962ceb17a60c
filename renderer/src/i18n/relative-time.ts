// Owns relative times in the UI's language. The docker CLI's English ("About a minute ago",
// units.HumanDuration) stays the CLI's words for "Copy as" and CLI output (shared/docker-units.ts);
// people reading the UI in another language get the same amount, rounded by the same rules, in
// their own words through Intl (RelativeTimeFormat for "… ago", NumberFormat for a bare duration).
import { createdSince, GO_ZERO_TIME_UNIX, humanDuration } from '../../../shared/docker-units';
import { isEnglish } from './language';

export type DurationUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** A duration as units.HumanDuration rounds it: the unit it picks and the count it prints. */
export interface DurationParts {
  unit: DurationUnit;
  count: number;
}

/**
 * units.HumanDuration's choice of unit and count, step for step (each unit truncated toward zero,
 * hours rounded half up). "Less than a second" is 0 seconds; "About a minute"/"an hour" count 1.
 */
export function durationParts(seconds: number): DurationParts {
  const secs = Math.trunc(seconds);
  if (secs < 1) return { unit: 'second', count: 0 };
  if (secs < 60) return { unit: 'second', count: secs };
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 60) return { unit: 'minute', count: minutes };
  const hours = Math.trunc(seconds / 3600 + 0.5);
  if (hours < 48) return { unit: 'hour', count: hours };
  if (hours < 24 * 7 * 2) return { unit: 'day', count: Math.trunc(hours / 24) };
  if (hours < 24 * 30 * 2) return { unit: 'week', count: Math.trunc(hours / 24 / 7) };
  if (hours < 24 * 365 * 2) return { unit: 'month', count: Math.trunc(hours / 24 / 30) };
  return { unit: 'year', count: Math.trunc(Math.trunc(seconds / 3600) / 24 / 365) };
}

/** "N … ago" for a duration in seconds: the CLI's text in English, Intl's words otherwise ("hace 5 minutos"). */
export function timeAgo(seconds: number, language: string): string {
  if (isEnglish(language)) return `${humanDuration(seconds)} ago`;
  return partsText(durationParts(seconds), language, true);
}

/** A bare duration ("2 minutes" / "2 minutos"), as in `Up 2 minutes`. */
export function durationText(seconds: number, language: string): string {
  if (isEnglish(language)) return humanDuration(seconds);
  return partsText(durationParts(seconds), language, false);
}

/** CREATED of an image or container (Unix seconds) in the UI's language; N/A for Go's zero time, as the CLI prints. */
export function createdAgo(createdUnix: number, nowMs: number, language: string): string {
  if (createdUnix === GO_ZERO_TIME_UNIX) return 'N/A';
  if (isEnglish(language)) return createdSince(createdUnix, nowMs);
  return timeAgo((nowMs - createdUnix * 1000) / 1000, language);
}

const ENGLISH_DURATION = /^(?:(Less than a second)|(About a minute)|(About an hour)|(\d+) (second|minute|hour|day|week|month|year)s?)$/;

/** The parts of a duration HumanDuration printed ("About a minute", "3 hours"), or null. */
export function parseHumanDuration(text: string): DurationParts | null {
  const m = ENGLISH_DURATION.exec(text);
  if (!m) return null;
  if (m[1]) return { unit: 'second', count: 0 };
  if (m[2]) return { unit: 'minute', count: 1 };
  if (m[3]) return { unit: 'hour', count: 1 };
  return { unit: m[5] as DurationUnit, count: Number(m[4]) };
}

/** A parsed duration back in words of `language`: "3 horas", or "hace 3 horas" with `ago`. */
export function partsText(parts: DurationParts, language: string, ago: boolean): string {
  // numeric 'auto' only changes 0 seconds ("ahora"): HumanDuration never yields 1 day/week/month/year.
  if (ago) return new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(-parts.count, parts.unit);
  return new Intl.NumberFormat(language, { style: 'unit', unit: parts.unit, unitDisplay: 'long' }).format(parts.count);
}
