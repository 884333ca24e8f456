/** The open case (the workbench's working set) and command submission. */
import { createSlice } from '@reduxjs/toolkit';
import type { CaseDetail } from '../../../shared/api.js';
import type { Command } from '../../../shared/commands.js';
import { createAppThunk } from '../../store/thunk.js';

export interface CaseState {
  openId: string | null;
  detail: CaseDetail | null;
  loading: boolean;
  error: { code: string; message: string } | null;
  /** Command types being submitted right now (button spinners). */
  submitting: string[];
  /** Cases with a command being submitted right now: their submit re-reads them once it is answered. */
  submittingFor: string[];
}

const initialState: CaseState = { openId: null, detail: null, loading: false, error: null, submitting: [], submittingFor: [] };

export const openCase = createAppThunk('case/open', async (id: string, { extra }) => {
  const detail = await extra.api.call('case.get', { id });
  // Presence is best effort: a failure must not block opening the case.
  extra.api.call('presence.open', { caseId: id }).catch(() => undefined);
  return detail;
});

export const refreshCase = createAppThunk(
  'case/refresh',
  async (_: void, { extra, getState }) => {
    const id = getState().case.openId;
    if (!id) throw new Error('no open case');
    return extra.api.call('case.get', { id });
  },
  { condition: (_: void, { getState }) => getState().case.openId !== null },
);

export const closeCase = createAppThunk('case/close', async (_: void, { extra }) => {
  extra.api.call('presence.open', { caseId: null }).catch(() => undefined);
});

/**
 * Submit one command; the case is re-read so its pending entry (待同步) shows at once. This is the
 * submit's only read of the case: the change push the core sends for the command while it is in flight
 * does not re-read it as well (see needsRefreshForPush). A refused submit re-reads the open case too, so
 * no push that arrived meanwhile goes unread.
 */
export const submitCommand = createAppThunk('case/submit', async (command: Command, { extra, dispatch, getState }) => {
  let res;
  try {
    res = await extra.api.call('command.submit', { command });
  } catch (e) {
    // A change push that arrived meanwhile was left to this submit: read the case for it now.
    if (getState().case.openId === command.caseId) await dispatch(refreshCase());
    throw e;
  }
  if (getState().case.openId === command.caseId) await dispatch(refreshCase());
  return res;
});

function withoutOne(list: string[], id: string): string[] {
  const i = list.indexOf(id);
  return i < 0 ? list : [...list.slice(0, i), ...list.slice(i + 1)];
}

/**
 * Whether a change push for `caseIds` must re-read the open case. Not while a command for it is being
 * submitted: that submit re-reads the case once it is answered, which covers every change so far.
 */
export function needsRefreshForPush(state: CaseState, caseIds: string[]): boolean {
  const open = state.openId;
  return open !== null && caseIds.includes(open) && !state.submittingFor.includes(open);
}

const caseSlice = createSlice({
  name: 'case',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    b.addCase(openCase.pending, (s, a) => {
      if (s.openId !== a.meta.arg) s.detail = null;
      s.openId = a.meta.arg;
      s.loading = true;
      s.error = null;
    })
      .addCase(openCase.fulfilled, (s, a) => {
        if (s.openId !== a.meta.arg) return;
        s.detail = a.payload;
        s.loading = false;
      })
      .addCase(openCase.rejected, (s, a) => {
        if (s.openId !== a.meta.arg) return;
        s.loading = false;
        s.error = { code: a.error.code ?? 'UNKNOWN', message: a.error.message ?? '' };
      })
      .addCase(refreshCase.fulfilled, (s, a) => {
        if (s.openId === a.payload.case.id) s.detail = a.payload;
      })
      .addCase(closeCase.pending, () => initialState)
      .addCase(submitCommand.pending, (s, a) => {
        s.submitting.push(a.meta.arg.type);
        s.submittingFor.push(a.meta.arg.caseId);
      })
      .addCase(submitCommand.fulfilled, (s, a) => {
        s.submitting = s.submitting.filter((t) => t !== a.meta.arg.type);
        s.submittingFor = withoutOne(s.submittingFor, a.meta.arg.caseId);
      })
      .addCase(submitCommand.rejected, (s, a) => {
        s.submitting = s.submitting.filter((t) => t !== a.meta.arg.type);
        s.submittingFor = withoutOne(s.submittingFor, a.meta.arg.caseId);
      });
  },
});

export default caseSlice.reducer;
