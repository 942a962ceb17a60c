// Owns completing a connection with its file port (how save and load reach files): local paths in
// Electron, the bridge's download and upload routes in a browser. Apart from transport/index.ts
// because the file port brings the archive reader and the contract's schemas, which the entry
// module must not wait for.
import type { Connection, Transport } from './index';
import { browserFiles, desktopFiles } from './file-port';

export function withFiles(connection: Connection): Transport {
  switch (connection.kind) {
    case 'desktop':
      return { ...connection.transport, files: desktopFiles((file) => connection.preload.getPathForFile(file)) };
    case 'bridge':
      return {
        ...connection.transport,
        files: browserFiles(
          { token: connection.token, downloadTicket: connection.downloadTicket, exploreTicket: connection.exploreTicket },
          connection.transport.api,
        ),
      };
    case 'none':
      return connection.transport;
  }
}
