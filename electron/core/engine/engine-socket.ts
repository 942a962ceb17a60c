// Owns the one place core opens a socket to the engine itself: which transport the modem's options
// name (unix socket or named pipe, tcp, tls; an ssh engine's agent is left to the modem), the
// engine's address in the CLI's words for errors, and the connect. engine-stream.ts dials through
// here; engine-transport.ts (docker-modem's requests over Node's http) names endpoints the same way.
import { connect as netConnect, type NetConnectOpts, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** The parts of docker-modem's options that say where the engine is and how to reach it. */
export interface ModemLike {
  socketPath?: string | (() => string | Promise<string>);
  host?: string;
  port?: number | string;
  protocol?: string;
  version?: string;
  headers?: Record<string, string>;
  ca?: string | Buffer | (string | Buffer)[];
  cert?: string | Buffer;
  key?: string | Buffer;
  agent?: unknown;
}

export type EngineTransport = { tls: false; options: NetConnectOpts } | { tls: true; host: string; port: number };

/** Where a request goes, in the words the docker CLI uses for endpoints. */
export function engineAddress(options: {
  socketPath?: string;
  hostname?: string | null;
  host?: string | null;
  port?: number | string | null;
  protocol?: string | null;
}): string {
  if (options.socketPath) return `unix://${options.socketPath}`;
  const host = options.hostname ?? options.host ?? 'localhost';
  const scheme = options.protocol === 'https:' ? 'https' : 'tcp';
  return `${scheme}://${host}${options.port ? `:${options.port}` : ''}`;
}

/** The engine's address for errors (`unix:///run/docker.sock`, `tcp://host:2375`). */
export function transportAddress(transport: EngineTransport): string {
  if (transport.tls) return engineAddress({ host: transport.host, port: transport.port, protocol: 'https:' });
  const o = transport.options as { path?: string; host?: string; port?: number };
  return o.path ? engineAddress({ socketPath: o.path }) : engineAddress({ host: o.host, port: o.port });
}

/** The transport the modem would use, or undefined for one only the modem handles (an agent: ssh). */
export async function transportOf(modem: ModemLike): Promise<EngineTransport | undefined> {
  if (modem.agent) return undefined;
  if (modem.socketPath) {
    const path = typeof modem.socketPath === 'function' ? await modem.socketPath() : modem.socketPath;
    return { tls: false, options: { path } };
  }
  const port = Number(modem.port);
  if (!modem.host || !Number.isFinite(port)) return undefined;
  if (modem.protocol === 'http') return { tls: false, options: { host: modem.host, port } };
  if (modem.protocol === 'https') return { tls: true, host: modem.host, port };
  return undefined;
}

/**
 * Opens the socket. With `readInto`, reads of a plain socket land in that one buffer (overwritten by
 * the next read) and go to `onRead`, with no 'data' events; tls always reads the ordinary way.
 */
export function dialEngine(
  transport: EngineTransport,
  modem: ModemLike,
  readInto?: { buffer: Buffer; onRead: (bytes: Buffer) => boolean },
): Socket {
  if (transport.tls) {
    return tlsConnect({
      host: transport.host,
      port: transport.port,
      servername: transport.host,
      ca: modem.ca,
      cert: modem.cert,
      key: modem.key,
    });
  }
  if (!readInto) return netConnect(transport.options);
  return netConnect({
    ...transport.options,
    onread: {
      buffer: readInto.buffer,
      callback: (nread: number, buf: Uint8Array) => readInto.onRead(Buffer.from(buf.buffer, buf.byteOffset, nread)),
    },
  } as NetConnectOpts);
}
