/** The timeline summary kept beside each case for statistics (case_docs.tl). */
import type { CaseEvent } from '../../../shared/gridEvent.js';

/**
 * Timeline summary for statistics: each entry as one JSON line without `data.clocks` (the bulk of an
 * entry; metrics read clocks from the case state, and replay full entries when they need history).
 */
export function timelineSummary(events: readonly CaseEvent[]): string {
  let out = '';
  for (const e of events) {
    const { clocks: _clocks, ...data } = e.data;
    out += JSON.stringify({ ...e, data }) + '\n';
  }
  return out;
}

/** The entries of a timeline summary. */
export function parseTimelineSummary(tl: string): CaseEvent[] {
  return tl ? (JSON.parse('[' + tl.slice(0, -1).split('\n').join(',') + ']') as CaseEvent[]) : [];
}
