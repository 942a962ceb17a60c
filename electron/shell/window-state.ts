// Owns remembering the window's size and position (<dataDir>/window-state.json) and placing it
// back where a person can see it: a display may be gone or smaller since the last run.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../core/settings/settings-store';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export interface WindowSizing {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

export const DEFAULT_SIZING: WindowSizing = { width: 1280, height: 800, minWidth: 800, minHeight: 500 };

/** Where to open the window: x/y absent means "centre it" (Electron's default). */
export interface WindowPlacement {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** How much of the window must be on a display to count as visible there. */
const MIN_VISIBLE = 64;

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/**
 * Placement for the saved state on the current displays (`workAreas[0]` is the primary display).
 * The window goes on the display it overlaps most, shrunk to fit it and moved fully inside; when
 * it is (almost) on no display, it opens centred on the primary one.
 */
export function placeWindow(
  saved: WindowState | undefined,
  workAreas: readonly Rect[],
  sizing: WindowSizing = DEFAULT_SIZING,
): WindowPlacement {
  const primary = workAreas[0];
  const fit = (area: Rect | undefined, width: number, height: number) => ({
    width: Math.round(area ? clamp(width, Math.min(sizing.minWidth, area.width), area.width) : Math.max(width, sizing.minWidth)),
    height: Math.round(area ? clamp(height, Math.min(sizing.minHeight, area.height), area.height) : Math.max(height, sizing.minHeight)),
  });
  if (!saved) return { ...fit(primary, sizing.width, sizing.height), maximized: false };
  let best: Rect | undefined;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const o = overlap(saved.bounds, area);
    if (o > bestOverlap) {
      best = area;
      bestOverlap = o;
    }
  }
  const visible =
    best !== undefined &&
    Math.min(saved.bounds.x + saved.bounds.width, best.x + best.width) - Math.max(saved.bounds.x, best.x) >= MIN_VISIBLE &&
    Math.min(saved.bounds.y + saved.bounds.height, best.y + best.height) - Math.max(saved.bounds.y, best.y) >= MIN_VISIBLE;
  if (!visible || !best) return { ...fit(primary, saved.bounds.width, saved.bounds.height), maximized: saved.maximized };
  const size = fit(best, saved.bounds.width, saved.bounds.height);
  return {
    x: Math.round(clamp(saved.bounds.x, best.x, best.x + best.width - size.width)),
    y: Math.round(clamp(saved.bounds.y, best.y, best.y + best.height - size.height)),
    ...size,
    maximized: saved.maximized,
  };
}

const finite = z.number().finite();
const WindowStateSchema = z
  .object({
    bounds: z.object({ x: finite, y: finite, width: finite.positive(), height: finite.positive() }).strict(),
    maximized: z.boolean(),
  })
  .strict();

export const WINDOW_STATE_FILE = 'window-state.json';

/** The saved state, or undefined when there is none or it is unreadable (the window then opens centred). */
export function readWindowState(dataDir: string): WindowState | undefined {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(readFileSync(join(dataDir, WINDOW_STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeWindowState(dataDir: string, state: WindowState): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeJsonAtomic(join(dataDir, WINDOW_STATE_FILE), state);
}

/** On close, when the app may exit before an await returns: the same write, synchronously. */
export function writeWindowStateSync(dataDir: string, state: WindowState): void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, WINDOW_STATE_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}
