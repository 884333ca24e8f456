import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shellPaths } from './paths.js';
import { displayLabel, pickWallDisplay, type DisplayInfo } from './displays.js';
import { DEFAULT_RELAY_URL, loadSettings, parseSettings, resolveRelayUrl, saveSettings, SETTINGS_FILE } from './settings.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-shell-'));
  dirs.push(d);
  return d;
};

describe('settings', () => {
  it('round-trips through the user data folder', () => {
    const dir = tempDir();
    expect(loadSettings(dir)).toEqual({});
    saveSettings(dir, { wallDisplayId: 2779098405, relayUrl: 'http://10.0.0.5:4800' });
    expect(loadSettings(dir)).toEqual({ wallDisplayId: 2779098405, relayUrl: 'http://10.0.0.5:4800' });
    expect(fs.readdirSync(dir)).toEqual([SETTINGS_FILE]);
  });

  it('falls back to defaults on a damaged or foreign file', () => {
    expect(parseSettings('{not json')).toEqual({});
    expect(parseSettings('{"wallDisplayId":"two"}')).toEqual({});
    expect(parseSettings('{"relayUrl":"javascript:alert(1)"}')).toEqual({});
    expect(parseSettings(null)).toEqual({});
  });

  it('refuses to save invalid settings', () => {
    expect(() => saveSettings(tempDir(), { wallDisplayId: 1.5 })).toThrow();
  });

  it('resolves the relay URL: argument, then environment, then setting, then default', () => {
    const settings = { relayUrl: 'http://10.0.0.5:4800' };
    expect(resolveRelayUrl(['--relay-url=http://a:1'], { GRID_RELAY_URL: 'http://b:2' }, settings)).toBe('http://a:1');
    expect(resolveRelayUrl([], { GRID_RELAY_URL: 'http://b:2' }, settings)).toBe('http://b:2');
    expect(resolveRelayUrl([], {}, settings)).toBe('http://10.0.0.5:4800');
    expect(resolveRelayUrl([], {}, {})).toBe(DEFAULT_RELAY_URL);
    expect(resolveRelayUrl(['--relay-url=ftp://x'], { GRID_RELAY_URL: 'nonsense' }, {})).toBe(DEFAULT_RELAY_URL);
  });
});

const d = (id: number, x: number, label = ''): DisplayInfo => ({ id, label, bounds: { x, y: 0, width: 1920, height: 1080 } });

describe('wall display choice', () => {
  const displays = [d(1, 0, 'DELL U2720Q'), d(2, 1920), d(3, 3840)];

  it('uses the saved display while it is connected', () => {
    expect(pickWallDisplay(displays, 3, 1)?.id).toBe(3);
  });

  it('falls back to the first non-primary display, then to the primary', () => {
    expect(pickWallDisplay(displays, 42, 1)?.id).toBe(2);
    expect(pickWallDisplay(displays, undefined, 2)?.id).toBe(1);
    expect(pickWallDisplay([d(1, 0)], undefined, 1)?.id).toBe(1);
    expect(pickWallDisplay([], 1, 1)).toBeUndefined();
  });

  it('labels displays in Chinese', () => {
    expect(displayLabel(displays[0]!, 0, 1)).toBe('屏幕 1（DELL U2720Q，1920×1080，主屏幕）');
    expect(displayLabel(displays[1]!, 1, 1)).toBe('屏幕 2（1920×1080）');
  });
});

describe('shell paths', () => {
  it('finds the renderer, preload, core host and icon from dist/electron', () => {
    const p = shellPaths('/opt/grid/resources/app.asar/dist/electron');
    expect(p).toEqual({
      rendererRoot: '/opt/grid/resources/app.asar/dist/renderer',
      preload: '/opt/grid/resources/app.asar/dist/electron/preload.cjs',
      coreHost: '/opt/grid/resources/app.asar/dist/electron/coreHost.cjs',
      icon: '/opt/grid/resources/app.asar/resources/icon.png',
    });
  });
});
