// Owns reading an archive's manifest.json out of the bytes a load sends, as they go by, so the load
// job can count the archive's layers without reading the archive twice. The engine is the judge
// of the archive: a tap that cannot read it (damaged, a decompressor that fails) only loses the
// count, it never fails or slows the load beyond the decompressor's pace.
import { PassThrough, type Readable } from 'node:stream';
import { parseManifest, TarManifestScanner, type ManifestEntry } from '../../../shared/tar-manifest';
import { decompressed } from './decompress';
import type { ArchiveKind } from './tar-format';

export class ManifestTap {
  private readonly scanner: TarManifestScanner;
  /** A compressed archive's bytes go through a decompressor of our own, beside the engine's. */
  private readonly input: PassThrough | undefined;
  private readonly tar: Readable | undefined;
  private done = false;

  constructor(
    kind: ArchiveKind,
    private readonly what: string,
    private readonly onManifest: (manifest: ManifestEntry[]) => void,
  ) {
    this.scanner = new TarManifestScanner(what);
    if (kind === 'tar') return;
    // Room for a few of the load's 1 MiB chunks, so the sender rarely waits on the decompressor.
    this.input = new PassThrough({ highWaterMark: 4 * 1024 * 1024 });
    this.tar = decompressed(this.input, kind, what);
    this.tar.on('data', (chunk: Buffer) => this.scan(chunk));
    this.tar.on('error', () => this.stop());
    this.tar.on('end', () => this.stop());
  }

  /**
   * Sees the next bytes sent. A plain tar's chunk is read at once and not kept (the caller may
   * reuse its buffer); a compressed one is copied into the decompressor, and the promise says when
   * its backlog drained, so the tap never holds more than a stream's buffer.
   */
  write(chunk: Buffer): Promise<void> | undefined {
    if (this.done) return undefined;
    if (!this.input) {
      this.scan(chunk);
      return undefined;
    }
    if (this.input.write(Buffer.from(chunk))) return undefined;
    const input = this.input;
    return new Promise((resolve) => {
      const go = () => {
        input.off('drain', go);
        input.off('close', go);
        resolve();
      };
      input.on('drain', go);
      input.on('close', go);
    });
  }

  /** Every byte was sent. */
  end(): void {
    if (!this.done) this.input?.end();
  }

  /** Stops reading (found, failed, or the load ended): the decompressor and its process go. */
  stop(): void {
    this.done = true;
    this.tar?.destroy();
    this.input?.destroy();
  }

  private scan(chunk: Buffer): void {
    if (this.done) return;
    let manifest: ManifestEntry[] | undefined;
    try {
      const bytes = this.scanner.push(chunk);
      if (bytes) manifest = parseManifest(bytes, this.what);
    } catch {
      this.stop(); // the engine says what is wrong with the archive; only the count is lost
      return;
    }
    if (!manifest) return;
    this.stop();
    this.onManifest(manifest);
  }
}
