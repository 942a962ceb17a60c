// Owns splitting a byte stream of newline-delimited JSON (engine events, progress) into objects.
import { StringDecoder } from 'node:string_decoder';

export class JsonLineSplitter {
  private buffer = '';
  private readonly decoder = new StringDecoder('utf8');

  /** Feeds a chunk; returns the complete objects it finished. Non-JSON lines are reported, not thrown. */
  push(chunk: Buffer | string): { values: unknown[]; bad: string[] } {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const values: unknown[] = [];
    const bad: string[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line === '') continue;
      try {
        values.push(JSON.parse(line));
      } catch {
        bad.push(line);
      }
    }
    return { values, bad };
  }

  /** Whatever is left when the stream ends (a last line without newline). */
  flush(): { values: unknown[]; bad: string[] } {
    const rest = this.buffer + this.decoder.end();
    this.buffer = '';
    return rest.trim() === '' ? { values: [], bad: [] } : this.push(`${rest}\n`);
  }
}
