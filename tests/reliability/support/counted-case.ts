// Counted cases for the vitest files of the reliability suite (see tally.ts).
import { afterAll, beforeAll, it, type TestContext } from 'vitest';
import type { Tally } from './tally';

/** Writes the class file before the first test (every case declared, none passed: a crash leaves 0/m) and after the last. */
export function reportAfterAll(tally: Tally): void {
  beforeAll(() => tally.write());
  afterAll(() => tally.write());
}

export interface CaseContext {
  ctx: TestContext;
  /** Leave the count and skip: the operation this case needs does not exist yet. */
  notYet(reason: string): never;
}

/**
 * One counted case: an `it` whose success is recorded in the tally. The case passes only when
 * every assertion in it passed.
 */
export function countedCase(tally: Tally, name: string, fn: (c: CaseContext) => Promise<void>, timeout?: number): void {
  tally.declare(name);
  it(
    name,
    async (ctx) => {
      const c: CaseContext = {
        ctx,
        notYet: (reason) => {
          tally.withdraw(name);
          ctx.skip(reason);
          throw new Error('unreachable');
        },
      };
      try {
        await fn(c);
        tally.record(name, true);
      } catch (err) {
        if (tally.has(name)) tally.record(name, false);
        throw err;
      }
    },
    timeout,
  );
}
