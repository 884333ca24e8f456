/** Reference data every process needs to decide commands and show cases. */
import { z } from 'zod';
import { CalendarConfig } from './calendar/types.js';
import { CatalogItem, Community, Department, Grid, GridWorker, Precedent, User, line } from './model.js';
import { Division } from './geo/types.js';
import { StreetSchemes } from './assessment/streetSchemes.js';
import { DocNumberPatterns } from './docNumber.js';
import { CatalogProposal, CatalogVersion } from './engine/catalogVersions.js';

/** Time limits of the centre's own clocks, in working minutes. */
export const CentreLimits = z.object({
  registrationMinutes: z.number().int().positive(),
  dispatchMinutes: z.number().int().positive(),
  verificationMinutes: z.number().int().positive(),
  /** Natural minutes for urgent cases' registration and dispatch. */
  urgentCentreMinutes: z.number().int().positive(),
});
export type CentreLimits = z.infer<typeof CentreLimits>;

/**
 * The template of a tile service URL: http(s), no credentials, with {z}, {x} and {y} (the district's 天地图
 * or GIS service inside the government network). Nothing is fetched from anywhere by default.
 */
export function tileTemplateProblem(url: string): string | null {
  for (const k of ['{z}', '{x}', '{y}']) if (!url.includes(k)) return `地址须包含 ${k}（瓦片层级与行列号）`;
  // shared/ has no URL class: scheme, authority (host[:port], no user info) and the rest, by pattern.
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#\s]*)([^\s]*)$/.exec(url);
  if (!m) return '不是有效的网址';
  const scheme = (m[1] as string).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return '只支持 http 或 https 地址';
  const authority = m[2] as string;
  if (authority.includes('@')) return '地址中不能包含用户名或密码';
  if (!/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+)(:\d{1,5})?$/.test(authority)) return '不是有效的网址';
  return null;
}

/** A configured basemap tile service (XYZ), fetched by the workstation core and cached on its disk. */
export const MapTiles = z.object({
  url: z
    .string()
    .min(1)
    .max(500)
    .superRefine((url, ctx) => {
      const problem = tileTemplateProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  label: line(64).min(1),
  maxZoom: z.number().int().min(1).max(22).default(18),
});
export type MapTiles = z.infer<typeof MapTiles>;

/** Grid code layout: a regular expression and a description shown to admins. */
export const GridCodeRule = z.object({ pattern: z.string().min(1), description: z.string() });
export type GridCodeRule = z.infer<typeof GridCodeRule>;

export const RefData = z.object({
  streetName: z.string(),
  centreName: z.string(),
  communities: z.array(Community),
  grids: z.array(Grid),
  gridWorkers: z.array(GridWorker),
  departments: z.array(Department),
  catalog: z.array(CatalogItem),
  precedents: z.array(Precedent),
  users: z.array(User),
  calendar: CalendarConfig,
  centreLimits: CentreLimits,
  gridCodeRule: GridCodeRule,
  /**
   * The street's filed divisions (网格划分, 备案), oldest first, each with its validity dates: the one in force
   * on a day draws the map; older ones stay readable for the cases reported under them. Absent on relays
   * that predate the base grid.
   */
  divisions: z.array(Division).max(200).optional(),
  /** The basemap tile service, if an admin configured one (null: cleared; absent: never set). */
  mapTiles: MapTiles.nullable().optional(),
  /** The street's scoring schemes (评分规则) by assessed kind, numbered by the relay (absent: never saved). */
  assessmentSchemes: StreetSchemes.optional(),
  /** 文号 patterns of the printed notices (督办通知 …), admin-edited; their sequences are kept at the relay. */
  docNumberPatterns: DocNumberPatterns.optional(),
  /** Published versions of the 指导目录, oldest first (absent: version 1, the catalogue in force, never revised). */
  catalogVersions: z.array(CatalogVersion).max(500).optional(),
  /** Revision proposals (修订申请) of the 指导目录 and their decisions (审定 / 退回). */
  catalogProposals: z.array(CatalogProposal).max(2_000).optional(),
});
export type RefData = z.infer<typeof RefData>;
