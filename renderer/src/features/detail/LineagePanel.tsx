// Owns an image's Lineage tab: every tag and digest it carries, its parent chain and children among
// local images (each opens its own lineage), the containers created from it with their names and
// states, and when one of them was last created or started; with the docker commands that show the same.
import { useTranslation } from 'react-i18next';
import type { LineageImage } from '../../../../shared/contract';
import { lineageCommands } from '../../../../shared/lineage';
import { truncateId } from '../../../../shared/docker-units';
import { createdAgo } from '../../i18n/relative-time';
import { containerStatusText } from '../../i18n/container-status';
import { useApp, useAppStore } from '../../store/use-app';
import { DockerCommand } from '../../ui/DockerCommand';
import { useNow } from '../../ui/use-now';
import { NotReady, Section } from './DetailParts';
import '../features.css';

/** An RFC 3339 time as seconds since the epoch (for the relative-time words). */
const unixOf = (rfc3339: string): number => Math.floor(Date.parse(rfc3339) / 1000);

function Names({ items, label }: { items: string[]; label: string }) {
  const { t } = useTranslation();
  if (items.length === 0) return <span className="none-value">{t('lineage.none')}</span>;
  return (
    <ul className="value-list" aria-label={label}>
      {items.map((x) => (
        <li key={x} className="mono">
          {x}
        </li>
      ))}
    </ul>
  );
}

/** Parents or children: each a button that opens that image's lineage. */
function ImageChain({ images, label, ordered }: { images: LineageImage[]; label: string; ordered: boolean }) {
  const { t, i18n } = useTranslation();
  const store = useAppStore();
  const now = useNow(60_000);
  if (images.length === 0) return <span className="none-value">{t('lineage.none')}</span>;
  const Tag = ordered ? 'ol' : 'ul';
  return (
    <Tag className="value-list lineage-chain" aria-label={label}>
      {images.map((img) => {
        const name = img.repoTags[0] ?? truncateId(img.id);
        return (
          <li key={img.id}>
            <button
              type="button"
              className="link-button mono"
              onClick={() => store.getState().detail.openImage({ image: img.id, label: name }, 'lineage')}
            >
              {name}
            </button>{' '}
            <span className="muted mono">{truncateId(img.id)}</span>{' '}
            <span className="muted">{createdAgo(img.created, now, i18n.language)}</span>
            {img.repoTags.length > 1 && <span className="muted mono"> {img.repoTags.slice(1).join(', ')}</span>}
          </li>
        );
      })}
    </Tag>
  );
}

export function LineagePanel() {
  const { t, i18n } = useTranslation();
  const lineage = useApp((s) => s.detail.lineage);
  const label = useApp((s) => s.detail.open?.target.label ?? '');
  const now = useNow(1000, lineage.status === 'ready');

  if (lineage.status !== 'ready' || !lineage.value) {
    return <NotReady loadable={lineage} loading={t('lineage.loading')} failed={t('lineage.failed')} />;
  }

  const l = lineage.value;
  const commands = lineageCommands(label);
  const ago = (at: string) => createdAgo(unixOf(at), now, i18n.language);
  return (
    <div className="inspect-panel lineage-panel">
      <div className="inspect-grid">
        <Section title={t('lineage.names')}>
          <dl className="kv">
            <dt>{t('lineage.tags', { count: l.repoTags.length })}</dt>
            <dd>
              <Names items={l.repoTags} label={t('lineage.tags', { count: l.repoTags.length })} />
            </dd>
            <dt>{t('lineage.digests', { count: l.repoDigests.length })}</dt>
            <dd>
              <Names items={l.repoDigests} label={t('lineage.digests', { count: l.repoDigests.length })} />
            </dd>
          </dl>
        </Section>
        <Section title={t('lineage.family')}>
          <dl className="kv">
            <dt>{t('lineage.parents', { count: l.parents.length })}</dt>
            <dd>
              <ImageChain images={l.parents} label={t('lineage.parents', { count: l.parents.length })} ordered />
            </dd>
            <dt>{t('lineage.children', { count: l.children.length })}</dt>
            <dd>
              <ImageChain images={l.children} label={t('lineage.children', { count: l.children.length })} ordered={false} />
            </dd>
          </dl>
        </Section>
      </div>
      <Section title={t('lineage.containers', { count: l.containers.length })}>
        <p className="detail-message" role="status">
          {l.lastUsed
            ? t(l.lastUsed.how === 'started' ? 'lineage.lastStarted' : 'lineage.lastCreated', {
                container: l.lastUsed.container,
                ago: ago(l.lastUsed.at),
              })
            : t('lineage.neverUsed')}
        </p>
        {l.containers.length > 0 && (
          <div className="detail-table-wrap">
            <table className="detail-table lineage-table">
              <caption className="visually-hidden">{t('lineage.containers', { count: l.containers.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('lineage.columns.name')}</th>
                  <th scope="col">{t('lineage.columns.id')}</th>
                  <th scope="col">{t('lineage.columns.createdAs')}</th>
                  <th scope="col">{t('lineage.columns.status')}</th>
                  <th scope="col">{t('lineage.columns.created')}</th>
                  <th scope="col">{t('lineage.columns.started')}</th>
                </tr>
              </thead>
              <tbody>
                {l.containers.map((c) => (
                  <tr key={c.id}>
                    <td className="mono">{c.name}</td>
                    <td className="mono">{truncateId(c.id)}</td>
                    <td className="mono">{c.imageName}</td>
                    <td>{containerStatusText(c.status, t, i18n.language)}</td>
                    <td title={c.created}>{c.created ? ago(c.created) : ''}</td>
                    <td title={c.startedAt}>{c.startedAt ? ago(c.startedAt) : t('lineage.neverStarted')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section title={t('lineage.commands')}>
        <DockerCommand command={commands.inspect} />
        <DockerCommand command={commands.containers} />
        <p className="detail-message">{t('lineage.ancestorNote')}</p>
      </Section>
    </div>
  );
}
