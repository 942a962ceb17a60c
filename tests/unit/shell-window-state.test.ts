import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIZING, placeWindow, readWindowState, writeWindowState, writeWindowStateSync } from '../../electron/shell/window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('where the window opens', () => {
  it('the first time: the default size, centred on the primary display', () => {
    expect(placeWindow(undefined, [laptop])).toEqual({ width: 1280, height: 800, maximized: false });
  });

  it('where it was, when that place is still on a display', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1200, height: 900 }, maximized: false };
    expect(placeWindow(saved, [laptop, rightMonitor])).toEqual({ x: 1600, y: 100, width: 1200, height: 900, maximized: false });
  });

  it('on the primary display, centred, when its display is gone', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1200, height: 900 }, maximized: true };
    expect(placeWindow(saved, [laptop])).toEqual({ width: 1200, height: 875, maximized: true });
  });

  it('shrunk to a smaller display and moved fully onto it', () => {
    const saved = { bounds: { x: 1000, y: 500, width: 2000, height: 1200 }, maximized: false };
    expect(placeWindow(saved, [laptop])).toEqual({ x: 0, y: 0, width: 1440, height: 875, maximized: false });
  });

  it('pulled back when only a sliver stays visible', () => {
    const saved = { bounds: { x: 1400, y: 100, width: 1000, height: 700 }, maximized: false };
    // 40 px on screen: not enough to grab; it is centred on the primary display instead.
    expect(placeWindow(saved, [laptop])).toEqual({ width: 1000, height: 700, maximized: false });
    const partly = { bounds: { x: 1000, y: -50, width: 1000, height: 700 }, maximized: false };
    expect(placeWindow(partly, [laptop])).toEqual({ x: 440, y: 0, width: 1000, height: 700, maximized: false });
  });

  it('goes to the display it overlaps most, also at negative coordinates', () => {
    const left = { x: -1920, y: 0, width: 1920, height: 1080 };
    const saved = { bounds: { x: -600, y: 10, width: 800, height: 600 }, maximized: false };
    expect(placeWindow(saved, [laptop, left])).toEqual({ x: -800, y: 10, width: 800, height: 600, maximized: false });
  });

  it('never smaller than the minimum size while the display allows it', () => {
    const saved = { bounds: { x: 10, y: 10, width: 100, height: 50 }, maximized: false };
    expect(placeWindow(saved, [laptop])).toMatchObject({ width: DEFAULT_SIZING.minWidth, height: DEFAULT_SIZING.minHeight });
  });
});

describe('remembering it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shell-window-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('what is written is read back', async () => {
    const state = { bounds: { x: 5, y: 6, width: 900, height: 700 }, maximized: true };
    await writeWindowState(join(dir, 'a'), state);
    expect(readWindowState(join(dir, 'a'))).toEqual(state);
    expect(JSON.parse(readFileSync(join(dir, 'a', 'window-state.json'), 'utf8'))).toEqual(state);
  });

  it('the synchronous write (on close, as the app exits) writes the same file', () => {
    const state = { bounds: { x: -5, y: 0, width: 1000, height: 600 }, maximized: false };
    writeWindowStateSync(join(dir, 'b'), state);
    expect(readWindowState(join(dir, 'b'))).toEqual(state);
  });

  it('a missing or damaged file means "open centred", never a crash', () => {
    expect(readWindowState(join(dir, 'none'))).toBeUndefined();
    writeFileSync(join(dir, 'window-state.json'), '{"bounds":{"x":"left"}}');
    expect(readWindowState(dir)).toBeUndefined();
    writeFileSync(join(dir, 'window-state.json'), 'nope');
    expect(readWindowState(dir)).toBeUndefined();
  });
});
