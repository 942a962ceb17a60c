// Owns "Copy as...": `docker images --format` (or -q) rendered by core with the view's current
// options and filters, shown in an output area and copied; template errors are shown verbatim.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract';
import { useAppStore } from '../store/use-app';
import { CloseIcon } from './icons';
import { CommandLine } from './CommandLine';

export interface CopyAsRequest {
  /** Start in -q mode (the "Copy IDs" button). */
  quiet: boolean;
  /** Render and copy as soon as the dialog opens. */
  autoCopy: boolean;
  /** Changes on every open, so reopening re-runs. */
  nonce: number;
}

const PLACEHOLDERS = ['.ID', '.Repository', '.Tag', '.Digest', '.CreatedSince', '.CreatedAt', '.Size', '.Containers'];
const PRESETS: { key: string; template: string }[] = [
  { key: 'presetTable', template: 'table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}' },
  { key: 'presetRefs', template: '{{.Repository}}:{{.Tag}}' },
  { key: 'presetJson', template: '{{json .}}' },
  { key: 'presetIds', template: '{{.ID}}' },
];

async function writeClipboard(text: string, fallbackArea: HTMLTextAreaElement | null): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch (err) {
    // Without clipboard permission (a plain browser tab), selecting and copying still works.
    if (fallbackArea) {
      fallbackArea.focus();
      fallbackArea.select();
      if (document.execCommand('copy')) return;
    }
    throw err;
  }
}

export function CopyAsDialog({ request, onClose }: { request: CopyAsRequest | null; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const outputRef = useRef<HTMLTextAreaElement>(null);
  const [template, setTemplate] = useState('');
  const [quiet, setQuiet] = useState(false);
  const [output, setOutput] = useState('');
  const [error, setError] = useState<ContractError | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const titleId = useId();
  const templateId = useId();
  const hintId = useId();
  const outputId = useId();
  const presetId = useId();
  const runSeq = useRef(0);

  const render = async (opts: { quiet: boolean; template: string; copy: boolean }) => {
    const seq = ++runSeq.current;
    setBusy(true);
    setNotice('');
    // As in the CLI, a custom --format would win over -q; the dialog's -q means only IDs.
    const result = await store.getState().images.format(opts.quiet ? { quiet: true } : { format: opts.template });
    if (seq !== runSeq.current) return;
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setOutput('');
      return;
    }
    setError(null);
    setOutput(result.value.text);
    if (opts.copy) await copy(result.value.text);
  };

  const copy = async (text = output) => {
    try {
      await writeClipboard(text, outputRef.current);
      setNotice(t('copyAs.copied'));
    } catch (err) {
      setNotice(t('copyAs.copyFailed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (request) {
      setQuiet(request.quiet);
      setOutput('');
      setError(null);
      setNotice('');
      if (!dialog.open) dialog.showModal();
      void render({ quiet: request.quiet, template, copy: request.autoCopy });
    } else if (dialog.open) {
      dialog.close();
    }
    // `template` is deliberately kept between openings; the effect runs per request only.
  }, [request]);

  return (
    <dialog ref={dialogRef} className="dialog copy-as" aria-labelledby={titleId} onClose={onClose}>
      <header className="dialog-header">
        <h2 id={titleId}>{t('copyAs.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('copyAs.close')} title={t('copyAs.close')} onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          void render({ quiet, template, copy: false });
        }}
      >
        <div className="scope">
          <span>{t('copyAs.scope')}</span> <CommandLine quiet={quiet} template={template} />
        </div>
        <div className="field-row">
          <div className="field grow">
            <label htmlFor={templateId}>{t('copyAs.template')}</label>
            <input
              id={templateId}
              className="text-input mono"
              value={template}
              disabled={quiet}
              placeholder="table {{.Repository}}\t{{.Tag}}\t{{.ID}}"
              spellCheck={false}
              autoComplete="off"
              aria-describedby={hintId}
              onChange={(e) => setTemplate(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={presetId}>{t('copyAs.presets')}</label>
            <select
              id={presetId}
              className="select"
              value=""
              disabled={quiet}
              onChange={(e) => {
                const preset = PRESETS.find((p) => p.key === e.target.value);
                if (preset) {
                  setTemplate(preset.template);
                  void render({ quiet, template: preset.template, copy: false });
                }
              }}
            >
              <option value="">{t('copyAs.presetNone')}</option>
              {PRESETS.map((p) => (
                <option key={p.key} value={p.key}>
                  {t(`copyAs.${p.key}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p id={hintId} className="hint">
          {t('copyAs.templateHint')}{' '}
          {PLACEHOLDERS.map((p) => (
            <code key={p}>{`{{${p}}}`}</code>
          ))}
        </p>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={quiet}
            onChange={(e) => {
              setQuiet(e.target.checked);
              void render({ quiet: e.target.checked, template, copy: false });
            }}
          />
          <span>{t('copyAs.quiet')}</span>
        </label>
        {error && (
          <div role="alert" className="inline-error mono">
            {error.message}
          </div>
        )}
        <div className="field">
          <label htmlFor={outputId}>{t('copyAs.output')}</label>
          <textarea
            id={outputId}
            ref={outputRef}
            className="output mono"
            readOnly
            value={output}
            rows={12}
            wrap="off"
            spellCheck={false}
            aria-busy={busy}
          />
        </div>
        <footer className="dialog-footer">
          <p role="status" className="notice">
            {busy ? t('copyAs.rendering') : notice}
          </p>
          <button type="submit" className="button" disabled={busy}>
            {t('copyAs.render')}
          </button>
          <button type="button" className="button primary" disabled={busy || error !== null} onClick={() => void copy()}>
            {t('copyAs.copy')}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
