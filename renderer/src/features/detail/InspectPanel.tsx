// Owns an image's Inspect tab: the parts of `docker image inspect` people look for, readable
// (platform, entrypoint, cmd, env, working dir, user, ports, volumes, labels, names, parent,
// layers), then the engine's raw JSON with a copy button.
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { sizeText } from '../../ui/format';
import { useApp } from '../../store/use-app';
import { copyText } from '../../ui/clipboard';
import { CopyIcon } from '../../ui/icons';
import { NotReady, Section } from './DetailParts';
import '../features.css';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The engine's inspect JSON as the CLI prints it (`docker image inspect` is an array of these). */
export const rawInspectText = (value: Json): string => `${JSON.stringify([value], null, 4)}\n`;

function None() {
  const { t } = useTranslation();
  return <span className="none-value">{t('inspect.none')}</span>;
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Mono({ text }: { text: string }) {
  return text === '' ? <None /> : <span className="mono">{text}</span>;
}

/** Entrypoint / Cmd as the CLI's `{{json .Config.Cmd}}` shows them. */
function Command({ value }: { value: unknown }) {
  const list = strings(value);
  return Array.isArray(value) ? <span className="mono">{JSON.stringify(list)}</span> : <None />;
}

function List({ items, label }: { items: string[]; label: string }) {
  if (items.length === 0) return <None />;
  return (
    <ul className="value-list" aria-label={label}>
      {items.map((x, i) => (
        <li key={`${i}-${x}`} className="mono">
          {x}
        </li>
      ))}
    </ul>
  );
}

export function InspectPanel() {
  const { t } = useTranslation();
  const inspect = useApp((s) => s.detail.inspect);
  const rootRef = useRef<HTMLDivElement>(null);
  const [notice, setNotice] = useState('');

  if (inspect.status !== 'ready' || !inspect.value) {
    return <NotReady loadable={inspect} loading={t('inspect.loading')} failed={t('inspect.failed')} />;
  }

  const json = inspect.value;
  const config = obj(json.Config) ?? {};
  const labels = Object.entries(obj(config.Labels) ?? {}).map(([k, v]) => [k, String(v ?? '')] as const);
  const layers = strings(obj(json.RootFS)?.Layers);
  const platform = [str(json.Os), str(json.Architecture), str(json.Variant)].filter(Boolean).join('/');
  const raw = rawInspectText(json);
  const size = typeof json.Size === 'number' ? sizeText(json.Size) : '';

  const copy = async () => {
    try {
      await copyText(raw, rootRef.current);
      setNotice(t('inspect.copied'));
    } catch (err) {
      setNotice(t('inspect.copyFailed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <div className="inspect-panel" ref={rootRef}>
      <div className="inspect-grid">
        <Section title={t('inspect.image')}>
          <dl className="kv">
            <Item term={t('inspect.id')}>
              <Mono text={str(json.Id)} />
            </Item>
            <Item term={t('inspect.platform')}>
              <Mono text={platform} />
            </Item>
            <Item term={t('inspect.created')}>
              <Mono text={str(json.Created)} />
            </Item>
            <Item term={t('inspect.size')}>
              <Mono text={size} />
            </Item>
            <Item term={t('inspect.parent')}>
              <Mono text={str(json.Parent)} />
            </Item>
            <Item term={t('inspect.author')}>
              <Mono text={str(json.Author)} />
            </Item>
            <Item term={t('inspect.comment')}>
              <Mono text={str(json.Comment)} />
            </Item>
          </dl>
        </Section>
        <Section title={t('inspect.config')}>
          <dl className="kv">
            <Item term={t('inspect.entrypoint')}>
              <Command value={config.Entrypoint} />
            </Item>
            <Item term={t('inspect.cmd')}>
              <Command value={config.Cmd} />
            </Item>
            <Item term={t('inspect.workingDir')}>
              <Mono text={str(config.WorkingDir)} />
            </Item>
            <Item term={t('inspect.user')}>
              <Mono text={str(config.User)} />
            </Item>
            <Item term={t('inspect.ports')}>
              <List items={Object.keys(obj(config.ExposedPorts) ?? {})} label={t('inspect.ports')} />
            </Item>
            <Item term={t('inspect.volumes')}>
              <List items={Object.keys(obj(config.Volumes) ?? {})} label={t('inspect.volumes')} />
            </Item>
            <Item term={t('inspect.env')}>
              <List items={strings(config.Env)} label={t('inspect.env')} />
            </Item>
          </dl>
        </Section>
        <Section title={t('inspect.names')}>
          <dl className="kv">
            <Item term={t('inspect.repoTags')}>
              <List items={strings(json.RepoTags)} label={t('inspect.repoTags')} />
            </Item>
            <Item term={t('inspect.repoDigests')}>
              <List items={strings(json.RepoDigests)} label={t('inspect.repoDigests')} />
            </Item>
          </dl>
        </Section>
        <Section title={t('inspect.labels')}>
          {labels.length === 0 ? (
            <None />
          ) : (
            <table className="detail-table labels-table">
              <caption className="visually-hidden">{t('inspect.labels')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('inspect.labelKey')}</th>
                  <th scope="col">{t('inspect.labelValue')}</th>
                </tr>
              </thead>
              <tbody>
                {labels.map(([k, v]) => (
                  <tr key={k}>
                    <td className="mono">{k}</td>
                    <td className="mono">{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
        <Section title={t('inspect.layers', { count: layers.length })}>
          {layers.length === 0 ? (
            <None />
          ) : (
            <ol className="value-list layers-list" aria-label={t('inspect.layersList')}>
              {layers.map((l, i) => (
                <li key={`${i}-${l}`} className="mono">
                  {l}
                </li>
              ))}
            </ol>
          )}
        </Section>
      </div>
      <section className="inspect-section raw-json" aria-label={t('inspect.raw')}>
        <div className="raw-head">
          <h3>{t('inspect.raw')}</h3>
          <p className="notice" role="status">
            {notice}
          </p>
          <button type="button" className="button small" onClick={() => void copy()}>
            <CopyIcon width={14} height={14} />
            <span>{t('inspect.copy')}</span>
          </button>
        </div>
        <pre className="mono raw-json-text" tabIndex={0} aria-label={t('inspect.raw')}>
          {raw}
        </pre>
      </section>
    </div>
  );
}
