// Types for docker-modem's own request module (a copy of follow-redirects 0.0.x), which
// engine-transport.ts replaces so no engine redirect is ever followed.
declare module 'docker-modem/lib/http.js' {
  import type { ClientRequest, RequestOptions } from 'node:http';
  /** docker-modem's modem.js calls only `request` on these. */
  interface RequestModule {
    request(options: RequestOptions, callback?: (res: import('node:http').IncomingMessage) => void): ClientRequest;
  }
  const modemHttp: { http: RequestModule; https: RequestModule; maxRedirects: number };
  export default modemHttp;
}
