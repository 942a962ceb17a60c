// Owns the Images view's "Copy as..." and "Copy IDs": `docker images --format` (or -q) with the
// view's current options and filters, rendered by core in the shared FormatDialog. The template is
// kept between openings; "Copy IDs" opens in -q mode and copies at once. What you see is what you
// copy: with a selection or a quick filter only those rows, in the grid's order, and the dialog
// says so (neither is a docker option, so the command shown would list every row). On an engine
// that refuses `--filter until` it says so too, with an exact equivalent when there is one.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { copyScopes, selectedInView, type CopyScope } from './image-view';
import { useApp, useAppStore } from '../../store/use-app';
import { useImagesCommand } from './CommandLine';
import { FormatDialog } from '../../ui/FormatDialog';
import { UntilCopyNote } from './UntilNote';

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

export function CopyAsDialog({ request, onClose }: { request: CopyAsRequest | null; onClose: () => void }) {
  const [template, setTemplate] = useState('');
  if (!request) return null;
  return <CopyAsOpen key={request.nonce} request={request} template={template} onTemplateChange={setTemplate} onClose={onClose} />;
}

/** One opening: the rows in scope are chosen when it opens (the default) and by the person after. */
function CopyAsOpen(props: { request: CopyAsRequest; template: string; onTemplateChange: (t: string) => void; onClose: () => void }) {
  const { request, onClose } = props;
  const { t } = useTranslation();
  const store = useAppStore();
  const command = useImagesCommand();
  // A string, so the selector's answer compares equal while the offer is the same.
  const offered = useApp((s) => copyScopes(s.images).join(' ')).split(' ') as CopyScope[];
  const [scope, setScope] = useState<CopyScope>(offered[0]);
  const selected = useApp((s) => selectedInView(s.images).length);
  const shown = useApp((s) => s.images.view.length);
  const total = useApp((s) => s.images.rows.length);
  const count = scope === 'selected' ? selected : shown;
  return (
    <FormatDialog
      scope={t('copyAs.scope')}
      command={(tpl, quiet) => command({ quiet, template: tpl })}
      extra={(tpl, quiet) => (
        <>
          <UntilCopyNote template={tpl} quiet={quiet} />
          <CopyScopePicker offered={offered} scope={scope} onChange={setScope} counts={{ selected, shown, total }}>
            {scope !== 'all' && (
              <p className="hint copy-scope-note">
                {t(scope === 'selected' ? 'copyScope.noteSelected' : 'copyScope.noteShown', { count, total })}
              </p>
            )}
          </CopyScopePicker>
        </>
      )}
      renderKey={scope}
      placeholders={PLACEHOLDERS}
      presets={PRESETS.map((p) => ({ label: t(`copyAs.${p.key}`), template: p.template }))}
      hint={t('copyAs.templateHint')}
      quietLabel={t('copyAs.quiet')}
      // As in the CLI, a custom --format would win over -q; the dialog's -q means only IDs.
      render={(tpl, quiet) => store.getState().images.format(quiet ? { quiet: true, scope } : { format: tpl, scope })}
      initialTemplate={props.template}
      initialQuiet={request.quiet}
      autoCopy={request.autoCopy}
      onTemplateChange={props.onTemplateChange}
      onClose={onClose}
    />
  );
}

/** The rows to copy, offered only when there is a choice (no filter, no selection: docker images as is). */
function CopyScopePicker(props: {
  offered: CopyScope[];
  scope: CopyScope;
  onChange: (scope: CopyScope) => void;
  counts: { selected: number; shown: number; total: number };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { selected, shown, total } = props.counts;
  if (props.offered.length < 2) return null;
  const label = (s: CopyScope) =>
    s === 'selected'
      ? t('copyScope.selected', { count: selected })
      : s === 'shown'
        ? t('copyScope.shown', { count: shown, total })
        : t('copyScope.all', { total });
  return (
    <fieldset className="copy-scope">
      <legend>{t('copyScope.legend')}</legend>
      {props.offered.map((s) => (
        <label key={s} className="checkbox">
          <input type="radio" name="copy-scope" value={s} checked={props.scope === s} onChange={() => props.onChange(s)} />
          <span>{label(s)}</span>
        </label>
      ))}
      {props.children}
    </fieldset>
  );
}
