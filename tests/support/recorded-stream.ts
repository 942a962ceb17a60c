// Recorded engine progress streams (tests/fixtures/<kind>/*.jsonl: raw response bodies, CRLF-
// terminated JSON lines), decoded the way core decodes a socket: in awkward chunks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonLineSplitter } from '../../electron/core/support/json-lines';
import type { ProgressMessage } from '../../electron/core/distribution/layer-progress';

export function recordedMessages(kind: 'pull' | 'push', name: string): ProgressMessage[] {
  const raw = readFileSync(join(__dirname, '..', 'fixtures', kind, name));
  const splitter = new JsonLineSplitter();
  const out: unknown[] = [];
  for (let i = 0; i < raw.length; i += 37) out.push(...splitter.push(raw.subarray(i, i + 37)).values);
  out.push(...splitter.flush().values);
  return out as ProgressMessage[];
}
