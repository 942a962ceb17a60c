// A byte-faithful proxy the suite puts between the core and the engine (unix socket) or between the
// engine and a registry (TCP). It records the HTTP request lines that cross it (proof that bad input
// reached nothing), can throttle the bytes (so a kill -9 lands mid-transfer, not after it) and can
// cut or refuse the engine's /events stream (a dropped event stream, without touching the engine).
import { rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';

export type Endpoint = { path: string } | { host: string; port: number };

export interface ProxyOptions {
  listen: Endpoint;
  target: Endpoint;
  /** Bytes per second in each direction of each connection; unlimited when absent. */
  bytesPerSecond?: number;
}

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
}

const REQUEST_LINE = /(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD|PATCH) (\S+) HTTP\/1\.[01]\r\n/g;

/** Delays chunks so a connection carries at most `rate` bytes per second. */
class Throttle extends Transform {
  private nextAt = 0;
  constructor(private readonly rate: number) {
    super({ highWaterMark: 64 * 1024 });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const slices: Buffer[] = [];
    for (let i = 0; i < chunk.length; i += 64 * 1024) slices.push(chunk.subarray(i, i + 64 * 1024));
    const pushNext = (): void => {
      const slice = slices.shift();
      if (!slice) return done();
      const now = Date.now();
      this.nextAt = Math.max(this.nextAt, now) + (slice.length / this.rate) * 1000;
      this.push(slice);
      const wait = this.nextAt - now;
      if (wait > 1) setTimeout(pushNext, wait);
      else pushNext();
    };
    pushNext();
  }
}

interface Link {
  client: Socket;
  upstream: Socket;
  events: boolean;
}

export class SocketProxy {
  readonly requests: RecordedRequest[] = [];
  /** While true, a new /events request has its connection closed at once (the stream cannot reopen). */
  refuseEvents = false;
  private server: Server | undefined;
  private readonly links = new Set<Link>();
  /** Every accepted client socket, even after its upstream died (a link leaves `links` then). */
  private readonly clients = new Set<Socket>();

  constructor(private readonly opts: ProxyOptions) {}

  /** `unix:///…` for a socket proxy, `127.0.0.1:port` for a TCP one. */
  get address(): string {
    const l = this.opts.listen;
    return 'path' in l ? `unix://${l.path}` : `${l.host}:${l.port}`;
  }

  async start(): Promise<void> {
    const listen = this.opts.listen;
    if ('path' in listen) rmSync(listen.path, { force: true });
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      if ('path' in listen) this.server!.listen(listen.path, resolve);
      else this.server!.listen(listen.port, listen.host, resolve);
    });
  }

  async close(): Promise<void> {
    for (const l of this.links) this.drop(l);
    // server.close() waits for every connection: one whose engine side died may still be open.
    for (const c of this.clients) c.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests whose path matches, recorded since `since` (ms epoch). */
  requestsSince(since: number, path?: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.at >= since && (!path || path.test(r.path)));
  }

  /** Closes every connection now carrying the engine's /events stream; returns how many. */
  cutEvents(): number {
    let n = 0;
    for (const l of this.links) {
      if (!l.events) continue;
      this.drop(l);
      n++;
    }
    return n;
  }

  private drop(link: Link): void {
    this.links.delete(link);
    link.client.destroy();
    link.upstream.destroy();
  }

  private accept(client: Socket): void {
    const upstream = connect(this.opts.target as never);
    const link: Link = { client, upstream, events: false };
    this.links.add(link);
    this.clients.add(client);
    client.on('close', () => this.clients.delete(client));
    client.on('error', () => this.drop(link));
    upstream.on('error', () => this.drop(link));
    client.on('close', () => this.drop(link));
    // The engine's end of the stream (its process died: the kernel closes its socket) reaches the
    // client through the pipe below, after any bytes still held by the throttle.
    upstream.on('close', () => this.links.delete(link));
    client.on('data', (chunk: Buffer) => this.sniff(link, chunk));
    const up = this.opts.bytesPerSecond ? client.pipe(new Throttle(this.opts.bytesPerSecond)) : client;
    const down = this.opts.bytesPerSecond ? upstream.pipe(new Throttle(this.opts.bytesPerSecond)) : upstream;
    up.pipe(upstream);
    down.pipe(client);
  }

  private sniff(link: Link, chunk: Buffer): void {
    // Request lines are ASCII at the start of a chunk or after a CRLF; a tar body rarely fakes one.
    const text = chunk.subarray(0, 8192).toString('latin1');
    for (const m of text.matchAll(REQUEST_LINE)) {
      const path = m[2];
      this.requests.push({ at: Date.now(), method: m[1], path });
      if (/^(?:\/v[\d.]+)?\/events\b/.test(path)) {
        link.events = true;
        if (this.refuseEvents) this.drop(link);
      }
    }
  }
}
