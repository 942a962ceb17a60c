// Owns the one-line `docker images ...` equivalent of the current view, for people who think in CLI.
import { imagesCommand } from '../../../../shared/docker-command';
import { buildFilterStrings } from './image-view';
import { useApp } from '../../store/use-app';

/**
 * The view's `docker images` with -q or a --format added (for "Copy as…", per template typed);
 * `filters` replaces the view's `--filter` values (Copy as's equivalent of a refused `until`).
 */
export function useImagesCommand(): (extra: { quiet?: boolean; template?: string; filters?: readonly string[] }) => string {
  const all = useApp((s) => s.images.options.all);
  const digests = useApp((s) => s.images.options.digests);
  const noTrunc = useApp((s) => s.images.options.noTrunc);
  const filters = useApp((s) => s.images.filters);
  return (extra) =>
    imagesCommand({
      all,
      digests,
      noTrunc,
      quiet: extra.quiet,
      filters: extra.filters ?? buildFilterStrings(filters),
      format: extra.template,
    });
}

export function useCommandLine(extra: { quiet?: boolean; template?: string } = {}): string {
  return useImagesCommand()(extra);
}

export function CommandLine(props: { quiet?: boolean; template?: string }) {
  return <code className="command-line">{useCommandLine(props)}</code>;
}
