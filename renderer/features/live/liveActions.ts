/** Actions for pushes from the core (streams) that several slices react to. */
import { createAction } from '@reduxjs/toolkit';
import type { ApiStreamData } from '../../../shared/api.js';

export const changesArrived = createAction<ApiStreamData<'changes'> & { at: number }>('live/changes');
export const alertArrived = createAction<ApiStreamData<'notify'>>('live/notify');
/** An assessment was frozen (on any workstation). */
export const assessmentsArrived = createAction<ApiStreamData<'assessments'>>('live/assessments');
