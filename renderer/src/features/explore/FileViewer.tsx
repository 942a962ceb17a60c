// Owns the file viewer: the start of a file (at most 1 MiB, said when cut), text as text and
// anything else as a virtualized hex dump (1 MiB is 65,536 lines), with Save… beside it.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExploreFileContent } from '../../../../shared/explore';
import { useApp, useAppStore } from '../../store/use-app';
import { CloseIcon } from '../../ui/icons';
import { bytesOf, hexLine, hexLineCount, textOf } from './file-view-model';
import { useSize } from './use-size';

const HEX_ROW = 18;

function HexDump({ bytes, label }: { bytes: Uint8Array; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: hexLineCount(bytes), getScrollElement: () => ref.current, estimateSize: () => HEX_ROW, overscan: 10 });
  return (
    <div ref={ref} className="explore-content hex" tabIndex={0} role="region" aria-label={label}>
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((item) => (
          <div key={item.index} className="hex-line mono" style={{ transform: `translateY(${item.start}px)`, height: HEX_ROW }}>
            {hexLine(bytes, item.index * 16)}
          </div>
        ))}
      </div>
    </div>
  );
}

function Content({ content, label }: { content: ExploreFileContent; label: string }) {
  const bytes = useMemo(() => bytesOf(content), [content]);
  const text = useMemo(() => (content.binary ? '' : textOf(bytes)), [content, bytes]);
  if (content.binary) return <HexDump bytes={bytes} label={label} />;
  return (
    <pre className="explore-content mono" tabIndex={0} role="region" aria-label={label}>
      {text}
    </pre>
  );
}

export function FileViewer() {
  const { t } = useTranslation();
  const store = useAppStore();
  const file = useApp((s) => s.explore.file);
  const size = useSize();
  if (!file) return null;
  const content = file.content;
  return (
    <section className="explore-panel explore-viewer" aria-labelledby="explore-viewer-title">
      <header className="explore-viewer-head">
        <h2 id="explore-viewer-title" className="mono">
          {file.path}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('explore.viewer.close')}
          title={t('explore.viewer.close')}
          onClick={() => store.getState().explore.closeFile()}
        >
          <CloseIcon />
        </button>
      </header>
      {file.status === 'loading' && <p className="muted">{t('explore.viewer.reading')}</p>}
      {file.status === 'error' && (
        <p className="inline-error" role="alert">
          {file.error?.message}
        </p>
      )}
      {content && (
        <>
          <p className="muted">
            {content.binary ? t('explore.viewer.binary') : t('explore.viewer.text')} · {size(content.size)}
            {content.truncated && <> · {t('explore.viewer.truncated', { limit: '1 MiB' })}</>}
          </p>
          <Content content={content} label={t('explore.viewer.content', { path: file.path })} />
        </>
      )}
    </section>
  );
}
