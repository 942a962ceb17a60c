// Owns an image's History tab: `docker history` as a table (IMAGE, CREATED, CREATED BY, SIZE,
// COMMENT; `<missing>` for layers without a local image), the --no-trunc and -H toggles with the
// CLI's own values, and "Copy as..." rendered by core (images.historyFormat).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../ui/use-now';
import { createdAgo } from '../../i18n/relative-time';
import { sizeText } from '../../ui/format';
import type { HistoryOptions } from './detail-slice';
import { historyCells, historyCommand } from './history-model';
import { useApp, useAppStore } from '../../store/use-app';
import { FormatDialog } from '../../ui/FormatDialog';
import { Switch } from '../../ui/Switch';
import '../features.css';

const PLACEHOLDERS = ['.ID', '.CreatedSince', '.CreatedAt', '.CreatedBy', '.Size', '.Comment'];

function Toggle({ name, label }: { name: keyof HistoryOptions; label: string }) {
  const store = useAppStore();
  const checked = useApp((s) => s.detail.historyOptions[name]);
  return <Switch checked={checked} label={label} onChange={(on) => store.getState().detail.setHistoryOption(name, on)} />;
}

export function HistoryPanel() {
  const { t, i18n } = useTranslation();
  const store = useAppStore();
  const history = useApp((s) => s.detail.history);
  const { noTrunc, human } = useApp((s) => s.detail.historyOptions);
  const label = useApp((s) => s.detail.open?.target.label ?? '');
  const [copyAs, setCopyAs] = useState(0);
  // CREATED reads like `docker history` run now, not when the dialog opened.
  const now = useNow(1000, human && history.status === 'ready');
  const rows = history.value ?? [];
  const presets = [
    { label: t('history.presetTable'), template: 'table {{.ID}}\\t{{.CreatedSince}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}' },
    { label: t('history.presetCommands'), template: '{{.CreatedBy}}' },
    { label: t('history.presetJson'), template: '{{json .}}' },
  ];

  return (
    <div className="history-panel">
      <div className="detail-toolbar">
        <div className="switches">
          <Toggle name="noTrunc" label={t('history.noTrunc')} />
          <Toggle name="human" label={t('history.human')} />
        </div>
        <button
          type="button"
          className="button"
          aria-haspopup="dialog"
          disabled={history.status !== 'ready'}
          onClick={() => setCopyAs(Date.now())}
        >
          {t('history.copyAs')}
        </button>
      </div>
      <div className="scope">
        <span className="visually-hidden">{t('history.command')}: </span>
        <code className="command-line">{historyCommand(label, { noTrunc, human })}</code>
      </div>
      {history.status === 'loading' && (
        <p className="detail-message" role="status">
          {t('history.loading')}
        </p>
      )}
      {history.status === 'error' && history.error && (
        <div role="alert" className="inline-error">
          <strong>{t('history.failed')}</strong>
          <span className="mono">{history.error.message}</span>
        </div>
      )}
      {history.status === 'ready' && (
        <div className="detail-table-wrap">
          <table className={`detail-table history-table${noTrunc ? ' no-trunc' : ''}`}>
            <caption className="visually-hidden">{t('history.caption', { image: label })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.columns.id')}</th>
                <th scope="col">{human ? t('history.columns.created') : t('history.columns.createdAt')}</th>
                <th scope="col">{t('history.columns.createdBy')}</th>
                <th scope="col" className="num">
                  {t('history.columns.size')}
                </th>
                <th scope="col">{t('history.columns.comment')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => {
                const cells = historyCells(row, { noTrunc, human, nowMs: now });
                // -H's "… ago" in the UI's language (the CLI's words stay in Copy as); N/A and RFC 3339 as they are.
                const language = i18n.resolvedLanguage ?? i18n.language;
                const created = human && cells.created !== 'N/A' ? createdAgo(row.created, now, language) : cells.created;
                return (
                  // IDs repeat (`<missing>`); the position is the row's identity.
                  <tr key={i}>
                    <td className={`mono${row.id === '<missing>' ? ' missing' : ''}`}>{cells.id}</td>
                    <td className="nowrap">{created}</td>
                    <td className="mono created-by" title={row.createdBy}>
                      {cells.createdBy}
                    </td>
                    {/* -H's size with the language's decimal separator; bytes as they are. */}
                    <td className="num nowrap">{human ? sizeText(row.size, language) : cells.size}</td>
                    <td>{cells.comment}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted detail-count" role="status">
            {t('history.count', { count: rows.length })}
          </p>
        </div>
      )}
      {copyAs !== 0 && (
        <FormatDialog
          key={copyAs}
          command={(template, quiet) => historyCommand(label, { ...store.getState().detail.historyOptions, quiet, format: template })}
          placeholders={PLACEHOLDERS}
          presets={presets}
          hint={t('history.templateHint')}
          quietLabel={t('history.quiet')}
          render={(template, quiet) => store.getState().detail.historyFormat({ template, quiet })}
          onClose={() => setCopyAs(0)}
        />
      )}
    </div>
  );
}
