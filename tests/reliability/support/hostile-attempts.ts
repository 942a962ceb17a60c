// The HOSTILE attempts (tests/reliability/hostile-names.test.ts): every contract channel that takes an
// image name or reads names from an archive, through each door (the core, the bridge's WebSocket,
// Electron's IPC), plus crafted tars through the three preview paths and the save paths (over IPC to a
// path picked in the Save dialog; the bridge's download link, its tickets and its token route), one
// batch per channel and door.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { TRANSFER_ROUTES, TRANSFER_TICKET_PARAM } from '../../../shared/bridge-protocol';
import { imageName } from '../../../electron/core/engine/engine-name';
import type { RemovePlan, Result } from '../../../shared/contract';
import { hostnameOf } from '../../../electron/core/credentials/plain-http-rule';
import { isLoopbackHost, registryEndpoint } from '../../../electron/core/registries/registry-client';
import { checkCopyRequest } from '../../../electron/core/registry-copy/registry-copy';
import { partialsIn } from './core-harness';
import { expectClearRefusal, expectConfigSorted, expectRefused, expectTagSorted, type JobEnd } from './hostile-checks';
import { archiveOf, CONFIG, corpus, craftedTar, reachesOtherRegistry, ZERO } from './hostile-corpus';
import { downloadAnswer, type HostileRig, type Invoke } from './hostile-rig';
import { PRIVATE_REGISTRY } from './private-stack';

interface Channel {
  channel: string;
  request: (name: string) => unknown;
  /** Names this channel is not given (valid names that would pull or push from a registry off loopback). */
  skip?: (name: string) => boolean;
  check?: (answer: Result<unknown>, name: string, what: string, endOf: JobEnd) => Promise<void> | void;
}

function copyRequest(o: { sourceHost?: string; sourceRepository?: string; tag?: string; targetHost?: string; targetRepository?: string }) {
  return {
    source: { host: o.sourceHost ?? PRIVATE_REGISTRY, repository: o.sourceRepository ?? 'rel/hostile-copy-nothing', tags: [o.tag ?? '1'] },
    target: { host: o.targetHost ?? PRIVATE_REGISTRY, repository: o.targetRepository ?? 'rel/hostile-copy-target' },
  };
}

/** A name the copy would take as a registry host that is not on this computer: never given. */
function copyHostLeaves(name: string): boolean {
  try {
    checkCopyRequest(copyRequest({ sourceHost: name }));
  } catch {
    return false;
  }
  return !isLoopbackHost(hostnameOf(registryEndpoint(name).host));
}

const CHANNELS: Channel[] = [
  { channel: 'images.pull', request: (n) => ({ reference: n }), skip: reachesOtherRegistry },
  { channel: 'images.history', request: (n) => ({ image: n }) },
  { channel: 'images.historyFormat', request: (n) => ({ image: n }) },
  { channel: 'images.inspect', request: (n) => ({ image: n }) },
  { channel: 'images.lineage', request: (n) => ({ image: n }) },
  { channel: 'images.diff', request: (n) => ({ left: n, right: n }) },
  { channel: 'images.diff', request: (n) => ({ left: 'rel-hostile/diff-left:1', right: n }) },
  {
    channel: 'images.removePlan',
    request: (n) => ({ names: [n] }),
    // A plan is replayed on the image list (no name reaches an engine path); each item says why it would fail.
    check: (answer, _n, what) => {
      if (!answer.ok) return expectClearRefusal(answer.error, what);
      for (const item of (answer.value as RemovePlan).items) {
        expect(item.message, `${what}: ${JSON.stringify(item).slice(0, 300)}`).toMatch(
          /invalid reference format|repository name|No such image|unsupported digest|checksum digest|cannot specify 64-byte/,
        );
        expect([item.untag, item.delete], what).toEqual([[], []]);
      }
    },
  },
  { channel: 'images.remove', request: (n) => ({ names: [n] }) },
  { channel: 'images.tag', request: (n) => ({ source: n, target: 'rel/hostile-target:1' }) },
  { channel: 'images.undoUntag', request: (n) => ({ imageId: `sha256:${ZERO}`, references: [n] }) },
  { channel: 'images.commit', request: (n) => ({ container: 'rel-hostile-no-such-container', reference: n }) },
  { channel: 'images.pushTarget', request: (n) => ({ reference: n }) },
  { channel: 'images.push', request: (n) => ({ reference: n }), skip: reachesOtherRegistry },
  { channel: 'localRegistry.push', request: (n) => ({ image: n, containerName: 'rel-hostile-no-registry' }) },
  // Tag-and-push: a hostile source never gets tagged; a hostile target is refused before any tag (a valid one
  // names a closed loopback port, or is skipped when it would reach a registry off this machine).
  { channel: 'images.tagAndPush', request: (n) => ({ source: n, target: '127.0.0.1:9/rel/hostile-target:1' }) },
  { channel: 'images.tagAndPush', request: (n) => ({ source: 'rel/hostile-no-such:1', target: n }), skip: reachesOtherRegistry },
  { channel: 'localRegistry.pushPlan', request: (n) => ({ image: n, containerName: 'rel-hostile-no-registry' }) },
  // The pull dialog's registry half (issue #19): a repository and a tag go into a registry URL path only
  // through checkRepository/checkTag (a valid one the private registry does not have is NOT_FOUND); a
  // platform is os/arch[/variant] by the contract's grammar before any pull job starts.
  { channel: 'registry.platforms', request: (n) => ({ host: PRIVATE_REGISTRY, repository: n, tag: '1' }) },
  { channel: 'registry.platforms', request: (n) => ({ host: PRIVATE_REGISTRY, repository: 'rel/hostile-nothing', tag: n }) },
  { channel: 'registry.tags', request: (n) => ({ host: PRIVATE_REGISTRY, repository: n }) },
  { channel: 'images.pull', request: (n) => ({ reference: `${PRIVATE_REGISTRY}/rel/hostile-nothing:1`, platform: n }) },
  // Update detection (issue #19): a name is a local tag to look up (the reference grammar first, then the image list); a
  // valid one that is no local tag is NOT_FOUND before any registry is asked.
  { channel: 'updates.check', request: (n) => ({ references: [n] }), skip: reachesOtherRegistry },
  // Registry copy (issue #19): a name as either repository or a tag goes through the doors before a job (else the job
  // asks the suite's registry, which has none of it: NOT_FOUND); as a host it must be host[:port] whole, and a valid one
  // off loopback is not given (no traffic off this machine).
  { channel: 'registry.copy', request: (n) => copyRequest({ sourceRepository: n }) },
  { channel: 'registry.copy', request: (n) => copyRequest({ tag: n }) },
  { channel: 'registry.copy', request: (n) => copyRequest({ targetRepository: n }) },
  { channel: 'registry.copy', request: (n) => copyRequest({ sourceHost: n }), skip: copyHostLeaves },
  { channel: 'registry.copy', request: (n) => copyRequest({ targetHost: n }), skip: copyHostLeaves },
  // The explorer (issue #17): an image name through the engine door, an archive path through the file
  // checks (and over IPC, the transfer edge's given paths), an entry path and a destination.
  { channel: 'explore.open', request: (n) => ({ source: { kind: 'image', image: n } }) },
  { channel: 'explore.open', request: (n) => ({ source: { kind: 'archive', path: n } }) },
  { channel: 'explore.read', request: (n) => ({ sessionId: 'rel-hostile-no-session', layer: 'merged', path: n }) },
  {
    channel: 'explore.saveOut',
    request: (n) => ({ sessionId: 'rel-hostile-no-session', layer: 'merged', path: 'etc', destination: n }),
  },
  {
    channel: 'images.describeArchive',
    request: (n) => archiveOf([{ Config: CONFIG, RepoTags: [n], Layers: ['a/layer.tar'] }]),
    check: (answer, n, what) => expectTagSorted(answer, n, what),
  },
  {
    channel: 'images.describeArchive',
    request: (n) => archiveOf([{ Config: n, RepoTags: null, Layers: [n] }]),
    // A Config or layer that is a plain relative path previews (never looked up unless it is sha256:<hex>); any other is refused.
    check: (answer, _n, what) => {
      if (!answer.ok) expectClearRefusal(answer.error, what);
    },
  },
];

// The schema's own limits (min 1, max 1024) refuse some names before any handler: they are refusals too.
// Jobs started over IPC run in the Electron bundle's own core: their end is read over IPC.
function transportsOf(rig: HostileRig): [string, () => Invoke, () => JobEnd][] {
  return [
    ['core', () => rig.coreInvoke, () => rig.coreJobEnd],
    ['bridge', () => rig.wsInvoke, () => rig.coreJobEnd],
    ['ipc', () => rig.ipcInvoke, () => rig.main.jobEnd],
  ];
}

export interface Attempt {
  key: string;
  run: () => Promise<void>;
}

export function attemptsOf(P: string, rig: HostileRig): Map<string, Attempt[]> {
  const names = corpus(P);
  const batches = new Map<string, Attempt[]>();
  for (const [transport, invoker, ender] of transportsOf(rig)) {
    CHANNELS.forEach((c, ci) => {
      const batch: Attempt[] = [];
      for (const name of names) {
        if (c.skip?.(name)) continue;
        const what = `${transport} ${c.channel}#${ci} ${JSON.stringify(name.slice(0, 80))}${name.length > 80 ? `…(${name.length})` : ''}`;
        batch.push({
          key: `${transport} ${c.channel}#${ci} ${names.indexOf(name)}`,
          run: async () => {
            const answer = await invoker()(c.channel, c.request(name));
            await (c.check ?? ((a, _n, w, e) => expectRefused(a, w, e)))(answer, name, what, ender());
          },
        });
      }
      batches.set(`${transport} ${c.channel}#${ci}`, batch);
    });
  }
  // Crafted tars through the two other preview paths: a file (images.loadPreview, from the core and
  // over IPC with the path picked in the Load dialog) and an upload. One tar names `name` as a tag,
  // the other as its Config and layer.
  const tars: Attempt[] = [];
  const files: Attempt[] = [];
  const ipcFiles: Attempt[] = [];
  names.forEach((name, i) => {
    const label = JSON.stringify(name.slice(0, 80));
    const tagTar = craftedTar([{ Config: CONFIG, RepoTags: [name], Layers: ['a/layer.tar'] }]);
    const configTar = craftedTar([{ Config: name, RepoTags: null, Layers: [name] }]);
    tars.push({
      key: `upload preview ${i}`,
      run: async () => expectTagSorted(await rig.uploadPreview(tagTar), name, `upload preview ${label}`),
    });
    tars.push({
      key: `upload preview config ${i}`,
      run: async () => expectConfigSorted(await rig.uploadPreview(configTar), `upload preview config ${label}`),
    });
    const file = (kind: string, tar: Buffer) => {
      const path = join(rig.dir, `hostile-${kind}-${i}.tar`);
      writeFileSync(path, tar);
      return path;
    };
    files.push({
      key: `path preview ${i}`,
      run: async () =>
        expectTagSorted(await rig.coreInvoke('images.loadPreview', { path: file('tag', tagTar) }), name, `path preview ${label}`),
    });
    files.push({
      key: `path preview config ${i}`,
      run: async () =>
        expectConfigSorted(await rig.coreInvoke('images.loadPreview', { path: file('config', configTar) }), `path preview config ${label}`),
    });
    for (const [kind, tar] of [
      ['tag', tagTar],
      ['config', configTar],
    ] as const) {
      ipcFiles.push({
        key: `ipc path preview ${kind} ${i}`,
        run: async () => {
          const path = file(`ipc-${kind}`, tar);
          await rig.main.pickToLoad(path);
          const answer = await rig.ipcInvoke('images.loadPreview', { path });
          if (kind === 'tag') expectTagSorted(answer, name, `ipc path preview ${label}`);
          else expectConfigSorted(answer, `ipc path preview config ${label}`);
        },
      });
    }
  });
  batches.set('bridge POST /transfer/preview', tars);
  batches.set('core images.loadPreview', files);
  batches.set('ipc images.loadPreview (picked in the Load dialog)', ipcFiles);

  // Saves: over IPC to a path picked in the Save dialog, and the bridge's download link (its
  // one-time ticket, the ticket's route, and the token-header route). A name that is not a valid
  // reference is refused before any ticket or job; a valid one that points at nothing ends NOT_FOUND.
  const saves: Attempt[] = [];
  const tickets: Attempt[] = [];
  const ticketUrls: Attempt[] = [];
  const tokenUrls: Attempt[] = [];
  names.forEach((name, i) => {
    if (reachesOtherRegistry(name)) return;
    const label = JSON.stringify(name.slice(0, 80));
    saves.push({
      key: `ipc images.save ${i}`,
      run: async () => {
        const path = join(rig.dir, `hostile-save-${i}.tar`);
        await rig.main.pickToSave(path);
        await expectRefused(await rig.ipcInvoke('images.save', { refs: [name], path }), `ipc images.save ${label}`, rig.main.jobEnd);
        expect(existsSync(path), `ipc images.save ${label}: nothing written`).toBe(false);
        expect(partialsIn(rig.dir), `ipc images.save ${label}: no partial file`).toEqual([]);
      },
    });
    tickets.push({
      key: `bridge download-ticket ${i}`,
      run: async () => {
        const what = `bridge download-ticket ${label}`;
        const answer = await rig.wsTicket([name]);
        if (!answer.ok) return expectClearRefusal(answer.error, what);
        // Only a name the engine door accepts gets a ticket: its download then ends in a refusal, not a tar.
        expect(() => imageName(name), `${what}: a ticket for a name the door refuses`).not.toThrow();
        await expectRefused(downloadAnswer(await rig.bridgeGet(answer.value.url, false), what), `${what} (download)`, rig.coreJobEnd);
      },
    });
    ticketUrls.push({
      key: `bridge ticket url refs ${i}`,
      run: async () => {
        const what = `bridge ${TRANSFER_ROUTES.save}?${TRANSFER_TICKET_PARAM}=…&refs=${label}`;
        const granted = await rig.wsTicket(['rel/hostile-nothing:1']);
        if (!granted.ok) throw new Error(`${what}: no ticket for a valid name: ${granted.error.message}`);
        const before = await rig.jobCount();
        const got = await rig.bridgeGet(`${granted.value.url}&${new URLSearchParams({ refs: name })}`, false);
        if (got.status === 403) {
          // A ticket saves what it was asked for: other names are refused before any job or engine call.
          expect(got.body, what).toMatch(/ticket is for other images/);
          expect(await rig.jobCount(), `${what}: a job started`).toBe(before);
        } else {
          await expectRefused(downloadAnswer(got, what), what, rig.coreJobEnd);
        }
      },
    });
    tokenUrls.push({
      key: `bridge token url refs ${i}`,
      run: async () => {
        const what = `bridge ${TRANSFER_ROUTES.save}?refs=${label} (token header)`;
        await expectRefused(
          downloadAnswer(await rig.bridgeGet(`${TRANSFER_ROUTES.save}?${new URLSearchParams({ refs: name })}`, true), what),
          what,
          rig.coreJobEnd,
        );
      },
    });
  });
  batches.set('ipc images.save (path picked in the Save dialog)', saves);
  batches.set('bridge download-ticket', tickets);
  batches.set('bridge GET /transfer/save with a ticket and other refs', ticketUrls);
  batches.set('bridge GET /transfer/save?refs= with the token header', tokenUrls);
  return batches;
}
