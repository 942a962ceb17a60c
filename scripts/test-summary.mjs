// Prints one closing line for the whole suite from the vitest and Playwright JSON reports:
// "stevedore: N passed, N failed, N skipped". A missing report counts as a failure.
// `--reliability DIR` adds the reliability suite (tests/reliability/run.sh): its reports, and one
// line per class from the counts its tests wrote (`FAULTS survived=n/m`, ..., `HOSTILE probe_hits=0 survived=n/m`). Alone (no report
// files before it) it prints only those.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const rIndex = args.indexOf('--reliability');
const reliabilityDir = rIndex >= 0 ? args[rIndex + 1] : undefined;
const [vitestFile, playwrightFile] = rIndex >= 0 ? args.slice(0, rIndex) : args;
const onlyReliability = reliabilityDir !== undefined && !vitestFile;
let passed = 0;
let failed = 0;
let skipped = 0;

/** `CLASS word=n/m [extra]` per class, adding up the parts; a missing class is a failure. */
function reliabilityLines(dir) {
  const classes = { FAULTS: 'survived', BADINPUT: 'rejected', FILES: 'clean', LOAD: 'jobs_ok', HOSTILE: 'survived' };
  // Extra counts that lead the line: `HOSTILE probe_hits=0 survived=n/m`.
  const extraFirst = new Set(['HOSTILE']);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^[A-Z]+\.[\w-]+\.json$/.test(f)) : [];
  for (const [cls, word] of Object.entries(classes)) {
    const parts = files.filter((f) => f.startsWith(`${cls}.`)).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
    const n = parts.reduce((a, p) => a + p.passed, 0);
    const m = parts.reduce((a, p) => a + p.total, 0);
    const extra = parts.flatMap((p) => Object.entries(p.extra ?? {}).map(([k, v]) => ` ${k}=${v}`)).join('');
    const count = ` ${word}=${n}/${m}`;
    console.log(`${cls}${extraFirst.has(cls) ? extra + count : count + extra}${parts.length ? '' : ' (no report)'}`);
    if (!parts.length) failed += 1; // a case that failed is already a failed test
  }
}

if (onlyReliability) {
  // only the reliability part below
} else if (vitestFile && existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0) + (v.numFailedTestSuites ?? 0);
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  console.log(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed, ${v.numPendingTests} skipped`);
} else {
  console.log('vitest: no report');
  failed += 1;
}

if (onlyReliability) {
  // only the reliability part below
} else if (playwrightFile && existsSync(playwrightFile)) {
  const p = JSON.parse(readFileSync(playwrightFile, 'utf8'));
  const s = p.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
  console.log(`playwright: ${s.expected ?? 0} passed, ${s.unexpected ?? 0} failed, ${s.skipped ?? 0} skipped`);
} else {
  console.log('playwright: no report');
  failed += 1;
}

if (reliabilityDir !== undefined) {
  for (const [name, file] of [
    ['reliability vitest', join(reliabilityDir, 'vitest.json')],
    ['reliability playwright', join(reliabilityDir, 'playwright.json')],
  ]) {
    if (!existsSync(file)) {
      console.log(`${name}: no report`);
      failed += 1;
      continue;
    }
    const r = JSON.parse(readFileSync(file, 'utf8'));
    const [p, f, s] = r.stats
      ? [(r.stats.expected ?? 0) + (r.stats.flaky ?? 0), r.stats.unexpected ?? 0, r.stats.skipped ?? 0]
      : [r.numPassedTests ?? 0, (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0), (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)];
    passed += p;
    failed += f;
    skipped += s;
    console.log(`${name}: ${p} passed, ${f} failed, ${s} skipped`);
  }
  reliabilityLines(reliabilityDir);
}

console.log(`stevedore: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
