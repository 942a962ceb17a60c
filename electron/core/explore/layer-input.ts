// Owns feeding one layer's bytes, as they come out of the archive, into a tar walk: a layer is a
// plain tar (docker save, and what docker 25+ writes in its OCI layout) or gzip-compressed (OCI
// archives from other tools, mediaType ...tar+gzip); the first bytes decide, never the name. A
// gzip layer goes through zlib with the same bound on expansion as a compressed archive.
import { createGunzip, type Gunzip } from 'node:zlib';
import { ArchiveError, checkExpansion } from '../../../shared/tar-manifest';
import { CoreError } from '../engine/engine-errors';
import type { DataSink, TarWalker } from './tar-walk';

export type LayerCompression = 'none' | 'gzip';

/** Bytes enough to tell gzip, zstd and tar apart. */
const SNIFF = 8;

const isGzip = (b: Buffer) => b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08;
const isZstd = (b: Buffer) => b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd;

/**
 * A sink taking a layer's stored bytes and walking the tar inside. `compression` is known once
 * the first bytes arrived; `size` is then the layer's uncompressed tar size so far.
 */
export class LayerInput implements DataSink {
  compression: LayerCompression | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private stored = 0;
  private gzip: GzipFeed | undefined;

  constructor(
    private readonly walker: TarWalker,
    private readonly what: string,
  ) {}

  /** The uncompressed tar's bytes walked so far. */
  get size(): number {
    return this.walker.position;
  }

  data(slice: Buffer): Promise<void> | undefined {
    this.stored += slice.length;
    if (this.compression === undefined) {
      this.head.push(Buffer.from(slice));
      this.headBytes += slice.length;
      if (this.headBytes < SNIFF) return undefined;
      return this.decide();
    }
    return this.forward(slice);
  }

  end(): Promise<void> | undefined {
    if (this.compression === undefined) {
      const wait = this.decide();
      if (wait) return wait.then(() => this.close());
    }
    return this.close();
  }

  private decide(): Promise<void> | undefined {
    const head = Buffer.concat(this.head);
    this.head = [];
    if (isZstd(head)) throw new CoreError('INVALID_ARGUMENT', `${this.what} is zstd-compressed, which Stevedore cannot read yet`);
    if (isGzip(head)) {
      this.compression = 'gzip';
      this.gzip = new GzipFeed(this.walker, this.what, () => this.stored);
    } else {
      this.compression = 'none';
    }
    return head.length > 0 ? this.forward(head) : undefined;
  }

  private forward(slice: Buffer): Promise<void> | undefined {
    return this.gzip ? this.gzip.write(slice) : this.walker.push(slice);
  }

  private close(): Promise<void> | undefined {
    if (this.gzip) return this.gzip.end().then(() => this.walker.finish());
    this.walker.finish();
    return undefined;
  }
}

/** zlib's gunzip between the layer's bytes and the walk, pausing either side as needed. */
class GzipFeed {
  private readonly gunzip: Gunzip;
  private failure: Error | undefined;
  private expanded = 0;
  private ended: Promise<void>;
  private onFailure: ((err: Error) => void)[] = [];

  constructor(walker: TarWalker, what: string, compressed: () => number) {
    this.gunzip = createGunzip();
    const gunzip = this.gunzip;
    const fail = (err: Error) => {
      this.failure ??= err;
      gunzip.destroy();
      for (const f of this.onFailure.splice(0)) f(this.failure);
    };
    gunzip.on('data', (out: Buffer) => {
      if (this.failure) return;
      this.expanded += out.length;
      try {
        checkExpansion(this.expanded, compressed(), what);
        const wait = walker.push(out);
        if (wait) {
          gunzip.pause();
          wait.then(() => gunzip.resume(), fail);
        }
      } catch (err) {
        fail(err instanceof ArchiveError ? new CoreError('INVALID_ARGUMENT', err.message) : (err as Error));
      }
    });
    // zlib's own failures are a verdict on the layer; the walk's and the sinks' pass through as they are.
    gunzip.on('error', (err) => fail(this.failure ?? new CoreError('INVALID_ARGUMENT', `${what} is not valid gzip data: ${err.message}`)));
    this.ended = new Promise<void>((resolve, reject) => {
      gunzip.once('end', () => (this.failure ? reject(this.failure) : resolve()));
      this.onFailure.push(reject);
    });
    this.ended.catch(() => undefined);
  }

  write(slice: Buffer): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    if (this.gunzip.write(Buffer.from(slice))) return undefined;
    return new Promise<void>((resolve, reject) => {
      this.onFailure.push(reject);
      this.gunzip.once('drain', () => resolve());
    });
  }

  end(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.gunzip.end();
    return this.ended;
  }
}
