// Owns the pull dialog's registry half: once the field names a repository, its tags as the registry
// lists them (asked once typing pauses; an answer to older text is dropped), a filter over them, and,
// once a tag is typed or picked, its platforms: a picker for an index (default: the engine's own),
// the one platform of a single manifest. A registry that refuses or cannot be reached says so here,
// with "Log in to <host>" when it asks for credentials. Loaded on demand by PullDialog.tsx.
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, RegistryPlatforms } from '../../../../shared/contract';
import { platformString } from '../../../../shared/platform';
import { useApp, useAppStore } from '../../store/use-app';
import { useDebouncedAnswer } from '../../ui/use-debounced-answer';
import { RegistryError } from '../registries/RegistriesParts';
import {
  enginePlatform,
  filterTags,
  indexHasPlatform,
  platformChoices,
  platformsKey,
  SHOWN_TAGS,
  sortTags,
  tagsKey,
  type TypedRepository,
  typedRepository,
  withTag,
} from './pull-model';

/** Long enough that typing a name does not ask the registry at every key. */
const ASK_DELAY_MS = 400;

export interface PullRemoteProps {
  reference: string;
  /** A tag was picked: the field's new text. */
  onPick: (reference: string) => void;
  /** The platform picked; null: the engine's own. */
  platform: string | null;
  onPlatform: (platform: string | null) => void;
}

export function PullRemote({ reference, onPick, platform, onPlatform }: PullRemoteProps) {
  const typed = useMemo(() => typedRepository(reference), [reference]);
  // "Try again" (a registry that came back) asks the same question anew; so does a login to that
  // registry (from the "Log in to" here or anywhere else), which reloads the registries list.
  const [tries, setTries] = useState(0);
  const loggedIn = useApp((s) => (typed ? (s.registries.entries.find((e) => e.host === typed.host)?.loggedIn ?? false) : false));
  const round = `${tries}/${loggedIn}`;
  if (!typed) return null;
  return (
    <div className="pull-remote">
      <RemoteTags typed={typed} round={round} again={() => setTries((r) => r + 1)} onPick={onPick} />
      <RemotePlatforms typed={typed} round={round} platform={platform} onPlatform={onPlatform} />
    </div>
  );
}

function RemoteFailure({ error, host, again }: { error: ContractError; host: string; again: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  return (
    <div className="pull-remote-error">
      <RegistryError error={error} host={host} context="browse" />
      <div className="row-actions">
        {error.code === 'UNAUTHORIZED' && (
          <button type="button" className="button small" aria-haspopup="dialog" onClick={() => store.getState().registries.openLogin(host)}>
            {t('registries.login.to', { host })}
          </button>
        )}
        <button type="button" className="button small" onClick={again}>
          {t('pull.remote.again')}
        </button>
      </div>
    </div>
  );
}

function RemoteTags({
  typed,
  round,
  again,
  onPick,
}: {
  typed: TypedRepository;
  round: string;
  again: () => void;
  onPick: (reference: string) => void;
}) {
  const { t } = useTranslation();
  const store = useAppStore();
  const filterId = useId();
  const [filter, setFilter] = useState('');
  const key = tagsKey(typed);
  const answer = useDebouncedAnswer(
    `${key}#${round}`,
    () => store.getState().pull.remoteTags(typed.host, typed.repository),
    ASK_DELAY_MS,
    () => key === '',
  );
  const sorted = useMemo(() => sortTags(answer.value?.tags ?? []), [answer.value]);
  const shown = useMemo(() => filterTags(sorted, filter), [sorted, filter]);
  const name = typed.name;
  if (answer.error && !answer.checking) return <RemoteFailure error={answer.error} host={typed.host} again={again} />;
  if (!answer.value || answer.checking) {
    return (
      <p className="notice pull-remote-status" role="status">
        {t('pull.remote.asking', { host: typed.host })}
      </p>
    );
  }
  return (
    <section className="pull-tags" aria-label={t('pull.remote.tagsOf', { name })}>
      <div className="pull-tags-head">
        <span className="muted" role="status">
          {t('pull.remote.count', { count: sorted.length })}
        </span>
        {sorted.length > 0 && (
          <>
            <label htmlFor={filterId} className="visually-hidden">
              {t('pull.remote.filter')}
            </label>
            <input
              id={filterId}
              type="search"
              className="text-input small mono"
              placeholder={t('pull.remote.filter')}
              value={filter}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setFilter(e.target.value)}
              // Enter in the filter narrows the list; it does not start the pull.
              onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
            />
          </>
        )}
      </div>
      {sorted.length > 0 && (
        <ul className="pull-tag-list" aria-label={t('pull.remote.tagsOf', { name })}>
          {shown.slice(0, SHOWN_TAGS).map((tag) => (
            <li key={tag}>
              <button
                type="button"
                className="button small mono"
                aria-pressed={typed.tag === tag}
                title={withTag(typed, tag)}
                onClick={() => onPick(withTag(typed, tag))}
              >
                {tag}
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown.length > SHOWN_TAGS && <p className="hint">{t('pull.remote.more', { count: shown.length - SHOWN_TAGS })}</p>}
      {sorted.length > 0 && shown.length === 0 && <p className="hint">{t('pull.remote.noMatch')}</p>}
      <p className="hint">{t('pull.remote.order')}</p>
    </section>
  );
}

function RemotePlatforms({
  typed,
  round,
  platform,
  onPlatform,
}: {
  typed: TypedRepository;
  round: string;
  platform: string | null;
  onPlatform: (platform: string | null) => void;
}) {
  const { t } = useTranslation();
  const store = useAppStore();
  const pickerId = useId();
  const engine = useApp((s) => enginePlatform(s.engine.status));
  const key = platformsKey(typed);
  const answer = useDebouncedAnswer(
    `${key}#${round}`,
    () => store.getState().pull.remotePlatforms(typed.host, typed.repository, typed.tag ?? ''),
    ASK_DELAY_MS,
    () => key === '',
  );
  if (key === '') return null;
  if (answer.checking || (!answer.value && !answer.error)) {
    return (
      <p className="notice pull-remote-status" role="status">
        {t('pull.remote.platformsAsking', { reference: `${typed.name}:${typed.tag}` })}
      </p>
    );
  }
  // A tag the tag list already explains (refused, unreachable) needs no second alert.
  if (answer.error) return answer.error.code === 'NOT_FOUND' ? <p className="hint">{answer.error.message}</p> : null;
  const value = answer.value as RegistryPlatforms;
  const choices = platformChoices(value, engine);
  if (!choices) {
    const only = value.platforms[0];
    if (!only) return null;
    const text = platformString(only);
    return (
      <p className="hint pull-platform-single">
        {t('pull.remote.single', { platform: text })}
        {engine && text !== engine && !text.startsWith(`${engine}/`) ? ` ${t('pull.remote.singleOther', { engine })}` : ''}
      </p>
    );
  }
  return (
    <div className="field pull-platform">
      <label htmlFor={pickerId}>{t('pull.remote.platform')}</label>
      <select
        id={pickerId}
        className="select mono"
        value={platform ?? ''}
        onChange={(e) => onPlatform(e.target.value === '' ? null : e.target.value)}
      >
        <option value="">{engine ? t('pull.remote.native', { platform: engine }) : t('pull.remote.engineDefault')}</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <p className="hint">
        {t('pull.remote.entries', { count: value.platforms.length })}
        {engine && !indexHasPlatform(value, engine) ? ` ${t('pull.remote.noNative', { engine })}` : ''}
      </p>
    </div>
  );
}
