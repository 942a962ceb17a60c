// Owns a template's variables as Go's text/template keeps them: one stack with `$` at the bottom,
// a declaration pushed where it appears and dropped when its block ends, an assignment changing
// the nearest variable of that name. Errors for unknown names are the executor's (they need its node).
import type { GoValue } from './go-value';

interface Variable {
  name: string;
  value: GoValue;
}

export class VariableStack {
  private readonly vars: Variable[];

  constructor(dot: GoValue) {
    this.vars = [{ name: '$', value: dot }];
  }

  /** The height to go back to when a block ends. */
  mark(): number {
    return this.vars.length;
  }

  pop(mark: number): void {
    this.vars.length = mark;
  }

  push(name: string, value: GoValue): void {
    this.vars.push({ name, value });
  }

  /** Assigns to the nearest variable named `name`; false when there is none. */
  set(name: string, value: GoValue): boolean {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return true;
      }
    }
    return false;
  }

  /** Sets the n-th variable from the top (range's element and index, declared with `:=`). */
  setTop(n: number, value: GoValue): void {
    this.vars[this.vars.length - n].value = value;
  }

  /** The value of the nearest variable named `name`, or undefined when there is none. */
  get(name: string): GoValue | undefined {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    return undefined;
  }
}
