// Owns the Settings dialog (Ctrl/Cmd+, or the Settings button): theme and language apply at once;
// close-to-tray and notifications are stored for the desktop shell; the engine endpoint is applied
// with its own button, because core reconnects to it and may refuse it (shown in core's words).
// In a browser (the loopback bridge) the engine is shown read-only: core refuses to change it
// there, so a page cannot aim Stevedore at another socket or host.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../../shared/contract';
import type { EngineEndpointSetting, LanguageSetting, ThemeSetting } from '../../../../shared/shell';
import type { SettingsPatch } from './settings-slice';
import { useApp, useAppStore } from '../../store/use-app';
import { closeDialogOf, EditModal } from '../../ui/EditModal';

type EngineKind = EngineEndpointSetting['kind'];

/** The endpoint form's fields, all as typed text; an endpoint is made from them on Apply. */
interface EngineDraft {
  kind: EngineKind;
  path: string;
  host: string;
  port: string;
  tls: boolean;
  certDir: string;
  user: string;
  context: string;
}

function draftOf(e: EngineEndpointSetting): EngineDraft {
  const d: EngineDraft = { kind: e.kind, path: '', host: '', port: '', tls: true, certDir: '', user: '', context: '' };
  switch (e.kind) {
    case 'socket':
      return { ...d, path: e.path };
    case 'tcp':
      return { ...d, host: e.host, port: String(e.port), tls: e.tls, certDir: e.certDir ?? '' };
    case 'ssh':
      return { ...d, host: e.host, user: e.user ?? '', port: e.port ? String(e.port) : '' };
    case 'context':
      return { ...d, context: e.name };
    default:
      return d;
  }
}

/** The endpoint the draft describes, or the field that is missing or wrong. */
export function endpointOf(d: EngineDraft): { ok: true; value: EngineEndpointSetting } | { ok: false; field: keyof EngineDraft } {
  const port = (text: string, required: boolean): number | undefined | null => {
    if (text.trim() === '') return required ? null : undefined;
    const n = Number(text.trim());
    return Number.isInteger(n) && n >= 1 && n <= 65_535 ? n : null;
  };
  switch (d.kind) {
    case 'auto':
      return { ok: true, value: { kind: 'auto' } };
    case 'socket':
      return d.path.trim() ? { ok: true, value: { kind: 'socket', path: d.path.trim() } } : { ok: false, field: 'path' };
    case 'tcp': {
      if (!d.host.trim()) return { ok: false, field: 'host' };
      const p = port(d.port, true);
      if (p == null) return { ok: false, field: 'port' };
      const certDir = d.certDir.trim();
      return { ok: true, value: { kind: 'tcp', host: d.host.trim(), port: p, tls: d.tls, ...(d.tls && certDir ? { certDir } : {}) } };
    }
    case 'ssh': {
      if (!d.host.trim()) return { ok: false, field: 'host' };
      const p = port(d.port, false);
      if (p === null) return { ok: false, field: 'port' };
      const user = d.user.trim();
      return { ok: true, value: { kind: 'ssh', host: d.host.trim(), ...(user ? { user } : {}), ...(p ? { port: p } : {}) } };
    }
    case 'context':
      return d.context.trim() ? { ok: true, value: { kind: 'context', name: d.context.trim() } } : { ok: false, field: 'context' };
  }
}

function EngineFields({
  draft,
  setDraft,
  invalid,
  readOnly,
}: {
  draft: EngineDraft;
  setDraft: (d: EngineDraft) => void;
  invalid: keyof EngineDraft | null;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const base = useId();
  const text = (field: 'path' | 'host' | 'port' | 'certDir' | 'user' | 'context', placeholder?: string) => (
    <div className="field grow" key={field}>
      <label htmlFor={`${base}-${field}`}>{t(`shell.settings.engine.${field}`)}</label>
      <input
        id={`${base}-${field}`}
        className="text-input mono"
        value={draft[field]}
        placeholder={readOnly ? undefined : placeholder}
        readOnly={readOnly}
        spellCheck={false}
        autoComplete="off"
        inputMode={field === 'port' ? 'numeric' : undefined}
        aria-invalid={invalid === field || undefined}
        onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
      />
    </div>
  );
  switch (draft.kind) {
    case 'socket':
      return <div className="field-row">{text('path', '/var/run/docker.sock')}</div>;
    case 'tcp':
      return (
        <>
          <div className="field-row">
            {text('host', 'docker.example.com')}
            {text('port', draft.tls ? '2376' : '2375')}
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.tls}
              disabled={readOnly}
              onChange={(e) => setDraft({ ...draft, tls: e.target.checked })}
            />
            <span>{t('shell.settings.engine.tls')}</span>
          </label>
          {draft.tls && <div className="field-row">{text('certDir', '~/.docker')}</div>}
        </>
      );
    case 'ssh':
      return (
        <div className="field-row">
          {text('user')}
          {text('host', 'build-server')}
          {text('port', '22')}
        </div>
      );
    case 'context':
      return <div className="field-row">{text('context', 'default')}</div>;
    default:
      return <p className="hint">{t('shell.settings.engine.autoHint')}</p>;
  }
}

/** Core's refusal, in its own words. */
function Refusal({ title, error }: { title: string; error: ContractError }) {
  return (
    <div role="alert" className="inline-error">
      <strong>{title}</strong>
      <span className="mono">{error.message}</span>
    </div>
  );
}

function SettingsForm() {
  const { t } = useTranslation();
  const store = useAppStore();
  const theme = useApp((s) => s.settings.theme);
  const language = useApp((s) => s.settings.language);
  const engine = useApp((s) => s.settings.engine);
  const closeToTray = useApp((s) => s.settings.closeToTray);
  const notifications = useApp((s) => s.settings.notifications);
  const engineHost = useApp((s) => s.engine.status?.host);
  const engineReachable = useApp((s) => s.engine.status?.reachable);
  // Only the desktop app may change the engine; a browser shows the stored one as it changes.
  const engineEditable = useApp((s) => s.transfer.mode === 'desktop');
  const [edited, setDraft] = useState(() => draftOf(engine));
  const draft = engineEditable ? edited : draftOf(engine);
  const [invalid, setInvalid] = useState<keyof EngineDraft | null>(null);
  const [engineError, setEngineError] = useState<ContractError | null>(null);
  const [engineNotice, setEngineNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const ids = { theme: useId(), language: useId(), kind: useId(), engine: useId(), engineNote: useId() };

  const update = async (patch: SettingsPatch) => {
    const r = await store.getState().settings.update(patch);
    setError(r.ok ? null : r.error);
    return r;
  };

  const applyEngine = async () => {
    const e = endpointOf(draft);
    if (!e.ok) {
      setInvalid(e.field);
      setEngineNotice('');
      return;
    }
    setInvalid(null);
    setBusy(true);
    const r = await store.getState().settings.update({ engine: e.value });
    setBusy(false);
    setEngineError(r.ok ? null : r.error);
    setEngineNotice(r.ok ? t('shell.settings.engine.applied') : '');
  };

  return (
    <>
      <fieldset className="settings-group">
        <legend>{t('shell.settings.appearance')}</legend>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.theme}>{t('settings.theme')}</label>
            <select
              id={ids.theme}
              className="select"
              value={theme}
              data-autofocus
              onChange={(e) => void update({ theme: e.target.value as ThemeSetting })}
            >
              <option value="system">{t('settings.themeSystem')}</option>
              <option value="light">{t('settings.themeLight')}</option>
              <option value="dark">{t('settings.themeDark')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.language}>{t('settings.language')}</label>
            <select
              id={ids.language}
              className="select"
              value={language}
              onChange={(e) => void update({ language: e.target.value as LanguageSetting })}
            >
              <option value="system">{t('settings.languageSystem')}</option>
              <option value="en">{t('languages.en')}</option>
              <option value="es">{t('languages.es')}</option>
            </select>
          </div>
        </div>
      </fieldset>

      <fieldset className="settings-group">
        <legend>{t('shell.settings.desktop')}</legend>
        <label className="checkbox">
          <input type="checkbox" checked={closeToTray} onChange={(e) => void update({ closeToTray: e.target.checked })} />
          <span>{t('shell.settings.closeToTray')}</span>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={notifications} onChange={(e) => void update({ notifications: e.target.checked })} />
          <span>{t('shell.settings.notifications')}</span>
        </label>
        <p className="hint">{t('shell.settings.desktopHint')}</p>
      </fieldset>

      <fieldset className="settings-group" aria-describedby={engineEditable ? ids.engine : `${ids.engine} ${ids.engineNote}`}>
        <legend>{t('shell.settings.engine.title')}</legend>
        <p id={ids.engine} className="hint">
          {engineHost
            ? t(engineReachable ? 'shell.settings.engine.connected' : 'shell.settings.engine.unreachable', { host: engineHost })
            : t('shell.settings.engine.unknown')}
        </p>
        {!engineEditable && (
          <p id={ids.engineNote} className="hint" role="note">
            {t('shell.settings.engine.desktopOnly')}
          </p>
        )}
        <div className="field">
          <label htmlFor={ids.kind}>{t('shell.settings.engine.kind')}</label>
          <select
            id={ids.kind}
            className="select"
            value={draft.kind}
            disabled={!engineEditable}
            onChange={(e) => {
              setDraft({ ...draft, kind: e.target.value as EngineKind });
              setInvalid(null);
              setEngineNotice('');
            }}
          >
            {(['auto', 'socket', 'tcp', 'ssh', 'context'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`shell.settings.engine.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <EngineFields draft={draft} setDraft={setDraft} invalid={invalid} readOnly={!engineEditable} />
        {invalid && (
          <p className="field-error" role="alert">
            {t(`shell.settings.engine.invalid.${invalid}`)}
          </p>
        )}
        {engineError && <Refusal title={t('shell.settings.engine.refused')} error={engineError} />}
        {engineEditable && (
          <div className="settings-actions">
            <p role="status" className="notice">
              {engineNotice}
            </p>
            <button type="button" className="button" disabled={busy} onClick={() => void applyEngine()}>
              {t('shell.settings.engine.apply')}
            </button>
          </div>
        )}
      </fieldset>
      {error && <Refusal title={t('shell.settings.saveFailed')} error={error} />}
    </>
  );
}

export function SettingsDialog() {
  const { t } = useTranslation();
  const store = useAppStore();
  const open = useApp((s) => s.ui.settingsOpen);
  if (!open) return null;
  return (
    <EditModal
      title={t('settings.title')}
      className="settings-dialog"
      onClose={() => store.getState().ui.closeSettings()}
      footer={
        <button type="button" className="button primary" onClick={(e) => closeDialogOf(e.currentTarget)}>
          {t('shell.settings.done')}
        </button>
      }
    >
      <SettingsForm />
    </EditModal>
  );
}
