// Specifies that bench:copy-registry cannot rot quietly (issues #15, #19): `npm run bench:smoke`
// runs it in its tiny mode (two small images of the run put into the stack's open registry,
// copied by skopeo and by the core to the htpasswd registry, all removed after) and it prints its
// BENCH line with every field; and its proof bites: a copy into a repository that already holds
// the image uploads nothing (skopeo skips every blob), and the proof then fails, by the target
// registry's own log, saying the blobs were not uploaded, where a first copy passes with the
// blobs' bytes.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBenchLine } from '../../scripts/bench/bench-kit';
import { forgetTarget, logMark, proveCopied, purgeCopiedBlobs, registryLogOf } from '../../scripts/bench/copy-registry-proof';
import { type Copy, skopeoCopy, skopeoVersion } from '../../scripts/bench/copy-registry-sides';
import type { SourceImage } from '../../scripts/bench/copy-registry-source';
import { runSmoke } from '../support/bench-smoke';
import { pushSyntheticImage, type RegistryTarget } from '../support/registry-fixtures';
import { loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[bench-copy-registry-smoke] skipping: ${skipReason}`);

describe.skipIf(skipReason !== null)('bench:copy-registry', () => {
  const env = loadStackEnv();
  const source: RegistryTarget = { host: env.registry };
  const target: RegistryTarget = { host: env.authRegistry, auth: { username: env.user, password: env.password } };
  const run = randomBytes(4).toString('hex');
  const sourceRepository = `stevedore-bench/copy-proof-src-${run}`;
  const targetRepository = `stevedore-bench/copy-proof-${run}`;
  let image: SourceImage;

  beforeAll(async () => {
    const pushed = await pushSyntheticImage(source, sourceRepository, '1', {
      architecture: 'amd64',
      files: { 'proof.txt': `bench proof ${run}\n` },
    });
    const manifest = (await (
      await fetch(`http://${source.host}/v2/${sourceRepository}/manifests/1`, { headers: { Accept: pushed.mediaType } })
    ).json()) as { config: { digest: string; size: number }; layers: { digest: string; size: number }[] };
    const blobs = [manifest.config, ...manifest.layers].map(({ digest, size }) => ({ digest, size }));
    image = {
      tag: '1',
      manifestDigest: pushed.digest,
      blobs,
      layers: manifest.layers.length,
      bytes: blobs.reduce((s, b) => s + b.size, 0),
    };
  });

  afterAll(async () => {
    if (!image) return;
    await forgetTarget(target, targetRepository, [image]);
    await forgetTarget(source, sourceRepository, [image]);
    purgeCopiedBlobs(target, [image], { manifests: true });
    purgeCopiedBlobs(source, [image], { manifests: true });
  });

  it('runs in the smoke and prints its BENCH line with every field', async () => {
    const { code, output } = await runSmoke('bench:copy-registry');
    expect(code, output).toBe(0);
    expect(output).toMatch(/^ok +bench:copy-registry/m);
    const line = output
      .split('\n')
      .map((l) => parseBenchLine(l.trim()))
      .find((b) => b?.name === 'copy-registry');
    const fields = ['ratio_vs_skopeo', 'rss_growth_mib', 'spread', 'moved_mib', 'rounds', 'ratio_big', 'ratio_layers'];
    expect(line?.fields, output).toMatchObject(Object.fromEntries(fields.map((f) => [f, expect.any(String)])));
  }, 600_000);

  it('proves a copy by the uploads in the target registry log, and refuses one that uploaded nothing', async () => {
    expect(await skopeoVersion()).toMatch(/skopeo/);
    const copy: Copy = { image, source, sourceRepository, target, targetRepository };
    const log = registryLogOf(target.host);

    const first = logMark(log);
    await skopeoCopy(copy);
    expect(await proveCopied('skopeo', target, targetRepository, image, { path: log, mark: first })).toBe(image.bytes);

    // The same copy again: the target has every blob, skopeo skips them all, the tag is there with the same digest.
    const second = logMark(log);
    await skopeoCopy(copy);
    await expect(proveCopied('skopeo', target, targetRepository, image, { path: log, mark: second })).rejects.toThrow(
      /shows no finished upload into .* of 2 of 2 blobs/,
    );
  }, 120_000);
});
