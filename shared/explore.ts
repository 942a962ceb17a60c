// Owns the explorer part of the contract: an image's layers and files, read without loading or
// extracting anything, from the engine (`GET /images/{id}/get`, streamed) or from a saved archive
// (classic `docker save` layout or OCI layout, plain or compressed). An explore session lives in
// core (its index of every layer's headers); the page asks for one layer's entries at a time.
import { z } from 'zod';

/** What is explored: an image of the engine, or an archive on disk (never loaded into the engine). */
export type ExploreSource =
  | { kind: 'image'; image: string }
  /** `image` picks one image of a multi-image archive (a repo:tag in it, or its config/ID hex); default the first. */
  | { kind: 'archive'; path: string; image?: string };

export type FileKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

/**
 * A layer's change to a path, relative to the layers below it: `added` (new path), `modified`
 * (the path existed below), `removed` (a whiteout `.wh.<name>` deletes it). Absent in the merged view.
 */
export type FileMark = 'added' | 'modified' | 'removed';

/** What a tar header says of a path, name and time apart (the explorer's entries, the diff's sides). */
export interface FileMeta {
  kind: FileKind;
  /** Bytes of a regular file's content (0 for the rest). */
  size: number;
  /** Permission bits with setuid/setgid/sticky (`mode & 0o7777` of the tar header). */
  mode: number;
  uid: number;
  gid: number;
  /** Target of a symlink, or the path a hard link points at. */
  linkTarget?: string;
}

export interface FileEntry extends FileMeta {
  /** Relative to the image root, no leading `./` or `/`, no trailing slash: `etc/passwd`. */
  path: string;
  /** Seconds since the epoch, as in the tar header. */
  mtime: number;
  mark?: FileMark;
  /** This layer's directory hides everything below it (`.wh..wh..opq`); its old children show as removed. */
  opaque?: boolean;
}

export interface ExploreLayer {
  index: number;
  /** The uncompressed layer's digest (`rootfs.diff_ids` of the config). */
  diffId: string;
  /** The history line that made it (`created_by`), `''` when the image has no history. */
  createdBy: string;
  created?: string;
  /** Bytes of the layer's tar as stored (uncompressed), what `docker history` calls SIZE. */
  size: number;
  /** Entries in the layer, whiteouts counted as removals not as files. */
  files: number;
  added: number;
  modified: number;
  removed: number;
}

/** A file a later layer overwrites or removes: its bytes are still shipped in its layer. */
export interface WastedEntry {
  path: string;
  bytes: number;
  /** The layer that holds the hidden bytes. */
  layer: number;
  by: 'overwritten' | 'removed';
  /** The layer that overwrites or removes it. */
  byLayer: number;
}

export interface ExploreSummary {
  sessionId: string;
  /** What the person opened: `repo:tag`, a short ID, or the archive's file name. */
  label: string;
  /** `sha256:<hex>` of the image's config. */
  imageId: string;
  repoTags: string[];
  os?: string;
  architecture?: string;
  source: 'engine' | 'archive';
  /** For an archive: its layout and its compression as found (the file name is not trusted). */
  archive?: { format: 'docker' | 'oci'; compression: 'none' | 'gzip' | 'bzip2' | 'xz' | 'zstd' };
  layers: ExploreLayer[];
  /** What a container of the image sees. */
  merged: { files: number; bytes: number };
  /** Largest first, at most 1,000 entries; `bytes` is the total of all. */
  wasted: { bytes: number; entries: WastedEntry[] };
}

export interface ExploreEntries {
  layer: number | 'merged';
  /** Sorted by path (byte order), parents before children. */
  entries: FileEntry[];
}

export interface ExploreMatch {
  layer: number;
  entry: FileEntry;
}

export interface ExploreSearchResult {
  matches: ExploreMatch[];
  /** More matched than `limit`. */
  truncated: boolean;
}

/** The start of a file's content: at most 1 MiB, as base64 so binary survives every transport. */
export interface ExploreFileContent {
  path: string;
  size: number;
  /** Fewer bytes were read than the file has. */
  truncated: boolean;
  /** The bytes are not UTF-8 text (a NUL, or an invalid sequence): show them as hex. */
  binary: boolean;
  base64: string;
}

/** `result` of a succeeded explore.saveOut job. */
export interface ExploreSaveResult {
  path: string;
  bytes: number;
  /** `file`: the file's bytes as they are; `tar`: a folder, as `docker cp CONTAINER:PATH -` writes it. */
  as: 'file' | 'tar';
}

export const EXPLORE_READ_MAX_BYTES = 1024 * 1024;
export const EXPLORE_SEARCH_MAX = 5000;

const sessionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const layerRef = z.union([z.number().int().min(0).max(4096), z.literal('merged')]);
const filePath = z.string().min(1).max(4096);
/** A path inside the image, as FileEntry.path; core checks it names an entry of the session. */
const entryPath = z.string().min(1).max(4096);

const ExploreSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('image'), image: z.string().min(1).max(1024) }).strict(),
  z.object({ kind: z.literal('archive'), path: filePath, image: z.string().min(1).max(1024).optional() }).strict(),
]);

export const exploreRequestSchemas = {
  /** Starts indexing (a job with byte progress; result: ExploreSummary). */
  'explore.open': z.object({ source: ExploreSourceSchema }).strict(),
  'explore.summary': z.object({ sessionId }).strict(),
  'explore.entries': z.object({ sessionId, layer: layerRef }).strict(),
  /**
   * A glob over every layer's paths (picomatch rules; `**` crosses folders; a pattern without `/`
   * matches the base name, as .gitignore does).
   */
  'explore.search': z
    .object({ sessionId, glob: z.string().min(1).max(1024), limit: z.number().int().min(1).max(EXPLORE_SEARCH_MAX).default(1000) })
    .strict(),
  'explore.read': z.object({ sessionId, layer: layerRef, path: entryPath }).strict(),
  /** Starts a job writing a file (or a folder as a tar) out; in Electron the path comes from `dialogs.saveOut`. */
  'explore.saveOut': z
    .object({
      sessionId,
      layer: layerRef,
      path: entryPath,
      destination: filePath,
      /** Set only by the desktop edge, when the save dialog confirmed replacing the file (as images.save). */
      overwrite: z.boolean().optional(),
    })
    .strict(),
  'explore.close': z.object({ sessionId }).strict(),
  /** The native save dialog for a file or folder out of an image; null when cancelled. */
  'dialogs.saveOut': z.object({ suggestedName: z.string().min(1).max(255), folder: z.boolean() }).strict(),
} as const;

export interface ExploreResponseMap {
  'explore.open': { jobId: string; sessionId: string };
  'explore.summary': ExploreSummary;
  'explore.entries': ExploreEntries;
  'explore.search': ExploreSearchResult;
  'explore.read': ExploreFileContent;
  'explore.saveOut': { jobId: string };
  'explore.close': { closed: boolean };
  'dialogs.saveOut': { path: string } | null;
}
