// The browser of `npm run bench:list` and `bench:startup`: Chromium driven over the DevTools
// protocol on a pipe, with only the Page, Runtime and Input domains (and Tracing when asked). Not Playwright: Playwright turns on the Network domain
// for every page, and Chromium then copies each WebSocket frame into a DevTools event: a 20,000-row
// list is a 9 MB frame, and serialising it for DevTools held Chromium's browser thread for about
// 100 ms, delaying the very frame the paint measurement waits for (traced: 120 ms paints with
// Playwright, 20 to 50 ms without). Neither the desktop app nor the browser preview pays that.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { BenchFailure } from './bench-kit';

/** No DevTools answer within this means Chromium is gone or wedged. */
const CALL_TIMEOUT_MS = 60_000;

const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-component-update',
  '--disable-extensions',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
  '--password-store=basic',
  '--use-mock-keychain',
  '--lang=en-US',
  '--remote-debugging-pipe',
];

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export interface CdpPage {
  /** Evaluates a JavaScript expression in the page (a string: the page's CSP does not apply to DevTools). */
  evaluate<T>(expression: string): Promise<T>;
  /** Presses one key: a printable character, or `Backspace`. */
  press(key: string): Promise<void>;
  /** Turns the mouse wheel at (x, y) by `deltaY` pixels. */
  wheel(x: number, y: number, deltaY: number): Promise<void>;
  /** Uncaught errors and console errors of the page, for failure messages. */
  errors: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Every console call of the page (`console.debug` → 'debug'), from before it navigates: a page can signal without being polled. */
  onConsole?: (type: string, text: string) => void;
}

export interface CdpBrowser {
  /** A page in a browser context of its own, `script` run before any of the page's, then `url` opened. */
  open(url: string, script: string, opts?: OpenOptions): Promise<CdpPage>;
  /** Starts recording a Chromium trace of every page (DevTools' Performance panel categories, CPU samples included). */
  startTracing(): Promise<void>;
  /** Stops the trace started by startTracing and writes it to `path` (a file DevTools' Performance panel opens). */
  stopTracing(path: string): Promise<void>;
  close(): Promise<void>;
}

/** What DevTools' Performance panel records (as Playwright's tracing does), CPU samples included. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'v8.execute',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'toplevel',
  'blink.console',
  'blink.user_timing',
  'latencyInfo',
  'disabled-by-default-devtools.timeline.stack',
  'disabled-by-default-v8.cpu_profiler',
];

function chromiumPath(): string {
  const path = process.env.STEVEDORE_CHROMIUM || process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) throw new BenchFailure(`no Chromium at ${path}: install chromium or set STEVEDORE_CHROMIUM`);
  return path;
}

export async function launchCdpChromium(): Promise<CdpBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'stevedore-bench-chromium-'));
  const child: ChildProcess = spawn(chromiumPath(), [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const toChrome = child.stdio[3] as Writable;
  const fromChrome = child.stdio[4] as Readable;
  let nextId = 0;
  const calls = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(m: Message) => void>();
  let exited: Error | undefined;
  let pending = '';
  fromChrome.setEncoding('utf8');
  fromChrome.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\0'); end >= 0; end = pending.indexOf('\0')) {
      const message = JSON.parse(pending.slice(0, end)) as Message;
      pending = pending.slice(end + 1);
      const call = message.id === undefined ? undefined : calls.get(message.id);
      if (call) {
        calls.delete(message.id!);
        if (message.error) call.reject(new Error(message.error.message));
        else call.resolve(message);
      } else for (const listen of listeners) listen(message);
    }
  });
  const ended = (why: string) => {
    exited ??= new BenchFailure(`Chromium ${why}`);
    for (const call of calls.values()) call.reject(exited);
    calls.clear();
  };
  child.on('exit', (code, signal) => ended(`ended (${signal ?? `exit ${code}`})`));
  child.on('error', (err) => ended(`could not run: ${err.message}`));
  // A write after Chromium is gone: the calls above already failed with the reason.
  toChrome.on('error', () => undefined);

  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> => {
    if (exited) return Promise.reject(exited);
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        calls.delete(id);
        reject(new BenchFailure(`Chromium did not answer ${method} within ${CALL_TIMEOUT_MS / 1000} s`));
      }, CALL_TIMEOUT_MS);
      calls.set(id, {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m.result ?? {});
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      toChrome.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  };

  const open = async (url: string, script: string, opts: OpenOptions = {}): Promise<CdpPage> => {
    const { browserContextId } = await send('Target.createBrowserContext', { disposeOnDetach: true });
    const { targetId } = await send('Target.createTarget', { url: 'about:blank', browserContextId });
    const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const errors: string[] = [];
    const onEvent = (m: Message) => {
      if (m.sessionId !== sessionId) return;
      if (m.method === 'Runtime.exceptionThrown') {
        const details = m.params?.exceptionDetails as { text?: string; exception?: { description?: string } } | undefined;
        errors.push(details?.exception?.description?.split('\n')[0] ?? details?.text ?? 'exception');
      } else if (m.method === 'Runtime.consoleAPICalled') {
        const args = (m.params?.args as { value?: unknown; description?: string }[] | undefined) ?? [];
        const text = args.map((a) => String(a.value ?? a.description ?? '')).join(' ');
        if (m.params?.type === 'error') errors.push(text);
        opts.onConsole?.(String(m.params?.type), text);
      }
    };
    listeners.add(onEvent);
    const call = (method: string, params: Record<string, unknown> = {}) => send(method, params, sessionId);
    await call('Page.enable');
    await call('Runtime.enable');
    await call('Emulation.setDeviceMetricsOverride', { width: 1400, height: 900, deviceScaleFactor: 1, mobile: false });
    await call('Emulation.setFocusEmulationEnabled', { enabled: true });
    await call('Page.addScriptToEvaluateOnNewDocument', { source: script });
    const nav = (await call('Page.navigate', { url })) as { errorText?: string };
    if (nav.errorText) throw new BenchFailure(`Chromium could not open ${new URL(url).origin}: ${nav.errorText}`);

    const key = async (params: Record<string, unknown>) => {
      await call('Input.dispatchKeyEvent', { ...params, type: params.text ? 'keyDown' : 'rawKeyDown' });
      await call('Input.dispatchKeyEvent', {
        key: params.key,
        code: params.code,
        windowsVirtualKeyCode: params.windowsVirtualKeyCode,
        type: 'keyUp',
      });
    };
    return {
      errors,
      async evaluate<T>(expression: string): Promise<T> {
        const r = (await call('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
          result?: { value?: unknown };
          exceptionDetails?: { text?: string; exception?: { description?: string } };
        };
        if (r.exceptionDetails)
          throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text ?? 'evaluation failed');
        return r.result?.value as T;
      },
      press: (k) =>
        k === 'Backspace'
          ? key({ key: 'Backspace', code: 'Backspace', windowsVirtualKeyCode: 8 })
          : key({ key: k, text: k, unmodifiedText: k }),
      async wheel(x, y, deltaY) {
        await call('Input.dispatchMouseEvent', { type: 'mouseWheel', x, y, deltaX: 0, deltaY });
      },
      async close() {
        listeners.delete(onEvent);
        await send('Target.disposeBrowserContext', { browserContextId }).catch(() => undefined);
      },
    };
  };

  let traceEvents: unknown[] | undefined;
  let traceDone: (() => void) | undefined;
  listeners.add((m) => {
    if (m.sessionId) return;
    if (m.method === 'Tracing.dataCollected') traceEvents?.push(...((m.params?.value as unknown[]) ?? []));
    else if (m.method === 'Tracing.tracingComplete') traceDone?.();
  });

  return {
    open,
    async startTracing() {
      traceEvents = [];
      await send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: TRACE_CATEGORIES } });
    },
    async stopTracing(path) {
      const complete = new Promise<void>((resolve) => (traceDone = resolve));
      await send('Tracing.end');
      await complete;
      writeFileSync(path, JSON.stringify({ traceEvents }));
      traceEvents = undefined;
    },
    async close() {
      await send('Browser.close').catch(() => undefined);
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, 5000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
