// Owns "the docker command that does the same": for every action Stevedore offers, the command
// line a person could paste into a POSIX shell (sh, bash, zsh) to do it with the docker CLI.
// Pure, no Node, no DOM: the dialogs show these, the context menu copies them, and the integration
// tests run them with the real CLI to check they really do the same thing.
import { HTPASSWD_ENV, HTPASSWD_IN_CONTAINER, LOCAL_REGISTRY_LABEL } from './local-registry-rules';

/**
 * A word left as it is: the upper-case stand-ins (CONTAINER, TARGET, FILE) shown while a field is
 * still empty. Everything else is quoted as needed.
 */
export interface Placeholder {
  placeholder: string;
}

export type Word = string | Placeholder;

export const placeholder = (name: string): Placeholder => ({ placeholder: name });

// Characters no POSIX shell treats specially anywhere in a word (zsh included: no globs, no `~`,
// no `!`, no braces). A word made only of these needs no quotes.
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * POSIX-shell quoting, only where needed: single quotes keep everything literal ($, `, \, ", spaces,
 * newlines); a single quote itself is closed, escaped and reopened (`'\''`). The empty string is `''`.
 */
export function shellQuote(s: string): string {
  return PLAIN.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Joins words into one command line, quoting each (placeholders stay bare). */
export function commandLine(words: readonly Word[]): string {
  return words.map((w) => (typeof w === 'string' ? shellQuote(w) : w.placeholder)).join(' ');
}

/** A value, or its placeholder when the field is still empty. */
const orPlaceholder = (value: string | undefined, name: string): Word => (value ? value : placeholder(name));

// ---------------------------------------------------------------------------------------------
// Images: list, search, history

export interface ImagesCommandOptions {
  all?: boolean;
  digests?: boolean;
  noTrunc?: boolean;
  quiet?: boolean;
  /** `--filter` values as the CLI takes them (`dangling=true`, `label=a=b`, `reference=x*`). */
  filters?: readonly string[];
  /** `--format`; the CLI lets a custom format win over -q, so the UI sends one or the other. */
  format?: string;
}

/**
 * The one `reference=` filter that can be written as `docker images [REPOSITORY[:TAG]]`, the form
 * people learn first, or null. The CLI turns its one positional argument into exactly that
 * reference filter (cli/command/image/list.go: `filters.Add("reference", matchName)`), unchecked,
 * so the output is the same; only a value starting with `-` would be read as an option.
 */
export function positionalReference(filters: readonly string[]): string | null {
  const refs = filters.filter((f) => f.startsWith('reference='));
  if (refs.length !== 1) return null;
  const value = refs[0].slice('reference='.length);
  return value !== '' && !value.startsWith('-') ? value : null;
}

export function imagesCommand(o: ImagesCommandOptions = {}): string {
  const words: Word[] = ['docker', 'images'];
  if (o.all) words.push('-a');
  if (o.digests) words.push('--digests');
  if (o.noTrunc) words.push('--no-trunc');
  if (o.quiet) words.push('-q');
  const filters = o.filters ?? [];
  const positional = positionalReference(filters);
  for (const f of filters) if (positional === null || !f.startsWith('reference=')) words.push('--filter', f);
  if (!o.quiet && o.format) words.push('--format', o.format);
  if (positional !== null) words.push(positional);
  return commandLine(words);
}

export interface SearchCommandOptions {
  /** `--filter` values (`is-official=true`, `stars=3`). */
  filters?: readonly string[];
  /** Only when it differs from the CLI's default (25). */
  limit?: number;
  noTrunc?: boolean;
  format?: string;
}

export function searchCommand(term: string, o: SearchCommandOptions = {}): string {
  const words: Word[] = ['docker', 'search'];
  for (const f of o.filters ?? []) words.push('--filter', f);
  if (o.limit !== undefined) words.push('--limit', String(o.limit));
  if (o.noTrunc) words.push('--no-trunc');
  if (o.format) words.push('--format', o.format);
  words.push(orPlaceholder(term, 'TERM'));
  return commandLine(words);
}

export interface HistoryCommandOptions {
  noTrunc?: boolean;
  /** -H is on by default in the CLI; false prints `-H=false`. */
  human?: boolean;
  quiet?: boolean;
  format?: string;
}

export function historyCommand(image: string, o: HistoryCommandOptions = {}): string {
  const words: Word[] = ['docker', 'history'];
  if (o.noTrunc) words.push('--no-trunc');
  if (o.human === false) words.push('-H=false');
  if (o.quiet) words.push('-q');
  if (o.format) words.push('--format', o.format);
  words.push(orPlaceholder(image, 'IMAGE'));
  return commandLine(words);
}

export function inspectCommand(image: string): string {
  return commandLine(['docker', 'image', 'inspect', orPlaceholder(image, 'IMAGE')]);
}

// ---------------------------------------------------------------------------------------------
// Pull, push, tag, remove, prune, commit

export interface PullCommandOptions {
  /** `-a`: every tag of the repository. */
  allTags?: boolean;
  /** `--platform os/arch[/variant]`. */
  platform?: string;
}

export function pullCommand(reference: string, o: PullCommandOptions = {}): string {
  const words: Word[] = ['docker', 'pull'];
  if (o.allTags) words.push('-a');
  if (o.platform) words.push('--platform', o.platform);
  words.push(orPlaceholder(reference, 'NAME[:TAG]'));
  return commandLine(words);
}

export function pushCommand(reference: string, o: { allTags?: boolean } = {}): string {
  const words: Word[] = ['docker', 'push'];
  if (o.allTags) words.push('-a');
  words.push(orPlaceholder(reference, 'NAME[:TAG]'));
  return commandLine(words);
}

export function tagCommand(source: string, target: string): string {
  return commandLine(['docker', 'tag', orPlaceholder(source, 'SOURCE'), orPlaceholder(target, 'TARGET')]);
}

/**
 * Tag then push: what "Push to local registry" does for `image` as `registry/repository:tag`.
 * Two commands joined with `&&`, as a person would type them.
 */
export function tagAndPushCommand(source: string, target: string): string {
  return `${tagCommand(source, target)} && ${pushCommand(target)}`;
}

export function rmiCommand(names: readonly string[], o: { force?: boolean; noPrune?: boolean } = {}): string {
  const words: Word[] = ['docker', 'rmi'];
  if (o.force) words.push('-f');
  if (o.noPrune) words.push('--no-prune');
  words.push(...(names.length > 0 ? names : [placeholder('IMAGE')]));
  return commandLine(words);
}

/** `docker image prune` as the dialog runs it: confirmed in the dialog, hence `-f`. */
export function pruneCommand(o: { all?: boolean; filters?: readonly string[] }): string {
  const words: Word[] = ['docker', 'image', 'prune'];
  if (o.all) words.push('-a');
  for (const f of o.filters ?? []) words.push('--filter', f);
  words.push('-f');
  return commandLine(words);
}

export interface CommitCommandOptions {
  container: string;
  /** `repo[:tag]`; none makes a dangling image. */
  reference?: string;
  author?: string;
  /** The commit message; may span lines (single quotes keep the newlines). */
  message?: string;
  /** Dockerfile instructions, one `--change` each, in order. */
  changes: readonly string[];
  /** The CLI pauses by default; false prints `--pause=false`. */
  pause: boolean;
}

export function commitCommand(o: CommitCommandOptions): string {
  const words: Word[] = ['docker', 'commit'];
  if (o.author) words.push('--author', o.author);
  if (o.message) words.push('--message', o.message);
  for (const c of o.changes) words.push('--change', c);
  if (!o.pause) words.push('--pause=false');
  words.push(orPlaceholder(o.container, 'CONTAINER'));
  if (o.reference) words.push(o.reference);
  return commandLine(words);
}

// ---------------------------------------------------------------------------------------------
// Save and load

/** `docker save -o FILE img...`; no file yet shows FILE. */
export function saveCommand(names: readonly string[], output?: string): string {
  return commandLine(['docker', 'save', '-o', orPlaceholder(output, 'FILE'), ...(names.length > 0 ? names : [placeholder('IMAGE')])]);
}

/** `docker load -i FILE`; `quiet` adds -q (no progress bars). */
export function loadCommand(input?: string, o: { quiet?: boolean } = {}): string {
  const words: Word[] = ['docker', 'load', '-i', orPlaceholder(input, 'FILE')];
  if (o.quiet) words.push('-q');
  return commandLine(words);
}

// ---------------------------------------------------------------------------------------------
// Registries

/** Docker Hub's names in the CLI: login/logout without a server mean Docker Hub. */
const isDockerHub = (host: string) =>
  host === '' || host === 'docker.io' || host === 'index.docker.io' || /^https?:\/\/index\.docker\.io\/v1\/?$/.test(host);

/**
 * `docker login` WITHOUT the secret: the CLI then asks for it, or reads it from stdin with
 * `--password-stdin` (`printf %s "$TOKEN" | docker login -u USER --password-stdin HOST`). A password
 * never belongs on a command line: it would land in the shell history and in `ps`.
 */
export function loginCommand(host: string, o: { username?: string; passwordStdin?: boolean } = {}): string {
  const words: Word[] = ['docker', 'login'];
  if (o.username) words.push('-u', o.username);
  if (o.passwordStdin) words.push('--password-stdin');
  if (!isDockerHub(host)) words.push(host);
  return commandLine(words);
}

export function logoutCommand(host: string): string {
  const words: Word[] = ['docker', 'logout'];
  if (!isDockerHub(host)) words.push(host);
  return commandLine(words);
}

export interface RegistryRunOptions {
  port: number;
  containerName: string;
  /** Named volume for /var/lib/registry; empty for none. */
  volume: string;
  /** `--network host` (engines without a bridge): the registry listens on 127.0.0.1:<port>, or every address when shared. */
  hostNetwork: boolean;
  image: string;
  /** "Share on my network": every interface, behind htpasswd auth (the file mounted read-only). */
  shared: boolean;
  /** The htpasswd file on this machine (Stevedore's data folder); shown as HTPASSWD_FILE while unknown. */
  authFile?: string;
}

export const DEFAULT_REGISTRY_RUN: RegistryRunOptions = {
  port: 5000,
  containerName: 'registry',
  volume: 'stevedore-registry-data',
  hostNetwork: false,
  image: 'registry:2',
  shared: false,
};

/**
 * The local registry exactly as Stevedore deploys it (electron/core/local-registry.ts makes the same
 * container; an integration test runs this text through the CLI and compares the two inspects):
 * published on 127.0.0.1 only, unless shared, which publishes on every interface and asks for the
 * user and password of the htpasswd file Stevedore wrote.
 */
export function registryRunCommand(o: Partial<Omit<RegistryRunOptions, 'port'>> & { port?: number | string } = {}): string {
  // The port may be text: the deploy form shows the command as the port is being typed.
  const r = { ...DEFAULT_REGISTRY_RUN, ...o };
  const words: Word[] = ['docker', 'run', '-d'];
  if (r.hostNetwork) words.push('--network', 'host', '-e', `REGISTRY_HTTP_ADDR=${r.shared ? '' : '127.0.0.1'}:${r.port}`);
  else words.push('-p', r.shared ? `${r.port}:5000` : `127.0.0.1:${r.port}:5000`);
  words.push('--restart=always', '--name', r.containerName);
  if (r.volume) words.push('-v', `${r.volume}:/var/lib/registry`);
  if (r.shared) {
    // One word when the path is known (quoted as needed); the placeholder stays bare.
    words.push('-v', r.authFile ? `${r.authFile}:${HTPASSWD_IN_CONTAINER}:ro` : placeholder(`HTPASSWD_FILE:${HTPASSWD_IN_CONTAINER}:ro`));
    for (const e of HTPASSWD_ENV) words.push('-e', e);
  }
  words.push('--label', `${LOCAL_REGISTRY_LABEL}=true`, r.image);
  return commandLine(words);
}
