// Owns the "More" button of a toolbar that has less room than actions: a button that opens a
// role=menu of the actions the toolbar hides. The menu itself (OverflowMenuPopup.tsx, on
// react-aria-components as the context menu is, in the same look) is a chunk of its own: the
// Images toolbar is part of the first view, and that library (some 150 KB, with a probe of the
// browser's Intl data when it loads) is not needed to paint the first rows. The chunk is fetched
// once the page is idle; the button is always this one element, so a press is never lost to a
// swap of buttons, and a press before the chunk is in opens the menu when it arrives.
import { lazy, Suspense, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { base, type IconProps } from './icons';
import type { OverflowEntry } from './OverflowMenuPopup';

export type { OverflowEntry } from './OverflowMenuPopup';

export const MoreIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <circle cx="5" cy="12" r="1.2" fill="currentColor" />
    <circle cx="12" cy="12" r="1.2" fill="currentColor" />
    <circle cx="19" cy="12" r="1.2" fill="currentColor" />
  </svg>
);

export interface OverflowMenuProps {
  /** The menu's name, and the button's (it begins with the button's visible text). */
  label: string;
  /** The button's visible text ("More"). */
  text: string;
  entries: OverflowEntry[];
  className?: string;
  icon?: ReactNode;
}

const loadPopup = () => import('./OverflowMenuPopup');
const OverflowMenuPopup = lazy(async () => ({ default: (await loadPopup()).OverflowMenuPopup }));

/** Calls `then` once the page is idle (its frame painted), at most `timeout` ms later. */
function whenIdle(then: () => void, timeout: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(then, { timeout });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(then, 0);
  return () => clearTimeout(timer);
}

export function OverflowMenu({ label, text, entries, className, icon = <MoreIcon /> }: OverflowMenuProps) {
  // Which item takes the focus when the menu opens (the keyboard's arrows pick the last one).
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const trigger = useRef<HTMLButtonElement>(null);
  useEffect(() => whenIdle(() => void loadPopup().catch(() => undefined), 2000), []);
  // As a menu button does: Enter and Space press it (a button's click), the arrows open it too.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    setOpen(e.key === 'ArrowDown' ? 'first' : 'last');
  };
  return (
    <>
      <button
        ref={trigger}
        type="button"
        className={`button${className ? ` ${className}` : ''}`}
        aria-label={label}
        aria-haspopup="true"
        aria-expanded={open !== false}
        onClick={() => setOpen((o) => (o ? false : 'first'))}
        onKeyDown={onKeyDown}
      >
        {icon}
        <span>{text}</span>
      </button>
      {open && (
        <Suspense fallback={null}>
          <OverflowMenuPopup triggerRef={trigger} label={label} entries={entries} focus={open} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
