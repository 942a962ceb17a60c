// Owns a WAI-ARIA tablist: one tab selected and in the tab order, Left/Right move between tabs
// (wrapping, focus follows), Home/End jump to the ends. The panels are the caller's.
import type { KeyboardEvent, ReactNode } from 'react';

export function onTablistKey<T>(e: KeyboardEvent, tabs: readonly T[], current: T, select: (tab: T) => void): void {
  const at = tabs.indexOf(current);
  const next =
    e.key === 'ArrowRight'
      ? (at + 1) % tabs.length
      : e.key === 'ArrowLeft'
        ? (at - 1 + tabs.length) % tabs.length
        : e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? tabs.length - 1
            : null;
  if (next === null) return;
  e.preventDefault();
  select(tabs[next]);
}

export function TabList<T extends string>({
  label,
  tabs,
  current,
  onSelect,
  tabId,
  panelId,
  children,
}: {
  label: string;
  tabs: readonly T[];
  current: T;
  onSelect: (tab: T) => void;
  tabId: (tab: T) => string;
  panelId: (tab: T) => string;
  /** Each tab's content (icon, text). */
  children: (tab: T) => ReactNode;
}) {
  const select = (tab: T, focus: boolean) => {
    onSelect(tab);
    // The tab exists already: only its selection changes.
    if (focus) document.getElementById(tabId(tab))?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={(e) => onTablistKey(e, tabs, current, (k) => select(k, true))}>
      {tabs.map((k) => (
        <button
          key={k}
          id={tabId(k)}
          type="button"
          role="tab"
          className="tab"
          aria-selected={current === k}
          aria-controls={panelId(k)}
          tabIndex={current === k ? 0 : -1}
          onClick={() => select(k, false)}
        >
          {children(k)}
        </button>
      ))}
    </div>
  );
}
