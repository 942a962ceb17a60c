// Owns the one-line `docker images ...` equivalent of the current view, for people who think in CLI.
import { buildFilterStrings } from '../store/image-view';
import { useApp } from '../store/use-app';

/** POSIX-shell quoting, only where needed. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function useCommandLine(extra: { quiet?: boolean; template?: string } = {}): string {
  const all = useApp((s) => s.images.options.all);
  const digests = useApp((s) => s.images.options.digests);
  const noTrunc = useApp((s) => s.images.options.noTrunc);
  const filters = useApp((s) => s.images.filters);
  const parts = ['docker', 'images'];
  if (all) parts.push('-a');
  if (digests) parts.push('--digests');
  if (noTrunc) parts.push('--no-trunc');
  if (extra.quiet) parts.push('-q');
  for (const f of buildFilterStrings(filters)) parts.push('--filter', shellQuote(f));
  if (!extra.quiet && extra.template) parts.push('--format', shellQuote(extra.template));
  return parts.join(' ');
}

export function CommandLine(props: { quiet?: boolean; template?: string }) {
  return <code className="command-line">{useCommandLine(props)}</code>;
}
