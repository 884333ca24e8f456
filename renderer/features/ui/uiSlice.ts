/** UI state: the current screen (mirrored in location.hash), notifications, help sheet, flashing rows. */
import { createSlice, nanoid, type PayloadAction } from '@reduxjs/toolkit';

export type RouteName =
  'queue' | 'case' | 'supervision' | 'stats' | 'assessment' | 'meeting' | 'wall' | 'reference' | 'grid' | 'audit' | 'register' | 'sms';
export interface Route {
  name: RouteName;
  caseId?: string;
  /** Action form to open on arrival (keyboard d/u from the queue). */
  action?: string;
  /** The other case that form starts with (merge into / link with a suggested duplicate). */
  target?: string;
}

export interface Notice {
  id: string;
  level: 'error' | 'warning' | 'info' | 'success';
  title: string;
  message: string;
}

export interface UiState {
  route: Route;
  notices: Notice[];
  helpOpen: boolean;
  /** New case id → time it arrived (ms); rows flash while present. */
  flash: Record<string, number>;
}

const ROUTES: readonly RouteName[] = [
  'queue',
  'case',
  'supervision',
  'stats',
  'assessment',
  'meeting',
  'wall',
  'reference',
  'grid',
  'audit',
  'register',
  'sms',
];

/** '#/case/ID?action=dispatch' ⇄ Route. */
export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [name, id] = path.split('/');
  const params = new URLSearchParams(query);
  const action = params.get('action') ?? undefined;
  const target = params.get('target') ?? undefined;
  if (name === 'case' && id)
    return { name: 'case', caseId: decodeURIComponent(id), ...(action ? { action } : {}), ...(action && target ? { target } : {}) };
  if (name && (ROUTES as readonly string[]).includes(name) && name !== 'case') return { name: name as RouteName };
  return { name: 'queue' };
}
/**
 * The route of a page address: its hash, or the wall display for the path /wall without a hash (the link
 * the start banner prints: /wall?token=…).
 */
export function routeFromLocation(loc: Pick<Location, 'pathname' | 'hash'>): Route {
  if (loc.hash.replace(/^#\/?/, '') === '' && /^\/wall\/?$/.test(loc.pathname)) return { name: 'wall' };
  return parseHash(loc.hash);
}
export function routeToHash(r: Route): string {
  if (r.name === 'case' && r.caseId) {
    const q = r.action ? `?action=${r.action}${r.target ? `&target=${encodeURIComponent(r.target)}` : ''}` : '';
    return `#/case/${encodeURIComponent(r.caseId)}${q}`;
  }
  return `#/${r.name}`;
}

const initialState: UiState = { route: { name: 'queue' }, notices: [], helpOpen: false, flash: {} };

const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    navigate(state, a: PayloadAction<Route>) {
      state.route = a.payload;
    },
    notify: {
      reducer(state, a: PayloadAction<Notice>) {
        state.notices.push(a.payload);
        if (state.notices.length > 20) state.notices.splice(0, state.notices.length - 20);
      },
      prepare(n: Omit<Notice, 'id'>) {
        return { payload: { ...n, id: nanoid() } };
      },
    },
    noticeShown(state, a: PayloadAction<string>) {
      state.notices = state.notices.filter((n) => n.id !== a.payload);
    },
    setHelpOpen(state, a: PayloadAction<boolean>) {
      state.helpOpen = a.payload;
    },
    flashCases(state, a: PayloadAction<{ ids: string[]; at: number }>) {
      for (const id of a.payload.ids) state.flash[id] = a.payload.at;
    },
    expireFlash(state, a: PayloadAction<{ before: number }>) {
      for (const [id, at] of Object.entries(state.flash)) if (at < a.payload.before) delete state.flash[id];
    },
  },
});

export const { navigate, notify, noticeShown, setHelpOpen, flashCases, expireFlash } = uiSlice.actions;
export default uiSlice.reducer;
