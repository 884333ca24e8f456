/**
 * Pure security decisions of the main process (navigation, external links, permissions), kept apart from
 * the Electron wiring so they are tested under Node.
 */
import { isAppUrl } from './appProtocol.js';

/**
 * Hosts the app may open in the user's browser (exact host match, https only). Official portals the centre
 * links to; extend here, never with a wildcard.
 */
export const EXTERNAL_HOST_ALLOWLIST: readonly string[] = ['www.gov.cn', 'www.12345.gov.cn'];

/** True when `url` may be handed to shell.openExternal. */
export function isAllowedExternalUrl(url: unknown, allowlist: readonly string[] = EXTERNAL_HOST_ALLOWLIST): boolean {
  if (typeof url !== 'string' || url.length > 2048) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:') return false;
  if (u.username !== '' || u.password !== '') return false;
  if (u.port !== '') return false;
  return allowlist.includes(u.hostname.toLowerCase());
}

/**
 * Top-level navigation is allowed only inside the app's own origin (e.g. a reload of app://renderer/);
 * anything else (http, https, file, data, javascript…) is blocked.
 */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** The one permission the UI may use: desktop notifications, and only for app:// pages. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

/** Decision of the permission request and check handlers (deny by default). */
export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl ?? null);
}
