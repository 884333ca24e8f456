/**
 * 中心登记: the form's values ⇄ the engine's `report` command (source 'centre'), and the grid a picked point
 * lies in (the base grid's division in force today). Pure, so it is tested without a screen.
 */
import type { Command } from '../../../shared/commands.js';
import { divisionLocators } from '../../../shared/geo/locator.js';
import type { Attachment, IntakeChannel } from '../../../shared/model.js';
import type { RefData } from '../../../shared/refData.js';
import { t } from '../../i18n/zh-CN.js';

export interface RegisterValues {
  channel: IntakeChannel;
  title: string;
  description: string;
  catalogItemId?: string | undefined;
  address: string;
  communityId: string;
  gridId: string;
  location?: { lon: number; lat: number } | undefined;
  reporterName?: string | undefined;
  reporterPhone?: string | undefined;
  /** One attachment name per line. */
  attachments?: string | undefined;
  /** Picked files, stored by the core (AttachmentPicker). */
  files?: Attachment[] | undefined;
}

/** A new case id for a centre registration: random, so two workstations offline never collide. */
export const newRegistrationId = (): string =>
  `ct-${globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`}`;

/** Digits with optional +86, dashes and spaces, 5..20 characters. */
export const PHONE = /^\+?[\d\s-]{5,20}$/;

export function attachmentNames(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The report command of a filled form; the engine validates it again (zod and the reference data). */
export function registerCommand(v: RegisterValues, caseId: string): Extract<Command, { type: 'report' }> {
  const name = v.reporterName?.trim() ?? '';
  const phone = v.reporterPhone?.trim() ?? '';
  return {
    type: 'report',
    caseId,
    source: 'centre',
    channel: v.channel,
    title: v.title.trim(),
    description: v.description.trim(),
    address: v.address.trim(),
    communityId: v.communityId,
    gridId: v.gridId,
    ...(v.catalogItemId ? { catalogItemId: v.catalogItemId } : {}),
    ...(name || phone ? { reporter: { name: name || t.register.anonymous, ...(phone ? { phone } : {}) } } : {}),
    ...(v.location ? { location: { lon: v.location.lon, lat: v.location.lat } } : {}),
    attachments: [
      ...(v.files ?? []),
      ...attachmentNames(v.attachments).map((n) => ({ name: n, kind: /\.(pdf|docx?)$/i.test(n) ? ('document' as const) : ('photo' as const) })),
    ],
  };
}

const locators = new WeakMap<object, ReturnType<typeof divisionLocators>>();

/** The grid and community a point lies in under the division in force on `day`, or null (outside, or no division). */
export function gridAt(ref: RefData, p: { lon: number; lat: number }, day: string): { gridId: string; communityId: string } | null {
  const divisions = ref.divisions;
  if (!divisions?.length) return null;
  let l = locators.get(divisions);
  if (!l) locators.set(divisions, (l = divisionLocators(divisions)));
  const gridId = l.at(day)?.locate(p)?.gridId;
  const grid = gridId ? ref.grids.find((g) => g.id === gridId) : undefined;
  return grid ? { gridId: grid.id, communityId: grid.communityId } : null;
}
