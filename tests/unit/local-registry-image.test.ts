// The deploy's check that the image it runs is a registry: by the command the image runs, not its name.
import { describe, expect, it } from 'vitest';
import { notARegistryReason, runsRegistry } from '../../electron/core/registries/local-registry-image';

describe('runsRegistry', () => {
  it("accepts the official registry:2 and registry:3 layout: /entrypoint.sh given the registry's config", () => {
    const registry2 = { Entrypoint: ['/entrypoint.sh'], Cmd: ['/etc/docker/registry/config.yml'], ExposedPorts: { '5000/tcp': {} } };
    expect(runsRegistry(registry2)).toBe(true);
    expect(runsRegistry({ Entrypoint: ['/entrypoint.sh'], Cmd: ['/etc/distribution/config.yml'] })).toBe(true);
  });

  it("accepts the test fixture (Debian's binary laid out like the real image) and the binary named directly", () => {
    // scripts/test-stack/fixtures.sh builds registry:2 with exactly this config.
    expect(
      runsRegistry({ Entrypoint: ['/entrypoint.sh'], Cmd: ['/etc/docker/registry/config.yml'], ExposedPorts: { '5000/tcp': {} } }),
    ).toBe(true);
    expect(runsRegistry({ Entrypoint: ['/bin/registry'], Cmd: ['serve', '/etc/docker/registry/config.yml'] })).toBe(true);
    expect(runsRegistry({ Cmd: ['/usr/bin/docker-registry', 'serve', '/etc/docker/registry/config.yml'] })).toBe(true);
    expect(runsRegistry({ Entrypoint: 'registry', Cmd: ['/etc/docker/registry/custom.yaml'] })).toBe(true);
  });

  it('refuses a shell, an app that only exposes 5000, and the registry binary doing something else', () => {
    expect(runsRegistry({ Cmd: ['sh'] })).toBe(false);
    expect(runsRegistry({ Entrypoint: ['python', 'app.py'], ExposedPorts: { '5000/tcp': {} } })).toBe(false);
    expect(runsRegistry({ Entrypoint: ['/entrypoint.sh'], Cmd: ['nginx', '-g', 'daemon off;'], ExposedPorts: { '5000/tcp': {} } })).toBe(
      false,
    );
    expect(runsRegistry({ Entrypoint: ['/bin/registry'], Cmd: ['garbage-collect', '/tmp/x.yml'] })).toBe(false);
    expect(runsRegistry({ Entrypoint: null, Cmd: null })).toBe(false);
    expect(runsRegistry({})).toBe(false);
  });
});

describe('notARegistryReason', () => {
  it('is null for a registry, and otherwise says what the image runs and what was expected', () => {
    expect(notARegistryReason('registry:2', { Entrypoint: ['/entrypoint.sh'], Cmd: ['/etc/docker/registry/config.yml'] })).toBeNull();
    expect(notARegistryReason('busybox', { Cmd: ['sh'] })).toBe(
      'busybox is not a registry image: it runs "sh", not the registry serving /etc/docker/registry/config.yml. Deploy registry:2, or an image built from it.',
    );
    expect(notARegistryReason('flask-app', { Cmd: ['python', 'app.py'], ExposedPorts: { '5000/tcp': {} } })).toContain(
      'it exposes 5000/tcp, but so do many other programs',
    );
    expect(notARegistryReason('empty', {})).toContain('it names no command to run');
  });
});
