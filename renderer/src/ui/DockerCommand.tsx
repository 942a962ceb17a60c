// Owns "Copy as docker command" in the dialogs: the equivalent command line, shown as it would be
// typed (shared/docker-command.ts builds it) and copied with one button.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from './clipboard';
import { CopyIcon } from './icons';

export function DockerCommand({ command, label }: { command: string; label?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [notice, setNotice] = useState('');
  const copy = async () => {
    try {
      await copyText(command, ref.current);
      setNotice(t('shell.command.copied'));
    } catch (err) {
      setNotice(t('shell.command.copyFailed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };
  return (
    <div className="scope docker-command" ref={ref}>
      {label && <span>{label}</span>} <code className="command-line">{command}</code>
      <button type="button" className="button small" onClick={() => void copy()} onBlur={() => setNotice('')}>
        <CopyIcon />
        <span>{t('shell.command.copy')}</span>
      </button>
      {/* Announced, but not a role=status: the dialogs keep their own status line for their result. */}
      <span aria-live="polite" className="notice">
        {notice}
      </span>
    </div>
  );
}
