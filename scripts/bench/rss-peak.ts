// Resident memory of the bench process around a contender's run, for the benches that report the
// core's memory growth (explore, copy-registry): the settled RSS after a full collection (the
// baseline) and the peak while the run works, read from the kernel's high-water mark (reset
// before each run) rather than only by sampling, which a busy event loop would delay past the peak.
import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const gcFunction = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** RSS after a full collection: the baseline growth is measured from. */
export function settledRss(): number {
  gcFunction();
  gcFunction();
  return process.memoryUsage.rss();
}

/** Resets the kernel's peak-RSS mark of this process (Linux >= 4.0); false when it cannot. */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function kernelPeak(): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `work` and answers the peak RSS during it: the kernel's mark when it could be reset, else 10 ms samples. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  const kernel = resetPeak();
  let sampled = process.memoryUsage.rss();
  const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 10);
  try {
    const value = await work();
    sampled = Math.max(sampled, process.memoryUsage.rss());
    return { value, peak: Math.max(sampled, (kernel && kernelPeak()) || 0) };
  } finally {
    clearInterval(timer);
  }
}
