// Owns how one `docker history` row reads in the History panel, value for value as the CLI prints
// it: IMAGE (12 characters or full, `<missing>` as is), CREATED (relative with -H, RFC 3339
// without), CREATED BY (45 columns unless --no-trunc), SIZE (go-units with -H, bytes without).
import type { HistoryRow } from '../../../../shared/contract';
// `docker history` as a command line lives with the other equivalent commands.
export { historyCommand } from '../../../../shared/docker-command';
import {
  ellipsis,
  humanDuration,
  humanSizeWithPrecision,
  intlLocalZone,
  truncateId,
  type GoZoneResolver,
} from '../../../../shared/docker-units';

export interface HistoryCells {
  id: string;
  created: string;
  createdBy: string;
  size: string;
  comment: string;
}

/** formatter_history.go: dates up to 2000-01-01 read N/A in human mode. */
const HUMAN_EPOCH_UNIX = Date.UTC(2000, 0, 1) / 1000;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** time.Unix(unix, 0).Format(time.RFC3339) in the local zone (the CLI's CreatedAt). */
export function rfc3339(unix: number, zone: GoZoneResolver = intlLocalZone): string {
  const { offsetSeconds } = zone(unix);
  const d = new Date((unix + offsetSeconds) * 1000);
  const date = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  if (offsetSeconds === 0) return `${date}T${time}Z`;
  const minutes = Math.trunc(Math.abs(offsetSeconds) / 60);
  return `${date}T${time}${offsetSeconds < 0 ? '-' : '+'}${pad2(Math.trunc(minutes / 60))}:${pad2(minutes % 60)}`;
}

export function historyCells(
  row: HistoryRow,
  opts: { noTrunc: boolean; human: boolean; nowMs: number; zone?: GoZoneResolver },
): HistoryCells {
  const createdBy = row.createdBy.replace(/\t/g, ' ');
  let created: string;
  if (!opts.human) created = rfc3339(row.created, opts.zone);
  else if (row.created <= HUMAN_EPOCH_UNIX) created = 'N/A';
  else created = `${humanDuration((opts.nowMs - row.created * 1000) / 1000)} ago`;
  return {
    id: opts.noTrunc ? row.id : truncateId(row.id),
    created,
    createdBy: opts.noTrunc ? createdBy : ellipsis(createdBy, 45),
    size: opts.human ? humanSizeWithPrecision(row.size, 3) : String(row.size),
    comment: row.comment,
  };
}
