// Owns what dockerode may put on the wire to the engine: docker-modem sends its requests through
// a copy of follow-redirects that follows any 3xx to any host, and a redirected request has no
// error listener (a refused Location ended the process). Here its two request functions are
// replaced by Node's own, guarded: a path the engine would clean is refused before connecting,
// and an answer in the 3xx range fails the request with an error naming the engine.
// docker-modem is a direct dependency so npm keeps the one copy dockerode loads (a nested copy
// would escape this guard; tests/unit/engine-redirect.test.ts checks it is the same).
import { EventEmitter } from 'node:events';
import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';
import modemHttp from 'docker-modem/lib/http.js';
import { CoreError } from './engine-errors';
import { checkEnginePath } from './engine-name';
import { engineAddress } from './engine-socket';

/** The error for an engine answer in the 3xx range: never followed, whatever it points at. */
export function engineRedirectError(engine: string, status: number, location: string | undefined): CoreError {
  return new CoreError(
    'INTERNAL',
    `The Docker engine at ${engine} answered with a redirect (HTTP ${status}${location ? ` to ${location.slice(0, 200)}` : ''}); Stevedore follows no engine redirect, so nothing was sent there`,
    { status, engine },
  );
}

/** A request that was never sent: emits its error on the next tick, takes writes and ignores them. */
class RefusedRequest extends EventEmitter {
  constructor(err: Error) {
    super();
    process.nextTick(() => this.emit('error', err));
  }
  write(): boolean {
    return true;
  }
  end(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  destroy(): this {
    return this;
  }
}

function guarded(native: typeof http | typeof https) {
  const request = (options: RequestOptions, callback?: (res: IncomingMessage) => void): ClientRequest => {
    try {
      checkEnginePath(String(options.path ?? '/'));
    } catch (err) {
      return new RefusedRequest(err as Error) as unknown as ClientRequest;
    }
    const req = native.request(options, callback);
    // Before docker-modem's own listener: it must see an error, never a redirect to read.
    req.prependListener('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status < 300 || status > 399) return;
      res.resume(); // drain the small body; the socket is not reused for anything else
      res.on('error', () => undefined);
      req.emit('error', engineRedirectError(engineAddress(options), status, res.headers.location));
      // Nothing more goes to an engine that answered so: a streamed body (a load) stops here.
      req.destroy();
    });
    return req;
  };
  // docker-modem calls only `request` on these.
  return { request };
}

let installed = false;

/** Replaces docker-modem's request functions once per process (every Dockerode shares them). */
export function guardEngineTransport(): void {
  if (installed) return;
  installed = true;
  modemHttp.http = guarded(http);
  modemHttp.https = guarded(https);
  // Belt and braces should another copy of the redirect code be reached: follow none.
  modemHttp.maxRedirects = 0;
}

guardEngineTransport();
