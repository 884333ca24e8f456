/** The wall's panels in rotation order and its options from the page URL. */

export const PANELS = ['figures', 'overdue', 'ranking', 'trend', 'hotspots', 'map', 'review'] as const;

export type PanelKey = (typeof PANELS)[number];

/** At most this many items in any list, so the back row can read them. */
export const MAX_ITEMS = 7;

/** Options from the page URL: ?pace=seconds&panel=name&refresh=seconds, in the search part or after the hash. */
export function wallOptions(loc: Pick<Location, 'search' | 'hash'>): { paceMs: number; pinned: PanelKey | null; refreshMs: number } {
  const params = new URLSearchParams(loc.search);
  const hashQuery = loc.hash.split('?')[1];
  if (hashQuery) new URLSearchParams(hashQuery).forEach((v, k) => params.set(k, v));
  const pace = Number(params.get('pace'));
  const panel = params.get('panel');
  const refresh = Number(params.get('refresh'));
  return {
    paceMs: Number.isFinite(pace) && pace >= 3 && pace <= 3600 ? pace * 1000 : 20_000,
    refreshMs: Number.isFinite(refresh) && refresh >= 5 && refresh <= 3600 ? refresh * 1000 : 60_000,
    pinned: panel && (PANELS as readonly string[]).includes(panel) ? (panel as PanelKey) : null,
  };
}
