// The pure halves of an image diff: config fields, layers by chain, and two merged file lists
// compared as `diff -r --no-dereference` compares two exported filesystems; and the text report.
import { describe, expect, it } from 'vitest';
import { configDiff, configLines } from '../../electron/core/image-diff/config-diff';
import { differences, fileDiff, type DiffableEntry } from '../../electron/core/image-diff/file-diff';
import { layerDiff } from '../../electron/core/image-diff/layer-diff';
import { imageDiffText } from '../../shared/image-diff-text';
import type { ImageDiff } from '../../shared/image-diff';

const file = (path: string, extra: Partial<DiffableEntry> = {}): DiffableEntry => ({
  path,
  kind: 'file',
  size: 3,
  mode: 0o644,
  uid: 0,
  gid: 0,
  digest: 'aa',
  ...extra,
});
const dir = (path: string, extra: Partial<DiffableEntry> = {}): DiffableEntry => ({
  path,
  kind: 'dir',
  size: 0,
  mode: 0o755,
  uid: 0,
  gid: 0,
  ...extra,
});

describe('config diff', () => {
  it('reads each field as lines: argv and Env in order, ports, volumes and labels sorted, empty strings unset', () => {
    const c = {
      Env: ['B=2', 'A=1'],
      Cmd: ['sh', '-c', 'x'],
      User: '',
      WorkingDir: '/app',
      ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
      Volumes: { '/z': {}, '/a': {} },
      Labels: { b: '2', a: '1' },
    };
    expect(configLines(c, 'Env')).toEqual(['B=2', 'A=1']);
    expect(configLines(c, 'Cmd')).toEqual(['sh', '-c', 'x']);
    expect(configLines(c, 'Entrypoint')).toBeNull();
    expect(configLines(c, 'User')).toBeNull();
    expect(configLines(c, 'WorkingDir')).toEqual(['/app']);
    expect(configLines(c, 'ExposedPorts')).toEqual(['443/tcp', '80/tcp']);
    expect(configLines(c, 'Volumes')).toEqual(['/a', '/z']);
    expect(configLines(c, 'Labels')).toEqual(['a=1', 'b=2']);
    expect(configLines(null, 'Env')).toBeNull();
  });

  it('marks each field same or different with both values, in the fixed order', () => {
    const d = configDiff(
      { Env: ['A=1'], Cmd: ['sh'], Labels: { x: '1' } },
      { Env: ['A=1'], Cmd: ['sh', '-c'], User: 'nobody', Labels: {} },
    );
    expect(d.map((f) => f.field)).toEqual(['Env', 'Cmd', 'Entrypoint', 'User', 'WorkingDir', 'ExposedPorts', 'Volumes', 'Labels']);
    const by = Object.fromEntries(d.map((f) => [f.field, f]));
    expect(by.Env).toMatchObject({ same: true, left: ['A=1'], right: ['A=1'] });
    expect(by.Cmd).toMatchObject({ same: false, left: ['sh'], right: ['sh', '-c'] });
    expect(by.Entrypoint).toMatchObject({ same: true, left: null, right: null });
    expect(by.User).toMatchObject({ same: false, left: null, right: ['nobody'] });
    expect(by.Labels).toMatchObject({ same: false, left: ['x=1'], right: null });
    // Env order matters to the engine (a later entry wins): the same entries reordered differ.
    expect(configDiff({ Env: ['A=1', 'B=2'] }, { Env: ['B=2', 'A=1'] })[0].same).toBe(false);
  });
});

describe('layer diff', () => {
  const L = (diffId: string) => ({ diffId, createdBy: `make ${diffId}`, size: 1 });
  it('shares layers while the chain below is shared, then says different, then one side only', () => {
    const rows = layerDiff([L('a'), L('b'), L('c'), L('d')], [L('a'), L('x'), L('c')]);
    expect(rows.map((r) => r.status)).toEqual(['shared', 'different', 'different', 'left']);
    expect(rows[2].left?.diffId).toBe('c');
    expect(rows[2].right?.diffId).toBe('c');
    expect(rows[3].right).toBeUndefined();
    expect(layerDiff([L('a')], [L('a'), L('b')]).map((r) => r.status)).toEqual(['shared', 'right']);
    expect(layerDiff([], [])).toEqual([]);
  });
});

describe('file diff', () => {
  it('finds added, removed and changed paths, sorted by path in byte order, and counts the rest as same', () => {
    const left = [dir('etc'), file('etc/passwd'), file('gone'), file('z'), file('é')];
    const right = [
      file('é'),
      dir('etc'),
      file('etc/passwd', { size: 4, digest: 'bb' }),
      file('new'),
      dir('new-dir'),
      file('new-dir/x'),
      file('z'),
    ];
    const { files, sameFiles } = fileDiff(left, right);
    expect(files.map((f) => `${f.change} ${f.path}`)).toEqual([
      'changed etc/passwd',
      'removed gone',
      'added new',
      'added new-dir',
      'added new-dir/x',
    ]);
    expect(files[0].differs).toEqual(['size']);
    expect(files[0].left?.size).toBe(3);
    expect(files[0].right?.size).toBe(4);
    expect(sameFiles).toBe(3);
  });

  it('compares content by digest only where sizes match, and every attribute a diff -r would see', () => {
    expect(differences(file('a'), file('a', { digest: 'bb' }))).toEqual(['content']);
    expect(differences(file('a'), file('a', { size: 9, digest: 'bb' }))).toEqual(['size']);
    expect(differences(file('a'), file('a', { mode: 0o755 }))).toEqual(['mode']);
    expect(differences(file('a'), file('a', { uid: 1000 }))).toEqual(['owner']);
    expect(differences(file('a'), { ...file('a'), kind: 'symlink', size: 0, linkTarget: 'b', digest: undefined })).toEqual([
      'kind',
      'linkTarget',
    ]);
    const link = (target: string): DiffableEntry => ({
      path: 'l',
      kind: 'symlink',
      size: 0,
      mode: 0o777,
      uid: 0,
      gid: 0,
      linkTarget: target,
    });
    expect(differences(link('busybox'), link('busybox'))).toEqual([]);
    expect(differences(link('busybox'), link('/bin/busybox'))).toEqual(['linkTarget']);
    // A folder's size and mtime are no content; its mode is.
    expect(differences(dir('d'), dir('d', { size: 4096 }))).toEqual([]);
    expect(differences(dir('d'), dir('d', { mode: 0o1777 }))).toEqual(['mode']);
    // Special files: kind and attributes.
    const fifo: DiffableEntry = { path: 'p', kind: 'fifo', size: 0, mode: 0o644, uid: 0, gid: 0 };
    expect(differences(fifo, { ...fifo, kind: 'char' })).toEqual(['kind']);
  });

  it('stops when cancelled', () => {
    const many = Array.from({ length: 70_000 }, (_, i) => file(`f${i}`));
    const ac = new AbortController();
    ac.abort();
    expect(() => fileDiff(many, many, ac.signal)).toThrow();
  });
});

describe('text report', () => {
  const diff: ImageDiff = {
    left: { label: 'app:1', imageId: 'sha256:1', repoTags: ['app:1'], files: 3 },
    right: { label: 'app:2', imageId: 'sha256:2', repoTags: ['app:2'], files: 3 },
    config: configDiff({ Cmd: ['sh'] }, { Cmd: ['sh', '-c'] }),
    layers: layerDiff([{ diffId: 'sha256:a', createdBy: 'import', size: 10 }], [{ diffId: 'sha256:a', createdBy: 'import', size: 10 }]),
    files: fileDiff([file('a'), file('b')], [file('a', { digest: 'bb' }), file('c')]).files,
    sameFiles: 0,
  };
  it('prints config, layers and files in a stable order, and leaves out what is the same when asked', () => {
    const text = imageDiffText(diff);
    expect(text).toBe(imageDiffText(structuredClone(diff)));
    expect(text).toContain('  different Cmd\n    - ["sh"]\n    + ["sh","-c"]\n');
    expect(text).toContain('  same Env\n');
    expect(text).toContain('  0 shared\n');
    expect(text).toContain('Files: 1 added, 1 removed, 1 changed, 0 same\n');
    expect(text).toContain('M a (content)\n    - file 0644 0:0 3 sha256:aa\n    + file 0644 0:0 3 sha256:bb\n');
    expect(text.indexOf('M a')).toBeLessThan(text.indexOf('D b'));
    expect(text.indexOf('D b')).toBeLessThan(text.indexOf('A c'));
    const short = imageDiffText(diff, { onlyChanged: true });
    expect(short).not.toContain('same Env');
    expect(short).not.toContain('0 shared');
    expect(short).toContain('different Cmd');
  });
});
