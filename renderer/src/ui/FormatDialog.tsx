// Owns "Copy as..." for the Images view, the Search results and an image's History: a `--format`
// template (or the CLI's default table) rendered by core exactly as the docker CLI prints it, shown
// and copied.
// Template errors are shown in the CLI's own words. Mounted while open (a native modal dialog).
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, Result } from '../../../shared/contract';
import { copyText } from './clipboard';
import { CloseIcon } from './icons';
import '../features/features.css';

export interface FormatPreset {
  label: string;
  template: string;
}

export interface FormatDialogProps {
  /** The command the output equals, for this template and -q. */
  command: (template: string, quiet: boolean) => string;
  placeholders: readonly string[];
  presets: readonly FormatPreset[];
  hint: string;
  /** Label of the -q switch; none when the command has no -q. */
  quietLabel?: string;
  render: (template: string, quiet: boolean) => Promise<Result<{ text: string }>>;
  onClose: () => void;
  /** The words before the command (default "Equivalent to:"). */
  scope?: string;
  /** What the dialog opens with, and renders at once. */
  initialTemplate?: string;
  initialQuiet?: boolean;
  /** Copy the first rendering as soon as it is there ("Copy IDs"). */
  autoCopy?: boolean;
  /** Told every edit of the template (Images keeps it for the next opening). */
  onTemplateChange?: (template: string) => void;
  /**
   * Shown under the command (Images: which rows are copied, and why the command would list more);
   * a function gets the template and -q the command is shown with.
   */
  extra?: ReactNode | ((template: string, quiet: boolean) => ReactNode);
  /** Whatever `render` depends on besides template and -q: a change renders again. */
  renderKey?: string;
}

export function FormatDialog(props: FormatDialogProps) {
  const {
    command,
    placeholders,
    presets,
    hint,
    quietLabel,
    render,
    onClose,
    scope,
    initialTemplate = '',
    initialQuiet = false,
    autoCopy = false,
  } = props;
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [template, setTemplateState] = useState(initialTemplate);
  const [quiet, setQuiet] = useState(initialQuiet);
  const [output, setOutput] = useState('');
  const [error, setError] = useState<ContractError | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const seq = useRef(0);
  const titleId = useId();
  const templateId = useId();
  const hintId = useId();
  const outputId = useId();
  const presetId = useId();

  const setTemplate = (tpl: string) => {
    setTemplateState(tpl);
    props.onTemplateChange?.(tpl);
  };

  const run = async (tpl: string, q: boolean, copyAfter = false) => {
    const mine = ++seq.current;
    setBusy(true);
    setNotice('');
    const r = await render(tpl, q);
    if (mine !== seq.current) return;
    setBusy(false);
    if (r.ok) {
      setError(null);
      setOutput(r.value.text);
      if (copyAfter) await copy(r.value.text);
    } else {
      setError(r.error);
      setOutput('');
    }
  };

  const renderedKey = useRef(props.renderKey);
  useEffect(() => {
    if (renderedKey.current === props.renderKey) return;
    renderedKey.current = props.renderKey;
    void run(template, quiet);
  }, [props.renderKey]); // eslint-disable-line react-hooks/exhaustive-deps -- re-renders only when the caller says so

  useEffect(() => {
    const d = ref.current;
    if (!d || d.open) return;
    d.showModal();
    d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    void run(initialTemplate, initialQuiet, autoCopy);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, as the dialog opens

  const copy = async (text = output) => {
    try {
      await copyText(text, ref.current);
      setNotice(t('formatDialog.copied'));
    } catch (err) {
      setNotice(t('formatDialog.copyFailed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog copy-as format-dialog"
      aria-labelledby={titleId}
      onClose={(e) => e.target === e.currentTarget && onClose()}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{t('formatDialog.title')}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('formatDialog.close')}
          title={t('formatDialog.close')}
          onClick={() => ref.current?.close()}
        >
          <CloseIcon />
        </button>
      </header>
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          void run(template, quiet);
        }}
      >
        <div className="scope">
          <span>{scope ?? t('formatDialog.equivalent')}</span> <code className="command-line">{command(template, quiet)}</code>
        </div>
        {typeof props.extra === 'function' ? props.extra(template, quiet) : props.extra}
        <div className="field-row">
          <div className="field grow">
            <label htmlFor={templateId}>{t('formatDialog.template')}</label>
            <input
              id={templateId}
              className="text-input mono"
              value={template}
              disabled={quiet}
              placeholder={presets[0]?.template}
              spellCheck={false}
              autoComplete="off"
              aria-describedby={hintId}
              data-autofocus
              onChange={(e) => setTemplate(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={presetId}>{t('formatDialog.presets')}</label>
            <select
              id={presetId}
              className="select"
              value=""
              disabled={quiet}
              onChange={(e) => {
                const preset = presets[Number(e.target.value)];
                if (!preset) return;
                setTemplate(preset.template);
                void run(preset.template, quiet);
              }}
            >
              <option value="">{t('formatDialog.presetNone')}</option>
              {presets.map((p, i) => (
                <option key={p.label} value={i}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p id={hintId} className="hint">
          {hint}{' '}
          {placeholders.map((p) => (
            <code key={p}>{`{{${p}}}`}</code>
          ))}
        </p>
        {quietLabel && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={quiet}
              onChange={(e) => {
                setQuiet(e.target.checked);
                void run(template, e.target.checked);
              }}
            />
            <span>{quietLabel}</span>
          </label>
        )}
        {error && (
          <div role="alert" className="inline-error mono">
            {error.message}
          </div>
        )}
        <div className="field">
          <label htmlFor={outputId}>{t('formatDialog.output')}</label>
          <textarea
            id={outputId}
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
            {busy ? t('formatDialog.rendering') : notice}
          </p>
          <button type="submit" className="button" disabled={busy}>
            {t('formatDialog.render')}
          </button>
          <button type="button" className="button primary" disabled={busy || error !== null} onClick={() => void copy()}>
            {t('formatDialog.copy')}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
