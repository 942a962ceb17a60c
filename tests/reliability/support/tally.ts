// Counts the real cases of one class of the reliability suite and writes them where the CI summary
// (scripts/test-summary.mjs) prints them: `FAULTS survived=n/m` and so on. Every case is declared
// when the file is collected, so a case that fails, or never ran because the file crashed, lowers n.
// No test-runner imports here: the vitest files (counted-case.ts) and the Playwright load spec share it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type ReliabilityClass = 'FAULTS' | 'BADINPUT' | 'FILES' | 'LOAD' | 'HOSTILE';
const WORD: Record<ReliabilityClass, string> = {
  FAULTS: 'survived',
  BADINPUT: 'rejected',
  FILES: 'clean',
  LOAD: 'jobs_ok',
  HOSTILE: 'survived',
};
/** Classes whose extra counts come before the word (`HOSTILE probe_hits=0 survived=n/m`). */
const EXTRA_FIRST: ReadonlySet<ReliabilityClass> = new Set(['HOSTILE']);

/** Where the class files go; test-all.sh passes the same folder to the summary. */
export const RELIABILITY_RESULTS_DIR = resolve(
  process.env.STEVEDORE_RELIABILITY_RESULTS ?? join(import.meta.dirname, '../../../test-results/reliability'),
);

export class Tally {
  private readonly cases = new Map<string, boolean>();
  private readonly extra: Record<string, string | number> = {};

  constructor(
    readonly cls: ReliabilityClass,
    /** Distinguishes several files of one class (their counts are added up by the summary). */
    readonly part: string,
  ) {}

  declare(name: string): void {
    if (this.cases.has(name)) throw new Error(`duplicate ${this.cls} case: ${name}`);
    this.cases.set(name, false);
  }

  /** A case that cannot run here (an operation not built yet) leaves the count entirely. */
  withdraw(name: string): void {
    this.cases.delete(name);
  }

  has(name: string): boolean {
    return this.cases.has(name);
  }

  record(name: string, ok: boolean): void {
    if (!this.cases.has(name)) throw new Error(`undeclared ${this.cls} case: ${name}`);
    this.cases.set(name, ok);
  }

  set(key: string, value: string | number): void {
    this.extra[key] = value;
  }

  get passed(): number {
    return [...this.cases.values()].filter(Boolean).length;
  }

  get total(): number {
    return this.cases.size;
  }

  line(): string {
    const extra = Object.entries(this.extra)
      .map(([k, v]) => ` ${k}=${v}`)
      .join('');
    const count = ` ${WORD[this.cls]}=${this.passed}/${this.total}`;
    return EXTRA_FIRST.has(this.cls) ? `${this.cls}${extra}${count}` : `${this.cls}${count}${extra}`;
  }

  write(): void {
    mkdirSync(RELIABILITY_RESULTS_DIR, { recursive: true });
    const body = {
      cls: this.cls,
      word: WORD[this.cls],
      part: this.part,
      passed: this.passed,
      total: this.total,
      extra: this.extra,
      cases: Object.fromEntries(this.cases),
    };
    writeFileSync(join(RELIABILITY_RESULTS_DIR, `${this.cls}.${this.part}.json`), `${JSON.stringify(body, null, 2)}\n`);
    console.log(`${this.line()} (${this.part})`);
  }
}
