// The engine's save answers a full image ID that names nothing with a 500 naming a file of its
// image store; the contract calls that NOT_FOUND, in the engine's 404 words.
import { describe, expect, it } from 'vitest';
import { toContractError } from '../../electron/core/engine/engine-errors';

const ID = `sha256:${'0'.repeat(64)}`;
const engine500 = (message: string) =>
  Object.assign(new Error(`(HTTP code 500) unexpected - ${message} `), { statusCode: 500, json: { message } });

describe('an image ID that names nothing, as the engine save answers it', () => {
  it('is NOT_FOUND with "No such image", not INTERNAL with a store path', () => {
    const err = engine500(
      `failed to get digest ${ID}: open /var/lib/docker/image/overlay2/imagedb/content/sha256/${'0'.repeat(64)}: no such file or directory`,
    );
    expect(toContractError(err)).toEqual({ code: 'NOT_FOUND', message: `No such image: ${ID}`, detail: { status: 500 } });
  });

  it('leaves other 500s as they were', () => {
    expect(toContractError(engine500(`failed to get digest ${ID}: permission denied`))).toMatchObject({ code: 'INTERNAL' });
    expect(toContractError(engine500('open /x: no such file or directory'))).toMatchObject({ code: 'INTERNAL' });
  });
});
