// Owns turning a compressed image archive back into a tar stream for reading: the preview, and the
// load's manifest tap (manifest-tap.ts, which counts layers beside the engine's own decompression).
import { spawn } from 'node:child_process';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CoreError } from '../engine/engine-errors';
import { checkExpansion } from '../../../shared/tar-manifest';
import type { ArchiveKind } from './tar-format';

/**
 * bzip2 and xz go through the `bzip2 -dc` / `xz -dc` programs: Node's zlib has gzip but neither
 * of these, the pure-JS ports are slow and unmaintained, and the native liblzma bindings need a
 * compiler or prebuilt downloads. The engine itself shells out to `xz` for the same reason, and
 * both programs are present wherever `docker load` of such files works (the test stack installs
 * them). Each runs as a separate process, so a big archive costs no memory here.
 */
const PROGRAMS: Record<'bzip2' | 'xz', string> = { bzip2: 'bzip2', xz: 'xz' };

/** A tar stream out of `source`; destroying the result stops the decompressor and the source. */
export function decompressed(source: Readable, kind: ArchiveKind, what: string): Readable {
  if (kind === 'tar') return source;
  let compressedBytes = 0;
  source.on('data', (chunk: Buffer) => {
    compressedBytes += chunk.length;
  });
  let output: Readable;
  if (kind === 'gzip') {
    const gunzip = createGunzip();
    source.on('error', (err) => gunzip.destroy(err));
    gunzip.on('close', () => source.destroy());
    source.pipe(gunzip);
    output = gunzip;
  } else {
    output = viaProgram(source, PROGRAMS[kind], what);
  }
  return boundedExpansion(output, () => compressedBytes, what);
}

function boundedExpansion(output: Readable, compressedBytes: () => number, what: string): Readable {
  let expanded = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      expanded += chunk.length;
      try {
        checkExpansion(expanded, compressedBytes(), what);
      } catch (err) {
        return done(new CoreError('INVALID_ARGUMENT', (err as Error).message)); // a verdict on the archive
      }
      done(null, chunk);
    },
  });
  output.on('error', (err) => guard.destroy(err));
  guard.on('close', () => output.destroy());
  output.pipe(guard);
  return guard;
}

function viaProgram(source: Readable, program: string, what: string): Readable {
  const child = spawn(program, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let failure: Error | undefined;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    if (stderr.length < 4096) stderr += s;
  });
  // The program may exit early (bad data, or we stop reading): its stdin then reports EPIPE.
  child.stdin.on('error', () => undefined);
  source.on('error', (err) => {
    failure ??= err;
    child.kill();
  });
  source.pipe(child.stdin);
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      failure ??=
        err.code === 'ENOENT' ? new CoreError('INTERNAL', `Reading ${what} needs the '${program}' program, which is not installed`) : err;
      resolve(null);
    });
    child.once('close', (code) => resolve(code));
  });

  async function* output(): AsyncGenerator<Buffer> {
    let finished = false;
    try {
      for await (const chunk of child.stdout) yield chunk as Buffer;
      const code = await exited;
      finished = true;
      if (failure) throw failure;
      if (code !== 0) {
        const why =
          stderr
            .trim()
            .split('\n')
            .pop()
            ?.replace(/^\S+: \(stdin\): /, '') || `exit code ${code}`;
        throw new CoreError('INVALID_ARGUMENT', `${what} is not valid ${program} data: ${why}`);
      }
    } finally {
      if (!finished) {
        child.kill();
        source.destroy();
      }
    }
  }
  return Readable.from(output(), { objectMode: false });
}
