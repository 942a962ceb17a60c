// Owns the Compare view: two local images picked from searchable fields (a row's "Compare with…"
// fills the left one), the diff job with progress and cancel, then three sections side by side:
// config fields, layers by chain, and the files that differ between the merged filesystems; with
// "only what differs" and "Copy as text" (the plain report of shared/image-diff-text.ts).
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiffFileSide, FileDiffEntry, ImageDiff } from '../../../../shared/image-diff';
import { fileSideText } from '../../../../shared/image-diff-text';
import { truncateId } from '../../../../shared/docker-units';
import { rowReference } from '../edit/edit-model';
import { useApp, useAppStore } from '../../store/use-app';
import { copyText } from '../../ui/clipboard';
import { sizeText } from '../../ui/format';
import { CopyIcon } from '../../ui/icons';
import { Switch } from '../../ui/Switch';
import './diff.css';

/** Rows of the file table drawn at once; the text report has them all. */
const FILE_ROWS = 2000;

function ImageField({
  label,
  value,
  onChange,
  listId,
  inputRef,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  listId: string;
  inputRef?: RefObject<HTMLInputElement | null>;
}) {
  const id = useId();
  return (
    <div className="diff-field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        className="text-input mono"
        type="search"
        list={listId}
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

function Lines({ lines }: { lines: string[] | null }) {
  const { t } = useTranslation();
  if (lines === null) return <span className="none-value">{t('diff.unset')}</span>;
  return (
    <ul className="diff-lines mono">
      {lines.map((l, i) => (
        <li key={`${i}-${l}`}>{l}</li>
      ))}
    </ul>
  );
}

/** A diff table: a hidden caption, the leading column heads, then one column per image, named as picked. */
function DiffTable({ diff, caption, heads, children }: { diff: ImageDiff; caption: string; heads: string[]; children: ReactNode }) {
  return (
    <table className="detail-table diff-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {heads.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
          <th scope="col">{diff.left.label}</th>
          <th scope="col">{diff.right.label}</th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

function ConfigSection({ diff, onlyChanged }: { diff: ImageDiff; onlyChanged: boolean }) {
  const { t } = useTranslation();
  const fields = diff.config.filter((f) => !onlyChanged || !f.same);
  return (
    <section className="diff-section" aria-labelledby="diff-config">
      <h2 id="diff-config">{t('diff.config.title', { count: diff.config.filter((f) => !f.same).length })}</h2>
      {fields.length === 0 ? (
        <p className="detail-message">{t('diff.config.allSame')}</p>
      ) : (
        <DiffTable diff={diff} caption={t('diff.config.caption')} heads={[t('diff.columns.field'), t('diff.columns.status')]}>
          {fields.map((f) => (
            <tr key={f.field} className={f.same ? 'same' : 'different'}>
              <th scope="row" className="mono">
                {f.field}
              </th>
              <td>{f.same ? t('diff.same') : t('diff.different')}</td>
              <td>
                <Lines lines={f.left} />
              </td>
              <td>
                <Lines lines={f.right} />
              </td>
            </tr>
          ))}
        </DiffTable>
      )}
    </section>
  );
}

function LayerCell({ side }: { side?: { diffId: string; createdBy: string; size: number } }) {
  if (!side) return <td />;
  return (
    <td>
      <span className="mono" title={side.diffId}>
        {truncateId(side.diffId)}
      </span>{' '}
      <span className="muted">{sizeText(side.size)}</span>
      {side.createdBy && <div className="mono muted diff-created-by">{side.createdBy}</div>}
    </td>
  );
}

function LayersSection({ diff, onlyChanged }: { diff: ImageDiff; onlyChanged: boolean }) {
  const { t } = useTranslation();
  const rows = diff.layers.filter((l) => !onlyChanged || l.status !== 'shared');
  const shared = diff.layers.filter((l) => l.status === 'shared').length;
  return (
    <section className="diff-section" aria-labelledby="diff-layers">
      <h2 id="diff-layers">{t('diff.layers.title', { shared, count: diff.layers.length })}</h2>
      {rows.length > 0 && (
        <DiffTable diff={diff} caption={t('diff.layers.caption')} heads={['#', t('diff.columns.status')]}>
          {rows.map((l) => (
            <tr key={l.index} className={l.status === 'shared' ? 'same' : 'different'}>
              <td>{l.index}</td>
              <td>{t(`diff.layers.${l.status}`)}</td>
              <LayerCell side={l.left} />
              <LayerCell side={l.right} />
            </tr>
          ))}
        </DiffTable>
      )}
    </section>
  );
}

const sideText = (s?: DiffFileSide) => (s ? fileSideText(s) : '');

function FilesSection({ diff }: { diff: ImageDiff }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const counts = useMemo(() => {
    const c = { added: 0, removed: 0, changed: 0 };
    for (const f of diff.files) c[f.change]++;
    return c;
  }, [diff]);
  const shown: FileDiffEntry[] = useMemo(() => (filter ? diff.files.filter((f) => f.path.includes(filter)) : diff.files), [diff, filter]);
  return (
    <section className="diff-section" aria-labelledby="diff-files">
      <h2 id="diff-files">{t('diff.files.title')}</h2>
      <p className="detail-message">{t('diff.files.summary', { ...counts, same: diff.sameFiles })}</p>
      <div className="diff-field inline">
        <label htmlFor={filterId}>{t('diff.files.filter')}</label>
        <input id={filterId} className="text-input mono" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      {shown.length > 0 && (
        <div className="detail-table-wrap diff-files-wrap">
          <DiffTable
            diff={diff}
            caption={t('diff.files.caption')}
            heads={[t('diff.columns.change'), t('diff.columns.path'), t('diff.columns.what')]}
          >
            {shown.slice(0, FILE_ROWS).map((f) => (
              <tr key={f.path} className={`file-${f.change}`}>
                <td>{t(`diff.files.${f.change}`)}</td>
                <td className="mono">{f.path}</td>
                <td>{(f.differs ?? []).map((d) => t(`diff.differs.${d}`)).join(', ')}</td>
                <td className="mono">{sideText(f.left)}</td>
                <td className="mono">{sideText(f.right)}</td>
              </tr>
            ))}
          </DiffTable>
        </div>
      )}
      {shown.length > FILE_ROWS && <p className="detail-message">{t('diff.files.more', { count: shown.length - FILE_ROWS })}</p>}
    </section>
  );
}

export function DiffView() {
  const { t } = useTranslation();
  const store = useAppStore();
  const { left, right, status, progress, result, error, onlyChanged } = useApp((s) => s.diff);
  const rows = useApp((s) => s.images.rows);
  const listId = useId();
  const rootRef = useRef<HTMLElement>(null);
  const [notice, setNotice] = useState('');
  const rightRef = useRef<HTMLInputElement>(null);
  // Opened from a row's "Compare with…": the left image is there, the right one is what to pick next.
  useEffect(() => {
    const { left: l, right: r } = store.getState().diff;
    if (l && !r) rightRef.current?.focus();
  }, [store]);
  const names = useMemo(() => [...new Set(rows.map(rowReference))].sort(), [rows]);
  const s = () => store.getState().diff;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNotice('');
    void s().run();
  };
  const copy = async () => {
    try {
      await copyText(s().text(), rootRef.current);
      setNotice(t('diff.copied'));
    } catch (err) {
      setNotice(t('diff.copyFailed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <section className="view diff-view" aria-labelledby="diff-title" ref={rootRef}>
      <header className="view-header">
        <h1 id="diff-title">{t('diff.title')}</h1>
      </header>
      <form className="diff-pick" onSubmit={submit} aria-label={t('diff.pick')}>
        <datalist id={listId}>
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <ImageField label={t('diff.left')} value={left} onChange={(v) => s().setLeft(v)} listId={listId} />
        <button type="button" className="button" onClick={() => s().swap()}>
          {t('diff.swap')}
        </button>
        <ImageField label={t('diff.right')} value={right} onChange={(v) => s().setRight(v)} listId={listId} inputRef={rightRef} />
        <button type="submit" className="button primary" disabled={!left.trim() || !right.trim() || status === 'running'}>
          {t('diff.compare')}
        </button>
        {status === 'running' && (
          <button type="button" className="button" onClick={() => void s().cancel()}>
            {t('diff.cancel')}
          </button>
        )}
      </form>
      {status === 'running' && (
        <div className="diff-progress" role="status">
          <span>
            {progress.total > 0
              ? t('diff.progress', { read: sizeText(progress.current), size: sizeText(progress.total) })
              : t('diff.starting')}
          </span>
          <progress
            max={progress.total || undefined}
            value={progress.total ? progress.current : undefined}
            aria-label={t('diff.progressLabel')}
          />
        </div>
      )}
      {status === 'error' && error && (
        <div role="alert" className="inline-error">
          <strong>{error.code === 'CANCELLED' ? t('diff.cancelled') : t('diff.failed')}</strong>
          {error.code !== 'CANCELLED' && <span className="mono">{error.message}</span>}
        </div>
      )}
      {status === 'ready' && result && (
        <div className="diff-result">
          <div className="detail-toolbar">
            <Switch checked={onlyChanged} label={t('diff.onlyChanged')} onChange={(on) => s().setOnlyChanged(on)} />
            <p className="notice" role="status">
              {notice}
            </p>
            <button type="button" className="button" onClick={() => void copy()}>
              <CopyIcon width={14} height={14} />
              <span>{t('diff.copyText')}</span>
            </button>
          </div>
          <p className="detail-message">
            <span className="mono">{result.left.label}</span> ({truncateId(result.left.imageId)}) ↔{' '}
            <span className="mono">{result.right.label}</span> ({truncateId(result.right.imageId)})
          </p>
          <ConfigSection diff={result} onlyChanged={onlyChanged} />
          <LayersSection diff={result} onlyChanged={onlyChanged} />
          <FilesSection diff={result} />
        </div>
      )}
    </section>
  );
}
