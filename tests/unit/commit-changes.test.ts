import { describe, expect, it } from 'vitest';
import {
  commitReference,
  COMMIT_CHANGE_INSTRUCTIONS,
  invalidChangeMessage,
  parseChangeInstructions,
} from '../../electron/core/edit/commit';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';

describe('commit --change lines, read as the engine reads them', () => {
  it('allows the engine list: CMD ENTRYPOINT ENV EXPOSE HEALTHCHECK LABEL ONBUILD USER VOLUME WORKDIR', () => {
    expect([...COMMIT_CHANGE_INSTRUCTIONS].sort()).toEqual(
      ['cmd', 'entrypoint', 'env', 'expose', 'healthcheck', 'label', 'onbuild', 'user', 'volume', 'workdir'].sort(),
    );
    expect(
      invalidChangeMessage([
        'CMD ["/bin/sh"]',
        'entrypoint /bin/sh',
        'ENV a=b',
        'EXPOSE 80',
        'HEALTHCHECK NONE',
        'LABEL a=b',
        'ONBUILD RUN x',
        'USER nobody',
        'VOLUME /data',
        'WORKDIR /opt',
      ]),
    ).toBeNull();
  });

  it.each([
    ['RUN echo hi', 'run is not a valid change command'],
    ['FROM scratch', 'from is not a valid change command'],
    ['COPY a b', 'copy is not a valid change command'],
    ['ADD a b', 'add is not a valid change command'],
    ['ARG x', 'arg is not a valid change command'],
    ['MAINTAINER me', 'maintainer is not a valid change command'],
    ['STOPSIGNAL SIGKILL', 'stopsignal is not a valid change command'],
    ['SHELL ["/bin/sh","-c"]', 'shell is not a valid change command'],
    ['Frobnicate now', 'frobnicate is not a valid change command'],
    ['   run   indented', 'run is not a valid change command'],
  ])('%s is refused with the engine words', (change, message) => {
    expect(invalidChangeMessage(['ENV ok=1', change])).toBe(message);
  });

  it('reports the first bad instruction, in order, like the engine', () => {
    expect(invalidChangeMessage(['COPY a b', 'RUN x'])).toBe('copy is not a valid change command');
  });

  it('joins values with newlines: a trailing backslash continues into the next value', () => {
    expect(parseChangeInstructions(['ENV a=1 \\', 'RUN=2'])).toEqual([{ instruction: 'env', line: 'ENV a=1 RUN=2' }]);
    expect(invalidChangeMessage(['LABEL a=1 \\', 'RUN echo'])).toBeNull();
  });

  it('skips comments and blank lines, also inside a continuation', () => {
    expect(parseChangeInstructions(['# a comment', '', 'CMD \\', '# inside', '  ["sh"]'])).toEqual([
      { instruction: 'cmd', line: 'CMD   ["sh"]' },
    ]);
  });

  it('honours an escape directive at the top', () => {
    expect(parseChangeInstructions(['# escape=`', 'ENV a=1 `', 'b=2'])).toEqual([{ instruction: 'env', line: 'ENV a=1 b=2' }]);
    expect(invalidChangeMessage(['# escape=`', 'ENV a=1 \\', 'RUN x'])).toBe('run is not a valid change command');
  });

  it('no changes is fine', () => {
    expect(invalidChangeMessage([])).toBeNull();
    expect(parseChangeInstructions([''])).toEqual([]);
  });
});

describe('commit reference, as client.ContainerCommit derives repo and tag', () => {
  it('sends the familiar repository and the tag, latest by default', () => {
    expect(commitReference('me/app')).toEqual({ repo: 'me/app', tag: 'latest', familiar: 'me/app:latest' });
    expect(commitReference('docker.io/library/app:1')).toEqual({ repo: 'app', tag: '1', familiar: 'app:1' });
    expect(commitReference('127.0.0.1:5001/x/y:z')).toEqual({ repo: '127.0.0.1:5001/x/y', tag: 'z', familiar: '127.0.0.1:5001/x/y:z' });
  });

  it('no reference means a dangling image', () => {
    expect(commitReference(undefined)).toEqual({ repo: '', tag: '' });
    expect(commitReference('')).toEqual({ repo: '', tag: '' });
  });

  it('refuses bad names and digests with the CLI words', () => {
    expect(() => commitReference('Foo')).toThrow('invalid reference format: repository name must be lowercase');
    expect(() => commitReference(`a@sha256:${'0'.repeat(64)}`)).toThrow('refusing to create a tag with a digest reference');
  });
});

describe('images.commit validates before any request', () => {
  // An engine that does not exist: a request sent would come back ENGINE_UNREACHABLE.
  const core = new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host: 'unix:///nonexistent/stevedore.sock', source: 'env' } }),
  });

  it('a bad change is refused with the engine words, and no job starts', async () => {
    const r = await core.handle('images.commit', { container: 'c', changes: ['RUN echo'] });
    expect(r).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'run is not a valid change command', detail: { part: 'change' } },
    });
    expect(core.jobs.list()).toEqual([]);
  });

  it('a bad reference is refused, and no job starts', async () => {
    const r = await core.handle('images.commit', { container: 'c', reference: 'Nope' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_REFERENCE' } });
    expect(core.jobs.list()).toEqual([]);
  });

  it('pause defaults to on and unknown fields are refused', async () => {
    const { requestSchemas } = await import('../../shared/contract');
    expect(requestSchemas['images.commit'].parse({ container: 'c' })).toEqual({ container: 'c', changes: [], pause: true });
    expect(requestSchemas['images.commit'].safeParse({ container: 'c', squash: true }).success).toBe(false);
  });
});
