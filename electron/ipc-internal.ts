// Owns the names of the preload's own IPC channels to main, outside the contract: the page cannot
// reach them (the preload's invoke() takes contract channels only). No imports, so the sandboxed
// preload bundles it as is.

/**
 * The preload tells main the path Electron's webUtils.getPathForFile gave for a File the page
 * holds (a drop or a file picker of this session), so images.load and images.loadPreview may read it.
 * What this does not stop: script in the page still gets a grant for any file the person drops on
 * the window or picks in a file input it opens, for the rest of the session; and a renderer
 * process taken over below the page (code execution, not script) could send this channel itself,
 * as it could send any IPC.
 */
export const IPC_GRANT_FILE_PATH = 'stevedore-internal:grant-file-path';
