import { describe, expect, it } from 'vitest';
import { cliReferenceMessage, goQuote, validateTagTarget } from '../../electron/core/edit/tag';
import { AMBIGUOUS, INVALID_TAG_TARGETS, VALID_TAG_TARGETS, WITH_DIGEST } from '../fixtures/tag-reference-cases';

/** What `docker tag src <input>` prints (20.10 CLI): parse errors wrapped, store refusals as they are. */
function cliMessage(input: string, reason: string): string {
  return reason === WITH_DIGEST || reason === AMBIGUOUS ? reason : cliReferenceMessage(input, reason);
}

describe('tag targets: the 20.10 CLI reading of distribution/reference test cases', () => {
  it('covers at least 60 references', () => {
    expect(VALID_TAG_TARGETS.length + INVALID_TAG_TARGETS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(VALID_TAG_TARGETS.map((c) => [c.input.length > 60 ? `${c.input.slice(0, 57)}...` : c.input, c] as const))(
    'accepts %s',
    (_label, c) => {
      const v = validateTagTarget(c.input);
      expect(v.error).toBeUndefined();
      expect(v).toMatchObject({ valid: true, normalized: c.normalized, familiar: c.familiar });
      expect(`${v.name}:${v.tag}`).toBe(c.normalized);
    },
  );

  it.each(INVALID_TAG_TARGETS.map((c) => [c.input.length > 60 ? `${c.input.slice(0, 57)}...` : c.input, c] as const))(
    'refuses %s, naming the part',
    (_label, c) => {
      const v = validateTagTarget(c.input);
      expect(v.valid).toBe(false);
      expect(v.error?.reason).toBe(c.reason);
      expect(v.error?.message).toBe(cliMessage(c.input, c.reason));
      expect(v.error?.part).toBe(c.part);
      if (c.value !== undefined) expect(v.error?.value).toBe(c.value);
    },
  );

  it('prints the exact CLI lines for the classic mistakes', () => {
    expect(validateTagTarget('Foo').error?.message).toBe(
      'Error parsing reference: "Foo" is not a valid repository/tag: invalid reference format: repository name must be lowercase',
    );
    expect(validateTagTarget('repo:-foo').error?.message).toBe(
      'Error parsing reference: "repo:-foo" is not a valid repository/tag: invalid reference format',
    );
    expect(validateTagTarget(`busybox@sha256:${'a'.repeat(64)}`).error?.message).toBe('refusing to create a tag with a digest reference');
  });

  it('normalises like the CLI: docker.io/library/ and latest', () => {
    expect(validateTagTarget('busybox')).toMatchObject({
      name: 'docker.io/library/busybox',
      tag: 'latest',
      defaultTag: true,
      familiar: 'busybox:latest',
    });
    expect(validateTagTarget('me/app:1')).toMatchObject({ name: 'docker.io/me/app', tag: '1', defaultTag: false });
    expect(validateTagTarget('127.0.0.1:5001/x/y')).toMatchObject({ domain: '127.0.0.1:5001', path: 'x/y', tag: 'latest' });
  });

  it('names the 128-character tag limit and the 255-character name limit with the sizes', () => {
    expect(validateTagTarget(`r:${'t'.repeat(129)}`).error).toMatchObject({ part: 'tag-length', detail: expect.stringContaining('129') });
    expect(validateTagTarget('n'.repeat(240)).error).toMatchObject({ part: 'name-length', detail: expect.stringContaining('258') });
  });

  it("quotes like Go's %q", () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('tab\there\n')).toBe('"tab\\there\\n"');
    expect(goQuote('\x01\x7f')).toBe('"\\x01\\x7f"');
    expect(goQuote('ünï')).toBe('"ünï"');
    expect(goQuote('\u00ad')).toBe('"\\u00ad"');
  });
});
