// Owns the pieces the Inspect and Lineage tabs both draw: a titled section, and what a tab shows
// until its answer is ready (the loading words, or the failure in the engine's words).
import type { ReactNode } from 'react';
import type { Loadable } from './detail-slice';

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="inspect-section" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** A tab's answer not yet there (idle or loading) or failed; `loading` and `failed` are its words. */
export function NotReady({ loadable, loading, failed }: { loadable: Loadable<unknown>; loading: string; failed: string }) {
  if (loadable.status === 'loading' || loadable.status === 'idle') {
    return (
      <p className="detail-message" role="status">
        {loading}
      </p>
    );
  }
  return (
    <div role="alert" className="inline-error">
      <strong>{failed}</strong>
      <span className="mono">{loadable.error?.message}</span>
    </div>
  );
}
