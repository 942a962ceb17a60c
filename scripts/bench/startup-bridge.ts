// The bridge of `npm run bench:startup`, in a process of its own as `npm run preview` runs it: in
// the bench's process it would share one event loop with Playwright, which receives every frame
// the page gets (the 2.4 MB list included) over the DevTools protocol, and the page would wait
// for the bench's own work.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** How long the bridge may take to print its URL. */
const START_WAIT_MS = 60_000;

export interface BridgeProcess {
  url: string;
  stop(): void;
}

function stop(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

export function startBridgeProcess(opts: {
  rendererDir: string;
  dockerHost: string;
  dataDir: string;
  dockerConfig: string;
}): Promise<BridgeProcess> {
  // One process (tsx as a loader, not its CLI, which would run a second one), in the bench's own
  // process group: whatever ends the bench (bench:smoke's timeout) ends the bridge too.
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('electron/bridge/cli.ts')], {
    env: {
      ...process.env,
      DOCKER_HOST: opts.dockerHost,
      DOCKER_CONTEXT: '',
      DOCKER_CONFIG: opts.dockerConfig,
      STEVEDORE_DATA_DIR: opts.dataDir,
      STEVEDORE_RENDERER_DIR: opts.rendererDir,
      STEVEDORE_BRIDGE_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveStart, reject) => {
    let out = '';
    const fail = (err: Error) => {
      clearTimeout(timer);
      stop(child);
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`the bridge did not start within ${START_WAIT_MS / 1000} s:\n${out}`)), START_WAIT_MS);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /STEVEDORE_BRIDGE_URL=(\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolveStart({ url: m[1], stop: () => stop(child) });
    };
    const onExit = (code: number | null) => fail(new Error(`the bridge exited (${code}) before printing its URL:\n${out}`));
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', onExit);
  });
}
