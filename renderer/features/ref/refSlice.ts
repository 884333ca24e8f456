/** Reference data (communities, grids, departments, catalogue, calendar …): small, loaded once per session. */
import { createSlice } from '@reduxjs/toolkit';
import type { RefData } from '../../../shared/refData.js';
import { createAppThunk } from '../../store/thunk.js';

export interface RefState {
  data: RefData | null;
  loading: boolean;
}

const initialState: RefState = { data: null, loading: false };

export const loadRef = createAppThunk('ref/load', async (_: void, { extra }) => extra.api.call('ref.get', {}));

const refSlice = createSlice({
  name: 'ref',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    b.addCase(loadRef.pending, (s) => {
      s.loading = true;
    })
      .addCase(loadRef.fulfilled, (s, a) => {
        s.data = a.payload;
        s.loading = false;
      })
      .addCase(loadRef.rejected, (s) => {
        s.loading = false;
      });
  },
});

export default refSlice.reducer;
