/** createAsyncThunk pre-typed with the store's state and the injected API client. */
import { createAsyncThunk } from '@reduxjs/toolkit';
import type { ApiClient } from '../api/client.js';
import type { RootState } from './index.js';

export interface ThunkExtra {
  api: ApiClient;
  /** Wall clock, injectable for tests. */
  now: () => number;
}

export const createAppThunk = createAsyncThunk.withTypes<{ extra: ThunkExtra; state: RootState }>();
