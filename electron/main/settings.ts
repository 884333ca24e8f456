/**
 * Per-user shell settings (wall display choice, relay URL), stored as JSON in the user data directory.
 * A missing or damaged file falls back to defaults; writes go through a temp file and rename.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const DEFAULT_RELAY_URL = 'http://127.0.0.1:4800';

export const ShellSettings = z.object({
  /** `Display.id` of the screen the wall window goes to; absent = first non-primary screen. */
  wallDisplayId: z.number().int().optional(),
  /** Relay the core connects to; overridden by GRID_RELAY_URL / --relay-url. */
  relayUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type ShellSettings = z.infer<typeof ShellSettings>;

export const SETTINGS_FILE = 'shell-settings.json';

export function parseSettings(text: string | null): ShellSettings {
  if (text === null) return {};
  try {
    const parsed = ShellSettings.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function loadSettings(dir: string): ShellSettings {
  try {
    return parseSettings(fs.readFileSync(path.join(dir, SETTINGS_FILE), 'utf8'));
  } catch {
    return {};
  }
}

export function saveSettings(dir: string, settings: ShellSettings): void {
  const valid = ShellSettings.parse(settings);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, SETTINGS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(valid, null, 2)}\n`, 'utf8');
  fs.renameSync(tmp, file);
}

/**
 * Relay URL precedence: `--relay-url=` argument, GRID_RELAY_URL, saved setting, default. Invalid values
 * are skipped rather than fatal, so a typo never leaves the centre without a workstation.
 */
export function resolveRelayUrl(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  settings: ShellSettings,
): string {
  const fromArg = argv.find((a) => a.startsWith('--relay-url='))?.slice('--relay-url='.length);
  for (const candidate of [fromArg, env.GRID_RELAY_URL, settings.relayUrl]) {
    if (candidate && isHttpUrl(candidate)) return candidate;
  }
  return DEFAULT_RELAY_URL;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
