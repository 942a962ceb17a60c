// Owns how the renderer reaches files for save and load. In Electron, files are local paths (the
// native dialogs answer through the contract; a dropped File's path comes from the preload). In a
// browser there are no paths: the bridge's HTTP routes download and upload the archives instead,
// and a preview reads the archive's manifest in the page (archive-reader.ts) without uploading it.
// The bridge token goes in an upload's header only; a download link carries a one-time ticket.
import type { LoadJobResult, Result, StevedoreApi, TarPreview } from '../../../shared/contract';
import { fail } from '../../../shared/errors';
import {
  BRIDGE_MAX_FRAME_BYTES,
  EXPLORE_ROUTES,
  TRANSFER_ROUTES,
  TRANSFER_TOKEN_HEADER,
  type DownloadTicket,
} from '../../../shared/bridge-protocol';
import { describeRequestOf } from './archive-reader';

/** Electron: the contract's path channels do the work; only a dropped file's path is needed here. */
export interface DesktopFiles {
  mode: 'desktop';
  /** The local path of a dropped File; '' when it has none (dragged out of another app's memory). */
  pathOf(file: File): string;
}

/** A finished upload-load: the job it ran as and the lines `docker load` prints. */
export interface UploadLoadResult extends LoadJobResult {
  jobId: string;
}

/** A browser through the loopback bridge: downloads and uploads. */
export interface BrowserFiles {
  mode: 'browser';
  /** Opens the browser's file picker; must run inside a user gesture. [] when cancelled. */
  pickFiles(): Promise<File[]>;
  /**
   * Starts the browser's download of the tar of these images (a save job on the bridge), through
   * a one-time ticket; resolves once the download is handed to the browser, or with why not.
   */
  download(refs: readonly string[]): Promise<Result<void>>;
  /**
   * What loading the archive would do. Reads its manifest here and asks the core only about the
   * engine (`images.describeArchive`); uploads it up to its manifest where the page cannot read
   * it (bzip2, xz, a manifest too big for one bridge frame).
   */
  preview(file: File, signal?: AbortSignal): Promise<Result<TarPreview>>;
  /** Uploads the archive into the engine; resolves when the load job has finished. */
  load(file: File): Promise<Result<UploadLoadResult>>;
  /**
   * The explorer's halves over the bridge (issue #17, bridge/explore-routes.ts): an archive
   * uploaded for core to read in place (never loaded; answers as `explore.open`), and a file or
   * folder (as a tar) of a session handed to the browser as a download. Optional for test ports.
   */
  explore?(file: File): Promise<Result<{ jobId: string; sessionId: string }>>;
  saveOut?(request: { sessionId: string; layer: number | 'merged'; path: string }): Promise<Result<void>>;
}

export type FilePort = DesktopFiles | BrowserFiles;

/** Accepted by the file picker: what the engine loads (the check that counts is the magic, in core). */
export const ARCHIVE_ACCEPT =
  '.tar,.tar.gz,.tgz,.tar.bz2,.tbz2,.tar.xz,.txz,application/x-tar,application/gzip,application/x-bzip2,application/x-xz';

export function desktopFiles(getPathForFile: (file: File) => string): DesktopFiles {
  return {
    mode: 'desktop',
    pathOf(file) {
      try {
        return getPathForFile(file) || '';
      } catch {
        return '';
      }
    },
  };
}

/** What the browser's file port needs of the bridge: the token for uploads' header, tickets for downloads. */
export interface BridgeAccess {
  token: string;
  downloadTicket(refs: readonly string[]): Promise<Result<DownloadTicket>>;
  /** A ticket for a file, or a folder as a tar, out of an explore session (absent in tests that need none). */
  exploreTicket?(entry: { sessionId: string; layer: number | 'merged'; path: string }): Promise<Result<DownloadTicket>>;
}

/** A ticket's URL, checked to be our own save route: the page navigates to nothing else. */
export function isSaveTicketUrl(url: string): boolean {
  return url.startsWith(`${TRANSFER_ROUTES.save}?`) && !/[?&]token=/.test(url);
}

/** The same for an explore save-out ticket. */
export function isExploreSaveTicketUrl(url: string): boolean {
  return url.startsWith(`${EXPLORE_ROUTES.save}?`) && !/[?&]token=/.test(url);
}

/** Hands a same-origin download URL to the browser (a hidden link, clicked). */
function startDownload(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  // The bridge names the file (Content-Disposition); this only makes it a download.
  a.download = '';
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}

/** The bridge answers `{ok, value|error}` JSON, or plain text when it refuses before reading (401, 403). */
async function readResult<T>(res: Response, what: string): Promise<Result<T>> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as Result<T>;
    if (body && typeof body === 'object' && typeof body.ok === 'boolean') return body;
  } catch {
    // plain text: handled below
  }
  const code = res.status === 401 || res.status === 403 ? 'UNAUTHORIZED' : 'INTERNAL';
  return fail(code, `${what}: the bridge answered ${res.status} ${text.trim() || res.statusText}`);
}

/** Room left in a bridge frame for the frame's own fields around the request. */
const FRAME_MARGIN = 4096;

export function browserFiles(
  bridge: BridgeAccess,
  api: Pick<StevedoreApi, 'invoke'>,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): BrowserFiles {
  const { token } = bridge;
  const post = async <T>(route: string, file: File, what: string, signal?: AbortSignal): Promise<Result<T>> => {
    try {
      const res = await fetchImpl(`${route}?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { [TRANSFER_TOKEN_HEADER]: token, 'content-type': 'application/octet-stream' },
        body: file,
        signal,
      });
      return await readResult<T>(res, what);
    } catch (err) {
      if (signal?.aborted) return fail('CANCELLED', `${what}: cancelled`);
      return fail('ENGINE_UNREACHABLE', `${what}: the Stevedore bridge is not reachable (${(err as Error).message})`);
    }
  };
  return {
    mode: 'browser',
    pickFiles() {
      return new Promise((resolve) => {
        const input = document.createElement('input');
        input.type = 'file';
        input.multiple = true;
        input.accept = ARCHIVE_ACCEPT;
        input.hidden = true;
        const done = (files: File[]) => {
          input.remove();
          resolve(files);
        };
        input.addEventListener('change', () => done([...(input.files ?? [])]), { once: true });
        input.addEventListener('cancel', () => done([]), { once: true });
        document.body.append(input);
        input.click();
      });
    },
    async download(refs) {
      // A link cannot set a header, and the token must never be in a URL (history, download list).
      const ticket = await bridge.downloadTicket(refs);
      if (!ticket.ok) return ticket;
      if (!isSaveTicketUrl(ticket.value.url))
        return fail('INTERNAL', `The bridge answered an unexpected download URL: ${ticket.value.url}`);
      startDownload(ticket.value.url);
      return { ok: true, value: undefined };
    },
    async preview(file, signal) {
      // Named as the bridge names an upload, so the words are the same either way.
      const local = await describeRequestOf(file, file.name.slice(0, 255) || 'upload', signal);
      if (!local.ok) return local;
      const request = local.value;
      // Beyond the channel's bounds (one frame; the schema's counts and lengths), the upload
      // preview reads the same archive in core and gives its own verdict.
      // The schema comes with the contract's chunk when a preview first needs it: building the
      // contract's schemas is no part of the page's start (issue #15).
      if (
        request &&
        (await import('../../../shared/contract')).ImageDescribeArchiveRequest.safeParse(request).success &&
        new TextEncoder().encode(JSON.stringify(request)).length < BRIDGE_MAX_FRAME_BYTES - FRAME_MARGIN
      ) {
        const answer = await api.invoke('images.describeArchive', request);
        if (signal?.aborted) return fail('CANCELLED', `Reading ${file.name}: cancelled`);
        return answer;
      }
      return post<TarPreview>(TRANSFER_ROUTES.preview, file, `Reading ${file.name}`, signal);
    },
    load: (file) => post<UploadLoadResult>(TRANSFER_ROUTES.load, file, `Loading ${file.name}`),
    // Uploaded to a private temp file in core, read in place and removed with the session; never loaded.
    explore: (file) => post<{ jobId: string; sessionId: string }>(EXPLORE_ROUTES.open, file, `Opening ${file.name}`),
    async saveOut(entry) {
      if (!bridge.exploreTicket) return fail('INTERNAL', 'This bridge cannot save out of an image');
      const ticket = await bridge.exploreTicket(entry);
      if (!ticket.ok) return ticket;
      if (!isExploreSaveTicketUrl(ticket.value.url)) {
        return fail('INTERNAL', `The bridge answered an unexpected download URL: ${ticket.value.url}`);
      }
      startDownload(ticket.value.url);
      return { ok: true, value: undefined };
    },
  };
}
