// Owns the Disk view's table: images by unique bytes (unique / shared / total, containers), sorted
// by any column from its header (aria-sort says how), a checkbox per row for the selection summary.
import { useTranslation } from 'react-i18next';
import { truncateId } from '../../../../shared/docker-units';
import { sizeText } from '../../ui/format';
import type { DiskRow, DiskSort, DiskSortKey } from './disk-model';

const COLUMNS: { key: DiskSortKey; numeric: boolean }[] = [
  { key: 'name', numeric: false },
  { key: 'unique', numeric: true },
  { key: 'shared', numeric: true },
  { key: 'total', numeric: true },
  { key: 'containers', numeric: true },
];

export function DiskTable({
  rows,
  sort,
  selected,
  onSort,
  onToggle,
  onSelectAll,
}: {
  rows: readonly DiskRow[];
  sort: DiskSort;
  selected: ReadonlySet<string>;
  onSort: (key: DiskSortKey) => void;
  onToggle: (id: string) => void;
  onSelectAll: (select: boolean) => void;
}) {
  const { t } = useTranslation();
  const all = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const some = rows.some((r) => selected.has(r.id));
  return (
    <table className="disk-table" aria-label={t('disk.table')}>
      <thead>
        <tr>
          <th scope="col" className="disk-check">
            <input
              type="checkbox"
              aria-label={t('disk.selectAll')}
              checked={all}
              ref={(el) => {
                if (el) el.indeterminate = some && !all;
              }}
              onChange={(e) => onSelectAll(e.target.checked)}
            />
          </th>
          {COLUMNS.map((c) => (
            <th
              key={c.key}
              scope="col"
              className={c.numeric ? 'num' : undefined}
              aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
            >
              <button type="button" className="disk-sort" onClick={() => onSort(c.key)}>
                {t(`disk.columns.${c.key}`)}
                <span aria-hidden="true">{sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}</span>
              </button>
            </th>
          ))}
          <th scope="col" className="nowrap">
            {t('disk.columns.id')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className={selected.has(r.id) ? 'selected' : undefined} aria-selected={selected.has(r.id)}>
            <td className="disk-check">
              <input
                type="checkbox"
                aria-label={t('disk.select', { name: r.name })}
                checked={selected.has(r.id)}
                onChange={() => onToggle(r.id)}
              />
            </td>
            <th scope="row" className="mono disk-name" title={r.references.join('\n') || undefined}>
              {r.name}
              {r.references.length > 1 && <span className="muted"> +{r.references.length - 1}</span>}
            </th>
            <td className="num nowrap">{sizeText(r.unique)}</td>
            <td className="num nowrap">{sizeText(r.shared)}</td>
            <td className="num nowrap">{sizeText(r.total)}</td>
            <td className="num nowrap">
              {r.containers}
              {r.running > 0 && <span className="muted"> · {t('disk.running', { count: r.running })}</span>}
            </td>
            <td className="mono nowrap muted" title={r.id}>
              {truncateId(r.id)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
