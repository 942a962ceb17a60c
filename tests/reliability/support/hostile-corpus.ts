// The HOSTILE inputs (tests/reliability/hostile-names.test.ts): the corpus of hostile image names,
// which of them are valid references to a registry off loopback (never pulled or pushed), and the
// crafted docker save style tars and archive descriptions that carry them.
import { parseNormalizedNamed } from '../../../shared/reference';
import { tarHeader } from './archives';
import { PRIVATE_REGISTRY } from './private-stack';

export const ZERO = '0'.repeat(64);
/** A Config file name that is not hostile, beside a hostile tag. */
export const CONFIG = `${'c'.repeat(64)}.json`;

/** The corpus; `P` is the probe's `127.0.0.1:<port>`. */
export function corpus(P: string): string[] {
  const names = [
    // `..` and `.` in every position
    `../../${P}/x`,
    `../${P}/x`,
    '..',
    '../x',
    'x/..',
    'x/../..',
    `x/../../${P}/y`,
    `${P}/../x`,
    `${P}/x/..`,
    `/../${P}/x`,
    'a/./b',
    './a',
    'a/.',
    '.',
    '...',
    'a/...',
    '..:latest',
    'x:..',
    'x@..',
    `rel/a/../../../${P}/x:1`,
    // percent-encoded and double-encoded
    `%2e%2e/%2e%2e/${P}/x`,
    `..%2f..%2f${P}%2fx`,
    `%2E%2E%2F${P}`,
    'x%2f..%2f..',
    `%252e%252e/%252e%252e/${P}/x`,
    `..%252f..%252f${P}`,
    '%25%32%65',
    'x%00',
    `x%3F/../../${P}`,
    '%C0%AE%C0%AE/x',
    // query and fragment
    'x?x=1',
    `x?names=../../${P}/x`,
    `../../${P}/x?`,
    'x#',
    `#/../../${P}`,
    'x/json?a',
    `busybox:1?tag=../../${P}`,
    'x&names=y',
    // CR/LF and NUL
    `x\r\nHost: ${P}`,
    'x\nGET /',
    'x\r',
    '\r\n',
    'x\u0000',
    `\u0000../../${P}/x`,
    // backslashes
    `..\\..\\${P}\\x`,
    'x\\..',
    `\\\\${P}\\x`,
    'a\\b',
    // Unicode look-alikes and invisibles
    `．．/．．/${P}/x`,
    `‥/${P}/x`,
    'x∕..∕..',
    '⁄../x',
    'busybоx',
    'ａlpine',
    'x\u200b',
    'x\u202e',
    'x\ufeff',
    'busybox\u00a0',
    // overlong
    'a'.repeat(256),
    `${'a/'.repeat(200)}a`,
    `x:${'t'.repeat(129)}`,
    `${'a'.repeat(64)}/../..`,
    `${'../'.repeat(300)}${P}`,
    // malformed otherwise
    '',
    ' ',
    'x y',
    'X',
    'x:',
    'x@',
    '@',
    ':',
    '//x',
    'x//y',
    '-x',
    'x-',
    '*',
    `sha512:${'a'.repeat(128)}`,
    // valid references that point at nothing (on loopback only)
    `${PRIVATE_REGISTRY}/rel/hostile-nothing:1`,
    `${PRIVATE_REGISTRY}/rel/nothing@sha256:${ZERO}`,
    `sha256:${ZERO}`,
    ZERO,
    'deadbeef0',
    'rel/hostile-nothing:1',
  ];
  return [...new Set(names)];
}

/** Valid references whose registry is not the private one: never pulled or pushed (no traffic off loopback, none to the probe). */
export function reachesOtherRegistry(name: string): boolean {
  try {
    return parseNormalizedNamed(name).domain !== PRIVATE_REGISTRY;
  } catch {
    return false;
  }
}

/** A docker save style tar holding only manifest.json. */
export function craftedTar(manifest: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(manifest));
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([tarHeader('manifest.json', body.length), body, pad, Buffer.alloc(1024)]);
}

/** What images.describeArchive is given for a `manifest` (the preview a browser makes of a File). */
export const archiveOf = (manifest: unknown) => ({ name: 'hostile.tar', compression: 'tar', size: 0, manifest });
