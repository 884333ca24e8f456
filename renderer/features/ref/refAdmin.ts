/**
 * An admin's change of one reference-data section: sent whole to the relay ('ref.update', online only;
 * the relay checks it and logs it), then the reference data is fetched again so every screen shows what
 * the relay logged. Used by the calendar screens and the base grid's maintenance.
 */
import type { RefChange, UserSaveRequest } from '../../../shared/protocol.js';
import { createAppThunk } from '../../store/thunk.js';
import { reloadRef } from './refData.js';

export const saveRefChange = createAppThunk('ref/saveChange', async (change: RefChange, { extra, dispatch }) => {
  const out = await extra.api.call('ref.update', { change });
  await dispatch(reloadRef());
  return out;
});

/** An admin creates or changes one user (optionally with a new password) at the relay; then the reference data is fetched again. */
export const saveUser = createAppThunk('ref/saveUser', async (req: UserSaveRequest, { extra, dispatch }) => {
  const out = await extra.api.call('users.save', req);
  await dispatch(reloadRef());
  return out;
});
