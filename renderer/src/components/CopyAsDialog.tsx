// Owns the Images view's "Copy as..." and "Copy IDs": `docker images --format` (or -q) with the
// view's current options and filters, rendered by core in the shared FormatDialog. The template is
// kept between openings; "Copy IDs" opens in -q mode and copies at once.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/use-app';
import { useImagesCommand } from './CommandLine';
import { FormatDialog } from './FormatDialog';

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
  const { t } = useTranslation();
  const store = useAppStore();
  const command = useImagesCommand();
  const [template, setTemplate] = useState('');
  if (!request) return null;
  return (
    <FormatDialog
      key={request.nonce}
      scope={t('copyAs.scope')}
      command={(tpl, quiet) => command({ quiet, template: tpl })}
      placeholders={PLACEHOLDERS}
      presets={PRESETS.map((p) => ({ label: t(`copyAs.${p.key}`), template: p.template }))}
      hint={t('copyAs.templateHint')}
      quietLabel={t('copyAs.quiet')}
      // As in the CLI, a custom --format would win over -q; the dialog's -q means only IDs.
      render={(tpl, quiet) => store.getState().images.format(quiet ? { quiet: true } : { format: tpl })}
      initialTemplate={template}
      initialQuiet={request.quiet}
      autoCopy={request.autoCopy}
      onTemplateChange={setTemplate}
      onClose={onClose}
    />
  );
}
