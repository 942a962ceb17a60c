// The image `npm run bench:explore` explores, as a plan: every layer's tar headers in order, made
// from a seeded generator, so the same plan comes out on every machine and the bench knows, without
// reading the image back, how many entries each layer has and what a container of it sees. Shaped
// like a real image grown by `docker commit`s: a base layer of many small files (symlinks and hard
// links among them), layers of small and big files, and a last layer that overwrites and deletes
// files below it (whiteouts, an opaque directory), so the explorer has wasted bytes to find.
// Pure: explore-fixture.ts writes the bytes.
import { seededRandom } from '../../tests/support/seeded-random';

export type PlanKind = 'file' | 'dir' | 'symlink' | 'hardlink';

/** One tar header of a layer: `name` as written in the layer tar (no `./`, no trailing slash). */
export interface PlanEntry {
  name: string;
  kind: PlanKind;
  /** Content bytes (regular files only). */
  size: number;
  linkTarget?: string;
}

export interface PlanLayer {
  createdBy: string;
  entries: PlanEntry[];
}

interface Scale {
  /** Directories under base/, each with `subdirs` folders of files. */
  dirs: number;
  subdirs: number;
  baseFiles: number;
  /** Upper bound of a small file's size (bytes); sizes lean small (r³ of it). */
  smallMax: number;
  /** Layers 1..n: their small files and big files (MiB each). */
  middle: { files: number; bigMiB: number[] }[];
  /** New files of the last layer, and the MiB of the big file it rewrites. */
  lastNew: number;
  rewriteBigMiB: number;
}

/** At least 1 GiB and 50,000 files over five layers: what issue #17 asks the bench to explore. */
const FULL: Scale = {
  dirs: 40,
  subdirs: 10,
  baseFiles: 30_000,
  smallMax: 16 * 1024,
  middle: [
    { files: 8_000, bigMiB: [100, 100, 100] },
    { files: 8_000, bigMiB: [150, 150] },
    { files: 6_000, bigMiB: [200] },
  ],
  lastNew: 2_000,
  rewriteBigMiB: 100,
};

/** The smoke's image: the same shape, a few MiB. */
const TINY: Scale = {
  dirs: 4,
  subdirs: 3,
  baseFiles: 600,
  smallMax: 8 * 1024,
  middle: [
    { files: 80, bigMiB: [1, 1] },
    { files: 80, bigMiB: [1] },
    { files: 60, bigMiB: [2] },
  ],
  lastNew: 20,
  rewriteBigMiB: 1,
};

/** Bumped whenever the plan changes, so a cached image of an older plan is rebuilt. */
export const PLAN_VERSION = 1;

const MiB = 1024 * 1024;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const dir = (name: string): PlanEntry => ({ name, kind: 'dir', size: 0 });
const file = (name: string, size: number): PlanEntry => ({ name, kind: 'file', size });

/** Which base files the last layer overwrites and deletes (disjoint, and never a hard link's target). */
const isHardlinkTarget = (i: number) => i % 600 === 0;
const isSymlinkTarget = (i: number) => i % 150 === 3;
const isRewritten = (i: number) => i % 30 === 7;
const isDeleted = (i: number) => i % 60 === 13;

export function fixturePlan(smoke: boolean): PlanLayer[] {
  const s = smoke ? TINY : FULL;
  // Seeded: the plan must not depend on Math.random.
  const random = seededRandom(17);
  const small = () => (random() < 0.08 ? 0 : Math.floor(random() ** 3 * s.smallMax));
  const dirName = (d: number) => `base/d${pad(d, 2)}`;
  const subName = (d: number, k: number) => `${dirName(d)}/s${pad(k, 2)}`;

  // Layer 0: base/dNN/sNN/fNNNNN.txt, a symlink beside every 150th file, a hard link to every 600th.
  const base: PlanEntry[] = [dir('base')];
  const baseFiles: { name: string; d: number }[] = [];
  const perDir = Math.ceil(s.baseFiles / s.dirs);
  for (let d = 0; d < s.dirs; d++) {
    base.push(dir(dirName(d)));
    const links: PlanEntry[] = [];
    const first = d * perDir;
    const last = Math.min(s.baseFiles, first + perDir);
    const perSub = Math.ceil((last - first) / s.subdirs);
    for (let k = 0; k < s.subdirs; k++) {
      base.push(dir(subName(d, k)));
      for (let i = first + k * perSub; i < Math.min(last, first + (k + 1) * perSub); i++) {
        const name = `${subName(d, k)}/f${pad(i, 5)}.txt`;
        base.push(file(name, small()));
        baseFiles.push({ name, d });
        if (isSymlinkTarget(i))
          links.push({ name: `${dirName(d)}/ln${pad(i, 5)}`, kind: 'symlink', size: 0, linkTarget: `s${pad(k, 2)}/f${pad(i, 5)}.txt` });
        if (isHardlinkTarget(i)) links.push({ name: `${dirName(d)}/hl${pad(i, 5)}`, kind: 'hardlink', size: 0, linkTarget: name });
      }
    }
    base.push(...links);
  }
  const layers: PlanLayer[] = [{ createdBy: `bench: ${s.baseFiles} small files, symlinks and hard links`, entries: base }];

  // Layers 1..n: lN/sNN/fNNNNN.bin and big/bN-K.bin.
  s.middle.forEach((m, j) => {
    const n = j + 1;
    const entries: PlanEntry[] = [dir(`l${n}`)];
    const perSub = Math.ceil(m.files / s.subdirs);
    for (let k = 0; k < s.subdirs; k++) {
      entries.push(dir(`l${n}/s${pad(k, 2)}`));
      for (let i = k * perSub; i < Math.min(m.files, (k + 1) * perSub); i++)
        entries.push(file(`l${n}/s${pad(k, 2)}/f${pad(i, 5)}.bin`, small()));
    }
    entries.push(dir('big'));
    m.bigMiB.forEach((mib, k) => entries.push(file(`big/b${n}-${k}.bin`, mib * MiB)));
    layers.push({ createdBy: `bench: ${m.files} small files and ${m.bigMiB.length} big ones (${m.bigMiB.join('+')} MiB)`, entries });
  });

  // The last layer: rewrites and deletes base files, makes the last base directory opaque, rewrites
  // one big file and deletes another, and adds new files. Parent directories come along, as in a commit.
  const last = s.dirs - 1;
  const entries: PlanEntry[] = [dir('base')];
  const byDir = new Map<number, PlanEntry[]>();
  baseFiles.forEach(({ name, d }, i) => {
    if (d === last) return;
    const slash = name.lastIndexOf('/');
    const parent = name.slice(0, slash);
    const list = byDir.get(d) ?? [];
    if (isRewritten(i)) list.push(dir(parent), file(name, small()));
    else if (isDeleted(i)) list.push(dir(parent), file(`${parent}/.wh.${name.slice(slash + 1)}`, 0));
    byDir.set(d, list);
  });
  for (const [d, list] of byDir) {
    entries.push(dir(dirName(d)));
    const seen = new Set<string>();
    for (const e of list) {
      if (e.kind === 'dir' && seen.has(e.name)) continue;
      seen.add(e.name);
      entries.push(e);
    }
  }
  entries.push(dir(dirName(last)), file(`${dirName(last)}/.wh..wh..opq`, 0));
  for (let i = 0; i < Math.max(1, Math.floor(s.lastNew / 10)); i++) entries.push(file(`${dirName(last)}/new${pad(i, 4)}.txt`, small()));
  entries.push(dir('big'), file('big/b1-0.bin', s.rewriteBigMiB * MiB), file('big/.wh.b2-1.bin', 0), dir('top'));
  for (let i = 0; i < s.lastNew; i++) entries.push(file(`top/n${pad(i, 5)}.txt`, small()));
  layers.push({ createdBy: 'bench: rewrites and deletes files below, an opaque directory, new files', entries });
  return layers;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** The paths a container of the image sees, by applying the layers as the engine does. */
export function mergedPaths(layers: readonly PlanLayer[]): Set<string> {
  const seen = new Set<string>();
  const removeUnder = (prefix: string) => {
    for (const p of seen) if (p.startsWith(prefix)) seen.delete(p);
  };
  for (const layer of layers) {
    // Whiteouts hide what is below, never what this layer adds: apply them before its entries.
    for (const e of layer.entries) {
      const slash = e.name.lastIndexOf('/');
      const parent = slash < 0 ? '' : e.name.slice(0, slash + 1);
      const base = e.name.slice(slash + 1);
      if (base === OPAQUE) removeUnder(parent);
      else if (base.startsWith(WHITEOUT)) {
        const target = parent + base.slice(WHITEOUT.length);
        seen.delete(target);
        removeUnder(`${target}/`);
      }
    }
    for (const e of layer.entries) if (!e.name.split('/').at(-1)!.startsWith(WHITEOUT)) seen.add(e.name);
  }
  return seen;
}

export interface PlanFigures {
  /** Tar headers per layer (whiteouts included): what the explorer reads. */
  headers: number[];
  /** Regular files over all layers (whiteouts left out). */
  files: number;
  merged: number;
  contentBytes: number;
}

export function planFigures(layers: readonly PlanLayer[]): PlanFigures {
  const all = layers.flatMap((l) => l.entries);
  const isWhiteout = (e: PlanEntry) => e.name.split('/').at(-1)!.startsWith(WHITEOUT);
  return {
    headers: layers.map((l) => l.entries.length),
    files: all.filter((e) => e.kind === 'file' && !isWhiteout(e)).length,
    merged: mergedPaths(layers).size,
    contentBytes: all.reduce((sum, e) => sum + e.size, 0),
  };
}
