// Owns which links may leave the app: https only, to a short allow-list of documentation and
// registry sites, opened in the person's browser (shell.openExternal), never inside the app.

/** Hosts a link may point to (exact names: a look-alike subdomain is not on the list). */
export const EXTERNAL_LINK_HOSTS: readonly string[] = Object.freeze([
  'docs.docker.com',
  'hub.docker.com',
  'www.docker.com',
  'docker.com',
  'github.com',
  'distribution.github.io',
  'electronjs.org',
  'www.electronjs.org',
]);

/** Links the shell's own menus use. */
export const EXTERNAL_LINKS = Object.freeze({
  dockerDocs: 'https://docs.docker.com/reference/cli/docker/image/',
  dockerHub: 'https://hub.docker.com/',
});

/** Whether a URL may be opened in the browser: https, an allowed host, no credentials, default port. */
export function isAllowedExternalLink(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    EXTERNAL_LINK_HOSTS.includes(parsed.hostname)
  );
}

/**
 * What to do with a window.open / target=_blank from the page: never a new Electron window; an
 * allowed link goes to the browser (the URL as parsed, so what is opened is what was checked).
 */
export function decideWindowOpen(url: string): { action: 'deny'; openExternally?: string } {
  return isAllowedExternalLink(url) ? { action: 'deny', openExternally: new URL(url).toString() } : { action: 'deny' };
}
