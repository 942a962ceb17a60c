// Owns the Images view's options: the instant text filter, the CLI toggles (-a, --digests,
// --no-trunc) and the CLI filters (dangling, label, reference, before, since, until).
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hasActiveFilters, type ImageFilters } from './image-view';
import type { ImageOptions } from './images-slice';
import { useApp, useAppStore } from '../../store/use-app';
import { CloseIcon, SearchIcon } from '../../ui/icons';
import { Switch } from '../../ui/Switch';
import { UntilFilterNote, useUntilRefused } from './UntilNote';

function OptionSwitch({ option, label }: { option: keyof ImageOptions; label: string }) {
  const store = useAppStore();
  const checked = useApp((s) => s.images.options[option]);
  return <Switch checked={checked} label={label} onChange={(on) => store.getState().images.setOption(option, on)} />;
}

/** A field that adds one CLI filter per entry (`label=...`, `reference=...`), shown as removable chips. */
function ListFilter({
  field,
  prefix,
  label,
  placeholder,
}: {
  field: 'labels' | 'references';
  prefix: string;
  label: string;
  placeholder: string;
}) {
  const { t } = useTranslation();
  const store = useAppStore();
  const values = useApp((s) => s.images.filters[field]);
  const [draft, setDraft] = useState('');
  const id = useId();
  const add = (e: FormEvent) => {
    e.preventDefault();
    const v = draft.trim();
    if (!v) return;
    if (!values.includes(v)) store.getState().images.setFilters({ [field]: [...values, v] });
    setDraft('');
  };
  const remove = (v: string) => store.getState().images.setFilters({ [field]: values.filter((x) => x !== v) });
  return (
    <div className="filter-field list-filter">
      <label htmlFor={id}>{label}</label>
      <form className="chip-input" onSubmit={add}>
        {values.map((v) => (
          <span key={v} className="chip">
            <span className="chip-text" title={v}>
              {v}
            </span>
            <button
              type="button"
              className="chip-remove"
              aria-label={t('filters.remove', { filter: `${prefix}=${v}` })}
              title={t('filters.remove', { filter: `${prefix}=${v}` })}
              onClick={() => remove(v)}
            >
              <CloseIcon width={12} height={12} />
            </button>
          </span>
        ))}
        {/* The field and its + together, as wide as the hint (about half an em a character, and
            the +): beside chips that leave less room they move to a line of their own (filters.css)
            rather than cutting the hint ("repo:etiq"). */}
        <span className="chip-entry" style={{ ['--hint-width' as string]: `${placeholder.length * 0.55 + 3}em` }}>
          <input
            id={id}
            value={draft}
            placeholder={placeholder}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Backspace' && draft === '' && values.length) remove(values[values.length - 1]);
            }}
          />
          <button type="submit" className="chip-add" aria-label={t('filters.addFilter', { field: label })} title={t('filters.add')}>
            +
          </button>
        </span>
      </form>
    </div>
  );
}

/** A single-value filter applied when committed (Enter or leaving the field), not on every keystroke. */
function ValueFilter({
  field,
  label,
  placeholder,
  describedBy,
}: {
  field: 'before' | 'since' | 'until';
  label: string;
  placeholder: string;
  /** A note about the filter (until on an engine that refuses it). */
  describedBy?: string;
}) {
  const store = useAppStore();
  const applied = useApp((s) => s.images.filters[field]);
  const [draft, setDraft] = useState<string | null>(null);
  const id = useId();
  const commit = () => {
    if (draft === null) return;
    store.getState().images.setFilters({ [field]: draft.trim() } as Partial<ImageFilters>);
    setDraft(null);
  };
  return (
    <div className="filter-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={`text-input${applied ? ' active' : ''}`}
        value={draft ?? applied}
        placeholder={placeholder}
        aria-describedby={describedBy}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(null);
        }}
      />
    </div>
  );
}

function DanglingFilter() {
  const { t } = useTranslation();
  const store = useAppStore();
  const value = useApp((s) => s.images.filters.dangling);
  const id = useId();
  return (
    <div className="filter-field">
      <label htmlFor={id}>{t('filters.dangling')}</label>
      <select
        id={id}
        className={`select${value ? ' active' : ''}`}
        value={value}
        onChange={(e) => store.getState().images.setFilters({ dangling: e.target.value as ImageFilters['dangling'] })}
      >
        <option value="">{t('filters.danglingAny')}</option>
        <option value="true">{t('filters.danglingTrue')}</option>
        <option value="false">{t('filters.danglingFalse')}</option>
      </select>
    </div>
  );
}

function TextFilter() {
  const { t } = useTranslation();
  const store = useAppStore();
  const text = useApp((s) => s.images.text);
  return (
    <div className="search-field">
      <SearchIcon className="search-icon" />
      <input
        type="search"
        aria-label={t('toolbar.textFilter')}
        placeholder={t('toolbar.textFilterPlaceholder')}
        // The rule in full, `<none>` included (see image-view.ts's haystack): the placeholder is too short for it.
        title={t('toolbar.textFilterHelp')}
        value={text}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => store.getState().images.setText(e.target.value)}
      />
    </div>
  );
}

export function FilterBar() {
  const { t } = useTranslation();
  const store = useAppStore();
  const active = useApp((s) => hasActiveFilters(s.images.filters));
  const untilNote = useId();
  const untilRefused = useUntilRefused() !== null;
  return (
    <>
      <div className="toolbar-row">
        <TextFilter />
        <div className="switches">
          <OptionSwitch option="all" label={t('toolbar.all')} />
          <OptionSwitch option="digests" label={t('toolbar.digests')} />
          <OptionSwitch option="noTrunc" label={t('toolbar.noTrunc')} />
        </div>
      </div>
      <fieldset className="filters">
        <legend className="visually-hidden">{t('filters.label')}</legend>
        <DanglingFilter />
        <ListFilter field="labels" prefix="label" label={t('filters.labelField')} placeholder={t('filters.labelPlaceholder')} />
        <ListFilter field="references" prefix="reference" label={t('filters.reference')} placeholder={t('filters.referencePlaceholder')} />
        <ValueFilter field="before" label={t('filters.before')} placeholder={t('filters.imagePlaceholder')} />
        <ValueFilter field="since" label={t('filters.since')} placeholder={t('filters.imagePlaceholder')} />
        <ValueFilter
          field="until"
          label={t('filters.until')}
          placeholder={t('filters.untilPlaceholder')}
          describedBy={untilRefused ? untilNote : undefined}
        />
        <button
          type="button"
          className="button subtle clear-filters"
          disabled={!active}
          onClick={() => store.getState().images.clearFilters()}
        >
          {t('filters.clear')}
        </button>
        <UntilFilterNote id={untilNote} />
      </fieldset>
    </>
  );
}
