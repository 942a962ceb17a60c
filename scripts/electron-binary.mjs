// Owns the Electron binary for the command line: `check` (is it installed?), `start` (run the built
// app with it, as `npm start`) and `install` (download it, as `npm run electron:install`). Without
// the binary (npm was run with ELECTRON_SKIP_BINARY_DOWNLOAD set) `check` and `start` print one line
// saying what to do and exit 1, instead of the stack trace electron's own launcher throws.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export const MISSING_BINARY =
  'stevedore: the Electron binary is not installed (npm skipped it: ELECTRON_SKIP_BINARY_DOWNLOAD); ' +
  'download it with `npm run electron:install`, or open the UI in a browser with `npm run preview`';

/** The binary's path, or null when the electron package or its downloaded binary is missing. */
export function electronBinary() {
  try {
    // Under plain Node the package exports the binary's path; its index.js throws when the
    // download was skipped (no path.txt), and the path may name a file that is not there.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Runs electron's own install script with the skip switch removed: its test is "is the variable
 * set at all", so even ELECTRON_SKIP_BINARY_DOWNLOAD=0 skips the download. */
function install() {
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const child = spawn(process.execPath, [require.resolve('electron/install.js')], { stdio: 'inherit', env });
  child.on('close', (code) => {
    if (code === 0 && electronBinary()) return void console.log(`stevedore: Electron binary at ${electronBinary()}`);
    console.error('stevedore: the Electron binary could not be downloaded (see above); `npm run preview` opens the UI in a browser');
    process.exit(1);
  });
}

/** Starts the app in this folder (package.json `main`) and exits with Electron's status. */
function start(binary, args) {
  const child = spawn(binary, ['.', ...args], { stdio: 'inherit', windowsHide: false });
  let closed = false;
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => closed || child.kill(signal));
  child.on('close', (code, signal) => {
    closed = true;
    if (code === null) console.error(`stevedore: Electron exited on ${signal}`);
    process.exit(code ?? 1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'install') install();
  else if (command === 'check' || command === 'start') {
    const binary = electronBinary();
    if (!binary) {
      console.error(MISSING_BINARY);
      process.exit(1);
    }
    if (command === 'start') start(binary, args);
  } else {
    console.error('usage: node scripts/electron-binary.mjs check|start [args]|install');
    process.exit(2);
  }
}
