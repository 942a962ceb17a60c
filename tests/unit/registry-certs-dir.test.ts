// certs.d reading (certs-dir.ts), moby's ReadCertsDirectory rules: *.crt roots, *.cert + *.key
// pairs, a half pair or an unreadable file an error naming the file; keys made by Debian's openssl.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertsDirError, defaultCertsDirs, hostDirName, readCertsDirs, signature } from '../../electron/core/registries/certs-dir';

const work = mkdtempSync(join(tmpdir(), 'stevedore-certs-dir-'));
const HOST = 'registry.example:5000';
let caPem = '';
let certPem = '';
let keyPem = '';
let otherKeyPem = '';

/** A fresh root for one case: `files` written under <root>/<HOST>/. */
function root(name: string, files: Record<string, string> = {}): string {
  const dir = join(work, name);
  mkdirSync(join(dir, HOST), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, HOST, file), text);
  return dir;
}

beforeAll(() => {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'];
  const make = (name: string) => {
    execFileSync('openssl', ['req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-subj', `/CN=${name}`], {
      cwd: work,
      stdio: 'ignore',
    });
    return [readFileSync(join(work, `${name}.crt`), 'utf8'), readFileSync(join(work, `${name}.key`), 'utf8')];
  };
  [caPem] = make('ca');
  [certPem, keyPem] = make('client');
  [, otherKeyPem] = make('other');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('defaultCertsDirs', () => {
  it("is the CLI's ~/.docker/certs.d under HOME, then the engine's /etc/docker/certs.d", () => {
    const saved = process.env.HOME;
    process.env.HOME = '/home/someone';
    try {
      expect(defaultCertsDirs()).toEqual(['/home/someone/.docker/certs.d', '/etc/docker/certs.d']);
    } finally {
      process.env.HOME = saved;
    }
  });
});

describe('readCertsDirs', () => {
  it('is undefined when no root has a folder for the host (no error: most registries have none)', async () => {
    expect(await readCertsDirs(HOST, [join(work, 'absent'), join(work, 'absent-too')])).toBeUndefined();
  });

  it('takes every *.crt of every root as a CA, and the first *.cert/*.key pair as the client certificate', async () => {
    const user = root('both-user', { 'ca.crt': caPem, 'client.cert': certPem, 'client.key': keyPem, 'README.txt': 'not read' });
    const system = root('both-system', { 'extra.crt': `${caPem}\n${certPem}` });
    const found = await readCertsDirs(HOST, [user, system]);
    expect(found?.ca).toEqual([caPem.trim(), caPem.trim(), certPem.trim()]);
    expect(found?.client).toEqual({ cert: certPem, key: keyPem, certFile: join(user, HOST, 'client.cert') });
    expect(found?.dirs).toEqual([join(user, HOST), join(system, HOST)]);
  });

  const refusal = async (roots: string[]) => {
    const err = await readCertsDirs(HOST, roots).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CertsDirError);
    return (err as CertsDirError).message;
  };

  it('a certificate without its key names the certificate and the key it wants', async () => {
    const dir = root('cert-only', { 'client.cert': certPem });
    expect(await refusal([dir])).toBe(
      `${join(dir, HOST, 'client.cert')}: has no key client.key beside it (a client certificate needs one; a CA must be named *.crt)`,
    );
  });

  it('a key without its certificate names the key', async () => {
    const dir = root('key-only', { 'ca.crt': caPem, 'client.key': keyPem });
    expect(await refusal([dir])).toBe(`${join(dir, HOST, 'client.key')}: has no client certificate client.cert beside it`);
  });

  it('a key that is not the certificate’s, or not a key at all, names the key file', async () => {
    const mismatched = root('mismatch', { 'client.cert': certPem, 'client.key': otherKeyPem });
    expect(await refusal([mismatched])).toBe(
      `${join(mismatched, HOST, 'client.key')}: is not the key of ${join(mismatched, HOST, 'client.cert')}`,
    );
    const garbage = root('garbage-key', { 'client.cert': certPem, 'client.key': 'not a key' });
    expect(await refusal([garbage])).toMatch(/client\.key: is not a PEM private key/);
  });

  it('a *.crt with no PEM certificate, or one that cannot be read, names the file', async () => {
    const der = root('der', { 'ca.crt': 'MIIB-not-pem' });
    expect(await refusal([der])).toMatch(new RegExp(`${join(der, HOST, 'ca.crt').replace(/[.]/g, '\\.')}: holds no PEM certificate`));
    const unreadable = root('dir-as-file');
    mkdirSync(join(unreadable, HOST, 'ca.crt'));
    expect(await refusal([unreadable])).toBe(`${join(unreadable, HOST, 'ca.crt')}: cannot be read (EISDIR)`);
  });

  it('refuses a host that could leave certs.d before it builds a path', async () => {
    for (const bad of ['..', '../etc', 'a/b', 'host:port:x', '']) {
      expect(() => hostDirName(bad), bad).toThrow(CertsDirError);
    }
    expect(hostDirName('127.0.0.1:5000')).toBe('127.0.0.1:5000');
    expect(hostDirName('[::1]:5000')).toBe('[::1]:5000');
  });
});

describe('signature', () => {
  it('changes when a file is added, so a cached transport is rebuilt', async () => {
    const dir = root('signature', { 'ca.crt': caPem });
    const before = await signature(HOST, [dir]);
    expect(await signature(HOST, [dir])).toBe(before);
    writeFileSync(join(dir, HOST, 'client.cert'), certPem);
    expect(await signature(HOST, [dir])).not.toBe(before);
  });
});
