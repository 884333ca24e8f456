/**
 * Batch urging (批量催办督办) from the board's multi-selection. Each selected case is read at most once:
 * a case whose tracking row is open on screen (its full case is in `details`) is checked as shown and read
 * again after the urge so the row shows the new notice; any other case is read for the check only and is
 * not kept. The core decides every urge again with the engine, so a check against what the screen shows
 * can never let a wrong urge through: it only decides whether the case counts as skipped.
 */
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { Actor, UrgeLevel } from '../../../shared/model.js';
import type { RefData } from '../../../shared/refData.js';
import { allowedUrgeLevels } from '../../../shared/engine/index.js';
import { createAppThunk } from '../../store/thunk.js';
import { errorText } from '../../store/listener.js';
import { submitCommand, buildCommand, validateCommand } from '../case/index.js';
import { loadDetails } from './supervisionSlice.js';

export interface BatchUrgeValues {
  level: UrgeLevel;
  message: string;
  replyHours: number;
}

export interface BatchUrgeInput {
  ids: readonly string[];
  values: BatchUrgeValues;
  actor: Actor;
  ref: RefData;
  /** The instant the levels are checked at (server time). */
  now: number;
}

export interface BatchUrgeResult {
  issued: number;
  /** Cases the level is not allowed for (not urged, not an error). */
  skipped: number;
  /** One text per case that could not be urged. */
  failures: string[];
}

export const urgeBatch = createAppThunk(
  'supervision/urge',
  async ({ ids, values, actor, ref, now }: BatchUrgeInput, { dispatch, getState, extra }): Promise<BatchUrgeResult> => {
    const shown = getState().supervision.details;
    const result: BatchUrgeResult = { issued: 0, skipped: 0, failures: [] };
    const reread: string[] = [];
    for (const id of ids) {
      try {
        const c: GridEvent | undefined = shown[id] ?? (await extra.api.call('case.get', { id })).case;
        if (!c || !allowedUrgeLevels(c, actor, ref, now).includes(values.level)) {
          result.skipped++;
          continue;
        }
        const checked = validateCommand(buildCommand('urge', id, { ...values }));
        if (!checked.ok) {
          result.failures.push(checked.fields.map((f) => f.errors.join('')).join('；'));
          continue;
        }
        await dispatch(submitCommand(checked.command)).unwrap();
        result.issued++;
        if (shown[id]) reread.push(id);
      } catch (e) {
        result.failures.push(errorText(e as { code?: string; message?: string }));
      }
    }
    if (reread.length) await dispatch(loadDetails(reread));
    return result;
  },
);
