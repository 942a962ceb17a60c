// Owns the last resort of a long-lived process (Electron main, the bridge): an exception or a
// rejection nobody handled is logged and counted, and the process keeps serving. Every request
// and socket has its own error listener; anything that reaches this is a bug to fix, not a plan.
let installed = false;
let caught = 0;

/** How many errors reached the last resort in this process (tests assert none did). */
export function lastResortCount(): number {
  return caught;
}

/** Installs the handlers once per process; `log` gets one line per error. */
export function installLastResort(log: (line: string) => void = (line) => console.error(line)): void {
  if (installed) return;
  installed = true;
  const report = (kind: string) => (err: unknown) => {
    caught++;
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    try {
      log(`Stevedore survived an ${kind}: ${text}`);
    } catch {
      // A broken log (a closed stdout) must not turn this into a crash.
    }
  };
  process.on('uncaughtException', report('uncaught exception'));
  process.on('unhandledRejection', report('unhandled rejection'));
}
