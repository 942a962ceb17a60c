// Owns what the explorer says about its subject: the name, the image ID, os/arch, where it is read
// from (the engine, or an archive with its layout and compression as found), Copy as (the docker
// commands that show the same config and layer list; there is none for a file listing), and Close.
import { useTranslation } from 'react-i18next';
import { historyCommand, inspectCommand } from '../../../../shared/docker-command';
import { truncateId } from '../../../../shared/docker-units';
import type { ExploreSummary } from '../../../../shared/explore';
import { useAppStore } from '../../store/use-app';
import { copyText } from '../../ui/clipboard';
import { TerminalIcon } from '../../ui/icons';
import { OverflowMenu } from '../../ui/OverflowMenu';

/** The docker commands that show what this view shows of an engine's image (an archive has none). */
export function exploreCommands(summary: Pick<ExploreSummary, 'source' | 'imageId' | 'repoTags'>): string[] {
  if (summary.source !== 'engine') return [];
  const name = summary.repoTags[0] ?? summary.imageId;
  return [inspectCommand(name), historyCommand(name, { noTrunc: true })];
}

export function ExploreHeader({ summary }: { summary: ExploreSummary }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const commands = exploreCommands(summary);
  const copy = (command: string) => {
    const edit = store.getState().edit;
    void copyText(command, document.body).then(
      () => edit.notify('shell.notice.copied', { what: t('shell.menu.what.command') }),
      (err: unknown) => edit.notify('shell.notice.copyFailed', { message: err instanceof Error ? err.message : String(err) }),
    );
  };
  const platform = [summary.os, summary.architecture].filter(Boolean).join('/');
  const where =
    summary.source === 'engine'
      ? t('explore.header.fromEngine')
      : t('explore.header.fromArchive', {
          format: summary.archive?.format === 'oci' ? 'OCI' : 'docker save',
          compression: summary.archive?.compression ?? 'none',
        });
  return (
    <div className="explore-header">
      <dl className="explore-facts">
        {summary.repoTags.length > 0 && (
          <div>
            <dt>{t('explore.header.tags')}</dt>
            <dd className="mono">{summary.repoTags.join(', ')}</dd>
          </div>
        )}
        <div>
          <dt>{t('explore.header.imageId')}</dt>
          <dd className="mono" title={summary.imageId}>
            {truncateId(summary.imageId)}
          </dd>
        </div>
        {platform && (
          <div>
            <dt>{t('explore.header.platform')}</dt>
            <dd className="mono">{platform}</dd>
          </div>
        )}
        <div>
          <dt>{t('explore.header.source')}</dt>
          <dd>{where}</dd>
        </div>
      </dl>
      <div className="explore-header-actions">
        {commands.length > 0 && (
          <OverflowMenu
            label={t('explore.header.copyAs')}
            text={t('explore.header.copyAs')}
            icon={<TerminalIcon />}
            entries={commands.map((command) => ({ kind: 'item', id: command, label: command, onSelect: () => copy(command) }))}
          />
        )}
        <button type="button" className="button" onClick={() => void store.getState().explore.close()}>
          {t('explore.header.close')}
        </button>
      </div>
    </div>
  );
}
