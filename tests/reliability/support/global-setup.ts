// Global setup of the `reliability` vitest project: the private engine and registries up, seeded.
// They stay up between files (the fault cases restart what they kill) and are stopped by
// tests/reliability/run.sh, never by a test.
import { privateStackUp } from './private-stack';

export default function setup(): void {
  privateStackUp();
}
