// Differential test: `docker images` from the installed docker CLI versus Stevedore's core
// (listImageSummaries + formatImages) on the same test engine, compared byte for byte.
import Dockerode from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { engineMessage } from '../../electron/core/engine/engine-errors';
import { FormatError, formatImages } from '../../electron/core/images/format/image-format';
import { goLocalZone } from '../../electron/core/images/format/local-zone';
import { listImageSummaries } from '../../electron/core/images/images';
import { timedCliRun } from '../support/cli-clock';
import { dockerCli, fixtures, loadStackEnv, requireEngine } from '../support/stack';

interface Case {
  /** Flags after `docker images`, exactly as a person would type them. */
  args: string[];
}

interface Flags {
  all: boolean;
  quiet: boolean;
  noTrunc: boolean;
  digests: boolean;
  format?: string;
  filters: string[];
}

/** Read the flags back from the argv, so each case is written once, CLI-style. */
function parseArgs(args: string[]): Flags {
  const f: Flags = { all: false, quiet: false, noTrunc: false, digests: false, filters: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-a') f.all = true;
    else if (a === '-q') f.quiet = true;
    else if (a === '--no-trunc') f.noTrunc = true;
    else if (a === '--digests') f.digests = true;
    else if (a === '--format') f.format = args[++i];
    else if (a === '-f') f.filters.push(args[++i]);
    else throw new Error(`unknown test flag ${a}`);
  }
  return f;
}

type Outcome = { ok: true; stdout: string } | { ok: false; message: string };

function dockerodeFor(host: string): Dockerode {
  if (host.startsWith('unix://')) return new Dockerode({ socketPath: host.slice('unix://'.length) });
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  return new Dockerode({ host: url.hostname, port: Number(url.port) });
}

const skipReason = requireEngine();

describe.skipIf(skipReason !== null)('docker images: our core prints what the docker CLI prints', () => {
  let docker: Dockerode;
  const fx = fixtures();

  beforeAll(() => {
    docker = dockerodeFor(loadStackEnv().dockerHost);
  });

  /**
   * Lists, then formats as of each instant in turn (`.CreatedSince`), stopping at the first text
   * `matches` accepts: pinned to the instants a CLI run may have read the clock at
   * (tests/support/cli-clock.ts), "N seconds ago" cannot tick between the two.
   */
  async function ours(
    flags: Flags,
    instants: number[] = [Date.now()],
    matches: (stdout: string) => boolean = () => true,
  ): Promise<Outcome> {
    try {
      const images = await listImageSummaries(docker, { all: flags.all, filters: flags.filters });
      let stdout = '';
      for (const now of instants) {
        stdout = formatImages(images, { format: flags.format, quiet: flags.quiet, noTrunc: flags.noTrunc, digests: flags.digests, now });
        if (matches(stdout)) break;
      }
      return { ok: true, stdout };
    } catch (e) {
      return { ok: false, message: e instanceof FormatError ? e.message : engineMessage(e) };
    }
  }

  async function cli(args: string[]): Promise<Outcome> {
    const r = await dockerCli(['images', ...args]);
    if (r.code === 0) return { ok: true, stdout: r.stdout };
    return { ok: false, message: r.stderr.trim() };
  }

  /**
   * The engine sorts by Created seconds with an unstable sort over a map, so images created
   * in the same second come back in a different order on every request (the CLI itself is
   * nondeterministic there), and the CLI orders an image's repositories by Go map iteration.
   * Where bytes differ, we therefore compare the header exactly and the rows (or raw records)
   * as a multiset; column widths do not depend on order, so every row is still byte-exact.
   */
  function canonical(out: string, rawRecords: boolean, table: boolean): string {
    const parts = rawRecords ? out.split('\n\n') : out.split('\n');
    const head = table ? parts.shift() : undefined;
    return [head ?? '', ...parts.sort()].join('\u241e');
  }

  async function compare(c: Case): Promise<void> {
    const flags = parseArgs(c.args);
    const rawRecords = flags.format === 'raw' && !flags.quiet;
    const table = (flags.format ?? 'table').startsWith('table') && !(flags.quiet && (flags.format ?? 'table') === 'table');
    let theirs: Outcome = { ok: false, message: '' };
    let mine: Outcome = { ok: false, message: '' };
    // Two attempts: other suites may be changing images on the same engine. Relative times are
    // compared as of the CLI run's own instant (ours() is pinned to it), so they never race.
    for (let attempt = 0; attempt < 2; attempt++) {
      const run = await timedCliRun(() => cli(c.args));
      theirs = run.output;
      const want = theirs.ok ? canonical(theirs.stdout, rawRecords, table) : null;
      mine = await ours(flags, run.instants, (stdout) => canonical(stdout, rawRecords, table) === want);
      if (theirs.ok && mine.ok && canonical(theirs.stdout, rawRecords, table) === canonical(mine.stdout, rawRecords, table)) break;
      if (!theirs.ok && !mine.ok) break;
    }
    expect(mine.ok, mine.ok ? '' : mine.message).toBe(theirs.ok);
    if (theirs.ok && mine.ok) {
      if (theirs.stdout !== mine.stdout) {
        expect(canonical(mine.stdout, rawRecords, table)).toBe(canonical(theirs.stdout, rawRecords, table));
      }
      expect(mine.stdout.length).toBe(theirs.stdout.length);
    }
  }

  async function compareError(args: string[], expectation: (cliMessage: string, ours: string) => void): Promise<void> {
    const theirs = await cli(args);
    const mine = await ours(parseArgs(args));
    expect(theirs.ok).toBe(false);
    expect(mine.ok).toBe(false);
    if (!theirs.ok && !mine.ok) expectation(theirs.message, mine.message);
  }

  const outputs: [string, string[]][] = [
    ['the default table', []],
    ['quiet IDs (one per row, not de-duplicated)', ['-q']],
    ['the digest table', ['--digests']],
    ['full IDs', ['--no-trunc']],
    ['all images including intermediates', ['-a']],
    ['all images, quiet', ['-a', '-q']],
    ['all images with digests and full IDs', ['-a', '--digests', '--no-trunc']],
    ['{{json .}}', ['--format', '{{json .}}']],
    ['the json format key', ['--format', 'json']],
    ['raw', ['--format', 'raw']],
    ['raw with digests', ['--format', 'raw', '--digests']],
    ['raw quiet', ['--format', 'raw', '-q']],
    ['quiet is ignored by a custom table', ['--format', 'table {{.Repository}}', '-q']],
    ['a custom table of identity placeholders', ['--format', 'table {{.ID}}\\t{{.Repository}}\\t{{.Tag}}\\t{{.Digest}}']],
    [
      'a custom table of time and size placeholders',
      [
        '--format',
        'table {{.CreatedSince}}\\t{{.CreatedAt}}\\t{{.Size}}\\t{{.VirtualSize}}\\t{{.SharedSize}}\\t{{.UniqueSize}}\\t{{.Containers}}',
      ],
    ],
    ['a custom table gets the digest column appended', ['--format', 'table {{.Repository}}\\t{{.Size}}', '--digests']],
    ['a plain custom format with full IDs', ['--format', '{{.ID}}: {{.Repository}}:{{.Tag}}', '--no-trunc']],
    [
      'the CLI template functions',
      [
        '--format',
        '{{json .Repository}} {{split .Repository "/"}} {{join (split .Repository "/") "|"}} {{title .Tag}} {{lower .Size}} {{upper .Repository}} [{{pad .Tag 2 1}}] {{truncate .ID 5}}',
      ],
    ],
    ['header functions on a table', ['--format', 'table {{upper .Repository}}\\t{{pad .Tag 1 1}}\\t{{json .Digest}}\\t{{truncate .ID 4}}']],
    ['table {{json .}} (the header errors and stays empty)', ['--format', 'table {{json .}}']],
    ['{{.}} (fmt of the Go struct)', ['--format', '{{.}}']],
    ['if/else and eq', ['--format', '{{if eq .Tag "<none>"}}untagged {{.ID}}{{else}}{{.Repository}}:{{.Tag}}{{end}}']],
    [
      'range, len and printf',
      ['--format', '{{range split .Repository "/"}}[{{.}}]{{end}} {{len .Tag}} {{printf "%-12s|%5s|%q" .Tag .Size .Digest}}'],
    ],
    ['trim markers and \\n escapes', ['--format', '{{- .Repository -}}  \\n  {{- .Tag}}']],
    ['a label filter', ['-f', `label=${fx.label}`]],
    ['dangling=true', ['-f', 'dangling=true']],
    ['dangling=false, quiet', ['-f', 'dangling=false', '-q']],
    ['the dangling fixture by label', ['-f', 'dangling=true', '-f', `label=${fx.danglingLabel}`]],
    [
      'a multi-tag, multi-repo image by reference with digests',
      ['-f', `reference=${fx.namespace}/busybox`, '-f', `reference=${fx.namespace}/alias`, '--digests'],
    ],
    ['a reference glob', ['-f', `reference=${fx.namespace}/*:1*`]],
    ['before=', ['-f', `before=${fx.web}`]],
    ['since= with -a', ['-f', `since=${fx.base}`, '-a']],
    [
      'label and reference combined',
      ['-f', `label=${fx.label}`, '-f', `reference=${fx.namespace}/*`, '--format', 'table {{.Repository}}\\t{{.Tag}}'],
    ],
    ['a digest-only repository with --digests', ['-f', `reference=${fx.digestOnlyRepo}`, '--digests']],
    [
      'a digest-only repository: {{.Digest}} without --digests is empty',
      ['-f', `reference=${fx.digestOnlyRepo}`, '--format', '[{{.Digest}}] {{.Tag}}'],
    ],
    [
      'tags crossed with digests when the format uses {{.Digest}}',
      ['-f', `reference=${fx.digestedRepo}`, '--format', '{{.Tag}} {{.Digest}}'],
    ],
    ['an empty result prints only the header', ['-f', 'reference=no-such/repository']],
    ['an empty result prints nothing when quiet', ['-f', 'reference=no-such/repository', '-q']],
    ['an empty custom table prints its header', ['-f', 'reference=no-such/repository', '--format', 'table {{.Repository}}', '--digests']],
  ];

  it.each(outputs)('%s', async (_name, args) => {
    await compare({ args });
  });

  const templateErrors: [string, string][] = [
    ['an undefined function', '{{InvalidFunction}}'],
    ['nil as a command', '{{nil}}'],
    ['a field the image context lacks', '{{.Nope}}'],
    ['an unexported field', '{{.trunc}}'],
    ['an unclosed action', '{{.Tag'],
    ['an unterminated if', '{{if .Tag}}'],
    ['a stray end', '{{.Tag}}{{end}}'],
    ['a runtime error inside a function', '{{truncate .Tag -1}}'],
    ['a method given arguments', '{{.ID 1}}'],
    ['a wrong argument type', '{{join .Tag ","}}'],
  ];

  it.each(templateErrors)('a bad template (%s) fails with the same text', async (_name, format) => {
    await compareError(['-f', `reference=${fx.base}`, '--format', format], (theirs, mine) => expect(mine).toBe(theirs));
  });

  it.each([
    ['an unknown filter key', ['-f', 'foo=bar']],
    ['a bad dangling value', ['-f', 'dangling=maybe']],
    ['before= an image that does not exist', ['-f', 'before=no-such-image:0']],
  ])('a bad filter (%s) fails with the engine’s message', async (_name, args) => {
    await compareError(args, (theirs, mine) => expect(`Error response from daemon: ${mine}`).toBe(theirs));
  });

  it('prints .CreatedAt in the local zone the way Go names it (TZ=Europe/Berlin)', async () => {
    const args = ['-f', `label=${fx.label}`, '--format', '{{.ID}} {{.CreatedAt}}'];
    const theirs = await dockerCli(['images', ...args], { env: { TZ: 'Europe/Berlin' } });
    const images = await listImageSummaries(docker, { all: false, filters: [`label=${fx.label}`] });
    const mine = formatImages(images, {
      format: '{{.ID}} {{.CreatedAt}}',
      quiet: false,
      noTrunc: false,
      digests: false,
      zone: goLocalZone({ TZ: 'Europe/Berlin' }),
    });
    expect(theirs.code).toBe(0);
    expect(theirs.stdout).toMatch(/\+0[12]00 CES?T\n/);
    expect(mine.split('\n').sort()).toEqual(theirs.stdout.split('\n').sort());
  });

  it('a filter without "=" fails with the CLI’s flag-parsing message', async () => {
    await compareError(['-f', 'nofmt'], (theirs, mine) => expect(theirs).toContain(mine));
  });
});
