// Owns reading one of the engine's JSON-lines progress responses (pull, push) to its end: dockerode
// resolves on the response headers and treats in-stream errors as success, so the body is folded
// here, an error line rejects with the engine's words, and an AbortSignal aborts the request
// (the engine then stops the work) without leaving the promise hanging.
import type { Readable } from 'node:stream';
import { CoreError, isAbortError } from '../engine/engine-errors';
import { JsonLineSplitter } from '../support/json-lines';
import type { JobContext } from '../support/jobs';
import type { LayerProgress, ProgressMessage, ProgressUpdate } from './layer-progress';

export const cancelled = () => new CoreError('CANCELLED', 'Cancelled');

export interface FollowOptions<P extends LayerProgress> {
  signal: AbortSignal;
  /** Every decoded message's effect, in stream order. */
  onUpdate?: (update: ProgressUpdate, progress: P) => void;
  /** The error an in-stream error line becomes (its text is the engine's words). */
  errorFor: (message: string) => Error;
  /** What was going on, for the error when the engine hangs up early (`pull`, `push`). */
  operation: string;
}

/**
 * Sends the request (`open` gets the signal so it can abort it) and folds its progress into
 * `progress`. Resolves once the engine ended the stream without an error line; rejects with
 * CANCELLED when `signal` aborts, with `errorFor(words)` on an error line.
 */
export async function followProgress<P extends LayerProgress>(
  open: () => Promise<unknown>,
  progress: P,
  opts: FollowOptions<P>,
): Promise<P> {
  const { signal } = opts;
  if (signal.aborted) throw cancelled();
  let stream: Readable;
  try {
    stream = (await open()) as Readable;
  } catch (err) {
    if (signal.aborted || isAbortError(err)) throw cancelled();
    throw err;
  }
  return new Promise<P>((resolve, reject) => {
    const splitter = new JsonLineSplitter();
    let settled = false;
    let ended = false;
    const settle = (err?: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (err) {
        stream.destroy();
        reject(err);
      } else {
        resolve(progress);
      }
    };
    const onAbort = () => settle(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    // An abort between the response headers and here would otherwise go unnoticed.
    if (signal.aborted) onAbort();

    const handle = (values: unknown[]) => {
      for (const value of values) {
        if (settled) return;
        const update = progress.apply(value as ProgressMessage);
        opts.onUpdate?.(update, progress);
        if (update.error !== undefined) {
          settle(opts.errorFor(update.error));
          return;
        }
      }
    };
    stream.on('data', (chunk: Buffer) => handle(splitter.push(chunk).values));
    stream.on('end', () => {
      ended = true;
      handle(splitter.flush().values);
      settle();
    });
    stream.on('error', (err) => settle(signal.aborted || isAbortError(err) ? cancelled() : err));
    stream.on('close', () => {
      if (ended) return;
      settle(
        signal.aborted
          ? cancelled()
          : new CoreError('ENGINE_UNREACHABLE', `The engine closed the connection before the ${opts.operation} finished`),
      );
    });
  });
}

/** An `onUpdate` that shows the stream in a job: the CLI's lines, layer rows, overall bytes. */
export function intoJob(ctx: Pick<JobContext, 'message' | 'layer' | 'progress'>) {
  return (update: ProgressUpdate, progress: LayerProgress): void => {
    if (update.line !== undefined) ctx.message(update.line);
    if (update.layer) {
      ctx.layer(update.layer);
      const { current, total } = progress.bytes;
      ctx.progress(current, total);
    }
  };
}
