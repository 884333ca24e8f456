/** Reference data every process needs to decide commands and show cases. */
import { z } from 'zod';
import { CalendarConfig } from './calendar/types.js';
import { CatalogItem, Community, Department, Grid, GridWorker, Precedent, User } from './model.js';
import { Division } from './geo/types.js';

/** Time limits of the centre's own clocks, in working minutes. */
export const CentreLimits = z.object({
  registrationMinutes: z.number().int().positive(),
  dispatchMinutes: z.number().int().positive(),
  verificationMinutes: z.number().int().positive(),
  /** Natural minutes for urgent cases' registration and dispatch. */
  urgentCentreMinutes: z.number().int().positive(),
});
export type CentreLimits = z.infer<typeof CentreLimits>;

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
});
export type RefData = z.infer<typeof RefData>;
