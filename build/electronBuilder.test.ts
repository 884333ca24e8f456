/**
 * Packaging cannot run on these machines (electron-builder downloads Electron), so the configuration is
 * checked here: against electron-builder's own JSON schema (app-builder-lib/scheme.json) with ajv, through
 * electron-builder's own validator, and for the choices we rely on (targets, arches, native module
 * unpacking, every fuse, Chinese names, icons).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The shell's identity module belongs to the Electron TS project, so it is loaded at run time, not imported.
const identityModule = path.join(root, 'electron', 'main', 'identity.ts');
const { APP_ID, PRODUCT_NAME } = (await import(identityModule)) as { APP_ID: string; PRODUCT_NAME: string };
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

type Json = Record<string, unknown>;
type Target = { target: string; arch: string[] };

const configText = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
const config = yaml.load(configText) as Json;
const scheme = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as Json & {
  definitions: Record<string, Json>;
};
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };

// strict:false as electron-builder itself: the scheme uses a custom `typeof` keyword. No type coercion here.
const validate: ValidateFunction = new Ajv({ allErrors: true, strict: false }).compile(scheme);
const section = (name: string) => config[name] as Json;
const clone = (): Json => JSON.parse(JSON.stringify(config)) as Json;

describe('electron-builder.yml against electron-builder’s JSON schema', () => {
  it('is valid', () => {
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('passes electron-builder’s own configuration validator', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(k: string, v: unknown): void }): Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('would catch mistakes (the validator is live)', () => {
    const misspelt = clone();
    (misspelt.electronFuses as Json).runAsnode = false;
    expect(validate(misspelt)).toBe(false);
    const wrongType = clone();
    (wrongType.electronFuses as Json).runAsNode = 'no';
    expect(validate(wrongType)).toBe(false);
    const badArch = clone();
    (((badArch.linux as Json).target as Target[])[0] as Target).arch = ['loong64'];
    expect(validate(badArch)).toBe(false);
  });
});

describe('packaging choices', () => {
  it('names the app consistently with the shell', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(config.productName).toBe('网格化服务管理中心');
  });

  it('builds Windows x64 NSIS, and Linux deb and AppImage for x64 and arm64', () => {
    expect(section('win').target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    const linux = section('linux').target as Target[];
    expect(linux.map((t) => t.target).sort()).toEqual(['AppImage', 'deb']);
    for (const t of linux) expect([...t.arch].sort(), t.target).toEqual(['arm64', 'x64']);
  });

  it('sets every Electron fuse explicitly, to the secure value', () => {
    const fuses = section('electronFuses');
    const schemaFuses = Object.keys((scheme.definitions.FuseOptionsV1 as { properties: Json }).properties).sort();
    expect(Object.keys(fuses).sort()).toEqual(schemaFuses);
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: false,
    });
  });

  it('packs into asar and unpacks better-sqlite3’s native addon', () => {
    expect(config.asar).toBe(true);
    const unpack = config.asarUnpack as string[];
    const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(unpack.some((p) => minimatch(addon, p, { dot: true }))).toBe(true);
    expect(unpack.some((p) => minimatch('node_modules/better-sqlite3/lib/index.js', p, { dot: true }))).toBe(false);
  });

  it('ships the bundles, the UI and resources, but no source maps, and keeps output away from dist/', () => {
    const files = config.files as string[];
    const included = (f: string) => {
      let inc = false;
      for (const p of files) {
        if (p.startsWith('!')) {
          if (minimatch(f, p.slice(1), { dot: true })) inc = false;
        } else if (minimatch(f, p, { dot: true })) inc = true;
      }
      return inc;
    };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    for (const f of [
      pkg.main,
      'dist/electron/preload.cjs',
      'dist/electron/coreHost.cjs',
      'dist/electron/statsWorker.cjs',
      'dist/renderer/index.html',
      'dist/renderer/assets/index-1a2b.js',
      'resources/icon.png',
      'package.json',
    ]) {
      expect(included(f), f).toBe(true);
    }
    for (const f of [
      'dist/electron/main.cjs.map',
      'dist/renderer/assets/index-1a2b.js.map',
      'electron/main/index.ts',
      'relay/main.ts',
      'build/icons/icon.png',
    ]) {
      expect(included(f), f).toBe(false);
    }
    expect((config.directories as Json).output).toBe('release');
    expect(pkg.scripts.build).toBe('vite build && node build/build-electron.mjs');
  });

  it('uses Chinese names for shortcuts and the desktop entry, ASCII for files', () => {
    const nsis = section('nsis');
    expect(nsis.shortcutName).toBe('网格化服务管理中心');
    expect(nsis.createDesktopShortcut).toBe('always');
    expect(nsis.deleteAppDataOnUninstall).toBe(false);
    expect(((section('linux').desktop as Json).entry as Json).Name).toBe('网格化服务管理中心');
    expect(section('linux').executableName).toMatch(/^[a-z0-9-]+$/);
    expect(section('deb').packageName).toMatch(/^[a-z0-9-]+$/);
    expect(config.artifactName).toMatch(/^[\x20-\x7e]+$/);
  });

  it('declares the libraries Electron needs on Debian-family desktops (UOS, Kylin)', () => {
    const depends = section('deb').depends as string[];
    const names = depends.flatMap((d) => d.split('|').map((s) => s.trim()));
    for (const lib of [
      'libgtk-3-0',
      'libnss3',
      'libnotify4',
      'libxss1',
      'libxtst6',
      'xdg-utils',
      'libgbm1',
      'libasound2',
      'libsecret-1-0',
    ]) {
      expect(names, lib).toContain(lib);
    }
    expect(new Set(depends).size).toBe(depends.length);
    for (const d of depends) expect(d, d).toMatch(/^[a-z0-9.+-]+( \| [a-z0-9.+-]+)*$/);
  });

  it('has the icons it refers to, in the sizes the platforms need', () => {
    const pngSize = (file: string) => {
      const b = fs.readFileSync(file);
      expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
      return [b.readUInt32BE(16), b.readUInt32BE(20)];
    };
    const iconDir = path.join(root, section('linux').icon as string);
    for (const s of [16, 32, 48, 64, 128, 256, 512]) expect(pngSize(path.join(iconDir, `${s}x${s}.png`))).toEqual([s, s]);
    expect(pngSize(path.join(root, 'resources', 'icon.png'))).toEqual([256, 256]);
    const ico = fs.readFileSync(path.join(root, section('win').icon as string));
    expect(ico.readUInt16LE(2)).toBe(1);
    const entries = ico.readUInt16LE(4);
    const widths = Array.from({ length: entries }, (_, i) => ico[6 + i * 16] || 256);
    expect(widths).toContain(256);
  });
});
