import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en/index';
import es from '../../../renderer/src/i18n/es/index';
import {
  actedRows,
  changeLines,
  commitCommand,
  commitErrorField,
  commitReference,
  filterLines,
  pruneCommand,
  removeNames,
  rmiCommand,
  rowReference,
  tagCommand,
} from '../../../renderer/src/features/edit/edit-model';
import { row } from './fake-api';

const ID = `sha256:${'ab12'.repeat(16)}`;

describe('the names a selection removes', () => {
  it('are repo:tag for tagged rows, repo@digest for digest-only rows and the short ID for <none> rows', () => {
    expect(rowReference(row('busybox', '1.36'))).toBe('busybox:1.36');
    expect(rowReference(row('reg:5000/x', '<none>', { digest: `sha256:${'c'.repeat(64)}` }))).toBe(`reg:5000/x@sha256:${'c'.repeat(64)}`);
    // A digest-only row listed without --digests has no digest to name it by.
    expect(rowReference(row('reg:5000/x', '<none>', { id: ID, digest: '' }))).toBe('ab12ab12ab12');
    expect(rowReference(row('<none>', '<none>', { id: ID, digest: '<none>' }))).toBe('ab12ab12ab12');
  });

  it('keep the rows order and name a tag once even when --digests shows it on several rows', () => {
    const rows = [
      row('web', '1', { digest: `sha256:${'1'.repeat(64)}` }),
      row('web', '1', { digest: `sha256:${'2'.repeat(64)}` }),
      row('db', '2'),
    ];
    expect(removeNames(rows)).toEqual(['web:1', 'db:2']);
  });
});

describe('equivalent commands', () => {
  it('docker rmi with -f and --no-prune as chosen', () => {
    expect(rmiCommand(['a:1', 'b'], { force: false, noPrune: false })).toBe('docker rmi a:1 b');
    expect(rmiCommand(['a:1'], { force: true, noPrune: true })).toBe('docker rmi -f --no-prune a:1');
  });

  it('docker image prune, confirmed (-f), with filters quoted for a shell', () => {
    expect(pruneCommand({ all: false, filters: [] })).toBe('docker image prune -f');
    expect(pruneCommand({ all: true, filters: ['label=a=b', 'until=24h', 'label=x y'] })).toBe(
      "docker image prune -a --filter label=a=b --filter until=24h --filter 'label=x y' -f",
    );
  });

  it('docker commit with every option, and the pause only when turned off', () => {
    expect(
      commitCommand({
        container: 'web',
        reference: 'me/web:2',
        author: 'Ana <a@x>',
        message: "it's done",
        changes: ['ENV A=1', 'CMD ["sh"]'],
        pause: false,
      }),
    ).toBe(
      `docker commit --author 'Ana <a@x>' --message 'it'\\''s done' --change 'ENV A=1' --change 'CMD ["sh"]' --pause=false web me/web:2`,
    );
    expect(commitCommand({ container: '', changes: [], pause: true })).toBe('docker commit CONTAINER');
  });

  it('docker tag', () => {
    expect(tagCommand('busybox:1.36', 'me/bb:x')).toBe('docker tag busybox:1.36 me/bb:x');
    expect(tagCommand('busybox:1.36', '')).toBe('docker tag busybox:1.36 TARGET');
  });
});

describe('typed text into requests', () => {
  it('changes: one instruction per line, blank lines dropped, trailing spaces trimmed', () => {
    expect(changeLines('ENV A=1  \n\n  \nCMD ["sh"]\n')).toEqual(['ENV A=1', 'CMD ["sh"]']);
  });

  it('filters: one per non-blank line', () => {
    expect(filterLines(' label=a=b \n\nuntil=24h')).toEqual(['label=a=b', 'until=24h']);
  });

  it('repository and tag: none makes a dangling image, a repository alone is latest', () => {
    expect(commitReference('  ', 'x')).toBeUndefined();
    expect(commitReference('me/app', '')).toBe('me/app');
    expect(commitReference('me/app', ' 2 ')).toBe('me/app:2');
  });

  it('commit refusals land on the field their detail.part names', () => {
    expect(commitErrorField({ part: 'change' })).toBe('changes');
    expect(commitErrorField({ part: 'reference' })).toBe('reference');
    expect(commitErrorField(undefined)).toBeNull();
  });
});

describe('edit strings', () => {
  type Tree = { [k: string]: string | Tree };
  const keys = (t: Tree, prefix = ''): string[] =>
    Object.entries(t).flatMap(([k, v]) =>
      typeof v === 'string' ? [`${prefix}${k.replace(/_(one|many|other)$/, '')}`] : keys(v, `${prefix}${k}.`),
    );

  it('exist in English and Spanish alike', () => {
    const enKeys = new Set(keys((en as unknown as { edit: Tree }).edit));
    const esKeys = new Set(keys((es as unknown as { edit: Tree }).edit));
    expect([...enKeys].filter((k) => !esKeys.has(k))).toEqual([]);
    expect([...esKeys].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('explain every part of a tag the core can name', () => {
    const parts = [
      'empty',
      'hex-id',
      'repository-lowercase',
      'domain',
      'port',
      'path-component',
      'tag',
      'tag-length',
      'name-length',
      'digest',
      'ambiguous-name',
      'format',
    ];
    for (const lang of [en, es] as unknown as { edit: { tag: { parts: Record<string, string> } } }[]) {
      expect(Object.keys(lang.edit.tag.parts).sort()).toEqual([...parts].sort());
    }
  });

  it('explain every kind of removal conflict', () => {
    const kinds = ['multiple-repositories', 'running-container', 'stopped-container', 'child-images', 'not-found'];
    for (const lang of [en, es] as unknown as { edit: { conflict: Record<string, string> } }[]) {
      for (const k of kinds) expect(lang.edit.conflict[k]).toBeTruthy();
    }
  });
});

describe('the rows Remove and Save act on', () => {
  const a = row('acted/a', '1');
  const b = row('acted/b', '1');
  const c = row('acted/c', '1');
  const view = [a, b, c];

  it('are the keys given, else the selection, else the cursor row, else none', () => {
    const images = { view, selection: new Set([c.key, a.key]), cursor: b.key };
    expect(actedRows(images, [b.key])).toEqual([b]);
    expect(actedRows(images)).toEqual([a, c]);
    expect(actedRows({ ...images, selection: new Set() })).toEqual([b]);
    expect(actedRows({ view, selection: new Set(), cursor: null })).toEqual([]);
  });

  it('follow the order people see and leave out rows the filter hides', () => {
    expect(actedRows({ view: [c, a], selection: new Set([a.key, b.key, c.key]), cursor: null })).toEqual([c, a]);
  });
});
