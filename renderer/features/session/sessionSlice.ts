/** Who is signed in (from the core's session), and the login flow. */
import { createSlice } from '@reduxjs/toolkit';
import type { SessionInfo } from '../../../shared/api.js';
import { createAppThunk } from '../../store/thunk.js';

export interface SessionState {
  status: 'unknown' | 'signedOut' | 'signingIn' | 'signedIn';
  info: SessionInfo | null;
  error: { code: string; message: string } | null;
}

const initialState: SessionState = { status: 'unknown', info: null, error: null };

export const checkSession = createAppThunk('session/check', async (_: void, { extra }) => extra.api.call('session.current', {}));
export const login = createAppThunk('session/login', async (cred: { username: string; password: string }, { extra }) =>
  extra.api.call('session.login', cred),
);
export const logout = createAppThunk('session/logout', async (_: void, { extra }) => {
  await extra.api.call('session.logout', {});
});

const sessionSlice = createSlice({
  name: 'session',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    b.addCase(checkSession.fulfilled, (s, a) => {
      s.info = a.payload;
      s.status = a.payload ? 'signedIn' : 'signedOut';
    })
      .addCase(checkSession.rejected, (s) => {
        if (s.status === 'unknown') s.status = 'signedOut';
      })
      .addCase(login.pending, (s) => {
        s.status = 'signingIn';
        s.error = null;
      })
      .addCase(login.fulfilled, (s, a) => {
        s.status = 'signedIn';
        s.info = a.payload;
        s.error = null;
      })
      .addCase(login.rejected, (s, a) => {
        s.status = 'signedOut';
        s.error = { code: a.error.code ?? 'UNKNOWN', message: a.error.message ?? '' };
      })
      .addCase(logout.fulfilled, () => ({ ...initialState, status: 'signedOut' as const }));
  },
});

export default sessionSlice.reducer;
