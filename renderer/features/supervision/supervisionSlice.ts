/** Supervision boards (临期, 超期, 督办跟踪): one page of rows each, the multi-selection, and expanded cases. */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { QueueQueryInput, QueueRow } from '../../../shared/api.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import { createAppThunk } from '../../store/thunk.js';

export type Board = 'nearDue' | 'overdue' | 'tracking';
export const BOARD_PAGE = 50;

export function boardQuery(board: Board, offset: number): QueueQueryInput {
  const base = { offset, limit: BOARD_PAGE, sort: { field: 'deadline' as const, dir: 'asc' as const } };
  if (board === 'nearDue') return { ...base, tab: 'all', clockState: 'warning' };
  if (board === 'overdue') return { ...base, tab: 'overdue' };
  return { ...base, tab: 'all', urged: true, sort: { field: 'updatedAt', dir: 'desc' } };
}

export interface SupervisionState {
  board: Board;
  offset: number;
  rows: QueueRow[];
  total: number;
  loading: boolean;
  selection: string[];
  /** Full cases of the rows the user expanded (urge notices, replies, accountability). */
  details: Record<string, GridEvent>;
}

const initialState: SupervisionState = { board: 'nearDue', offset: 0, rows: [], total: 0, loading: false, selection: [], details: {} };

export const loadBoard = createAppThunk('supervision/board', async ({ board, offset }: { board: Board; offset: number }, { extra }) => {
  const res = await extra.api.call('queue.list', boardQuery(board, offset));
  // A core that ignores `urged` still gives a usable board.
  const rows = board === 'tracking' ? res.rows.filter((r) => r.urgeCount > 0) : res.rows;
  return { board, offset, rows, total: board === 'tracking' && rows.length < res.rows.length ? rows.length + offset : res.total };
});

export const loadDetails = createAppThunk('supervision/details', async (ids: string[], { extra }) => {
  const out: GridEvent[] = [];
  for (const id of ids) out.push((await extra.api.call('case.get', { id })).case);
  return out;
});

const slice = createSlice({
  name: 'supervision',
  initialState,
  reducers: {
    setSelection(s, a: PayloadAction<string[]>) {
      s.selection = a.payload;
    },
  },
  extraReducers: (b) => {
    b.addCase(loadBoard.pending, (s, a) => {
      if (s.board !== a.meta.arg.board) {
        s.rows = [];
        s.total = 0;
        s.selection = [];
      }
      s.board = a.meta.arg.board;
      s.offset = a.meta.arg.offset;
      s.loading = true;
    })
      .addCase(loadBoard.fulfilled, (s, a) => {
        if (a.payload.board !== s.board || a.payload.offset !== s.offset) return;
        s.rows = a.payload.rows;
        s.total = a.payload.total;
        s.loading = false;
        const ids = new Set(a.payload.rows.map((r) => r.id));
        s.selection = s.selection.filter((id) => ids.has(id));
      })
      .addCase(loadBoard.rejected, (s) => {
        s.loading = false;
      })
      .addCase(loadDetails.fulfilled, (s, a) => {
        for (const c of a.payload) s.details[c.id] = c;
      });
  },
});

export const { setSelection } = slice.actions;
export default slice.reducer;
