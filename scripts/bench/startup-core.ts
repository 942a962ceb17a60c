// The child process of `npm run bench:startup` (bundled by it the way dist/electron/main.cjs is):
// a fresh Node process that loads the core, starts it as the app does (endpoint from DOCKER_HOST,
// settings from STEVEDORE_DATA_DIR) and asks for the images list once. Prints one JSON line.
import { loadedAt } from './startup-t0';
import { StevedoreCore } from '../../electron/core/service';

async function main(): Promise<void> {
  const core = new StevedoreCore();
  await core.start();
  const result = await core.handle('images.list', { all: false, digests: false, filters: [] });
  const answeredAt = performance.now();
  core.dispose();
  if (!result.ok) throw new Error(`the core's first images.list failed: ${result.error.code} ${result.error.message}`);
  const rows = (result.value as { rows: unknown[] }).rows.length;
  // boot_ms: Node's own start before the core's first module; ready_ms: the core's load, start and first answer.
  console.log(JSON.stringify({ boot_ms: loadedAt, ready_ms: answeredAt - loadedAt, rows }));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
