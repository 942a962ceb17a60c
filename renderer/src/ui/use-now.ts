// Owns a ticking clock for relative times ("5 seconds ago", elapsed seconds) so they stay true
// while a view is open, as the CLI's output would be if run again.
import { useEffect, useState } from 'react';

/** Date.now(), refreshed every `intervalMs` while `active`. */
export function useNow(intervalMs = 1000, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs, active]);
  return now;
}
