import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LiveBatcher, type LiveBatchClock } from './liveBatch.js';
import type { LogEntry } from '../shared/protocol.js';

/** A manual clock: timers fire only when the test advances time past them. */
class ManualClock implements LiveBatchClock {
  t = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  now(): number {
    return this.t;
  }
  setTimer(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimer(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
}

const entry = (seq: number): LogEntry => ({ seq }) as unknown as LogEntry;

describe('LiveBatcher (coalesced "changes" messages)', () => {
  const commits = fc.array(fc.record({ gap: fc.integer({ min: 0, max: 80 }), size: fc.integer({ min: 1, max: 5 }) }), {
    minLength: 1,
    maxLength: 60,
  });

  it('sends every committed entry once, in seq order, at most one message per window, none held longer than a window', () => {
    fc.assert(
      fc.property(commits, fc.integer({ min: 1, max: 50 }), (cs, windowMs) => {
        const clock = new ManualClock();
        const sent: Array<{ at: number; seqs: number[] }> = [];
        const b = new LiveBatcher(windowMs, (es) => sent.push({ at: clock.now(), seqs: es.map((e) => e.seq) }), clock);
        const addedAt = new Map<number, number>();
        let seq = 0;
        for (const c of cs) {
          clock.advance(c.gap);
          const es = Array.from({ length: c.size }, () => entry(++seq));
          for (const e of es) addedAt.set(e.seq, clock.now());
          b.add(es);
        }
        clock.advance(windowMs);
        // Every entry exactly once, in order, no gaps.
        expect(sent.flatMap((m) => m.seqs)).toEqual(Array.from({ length: seq }, (_, i) => i + 1));
        // No empty message; messages at least a window apart.
        for (const m of sent) expect(m.seqs.length).toBeGreaterThan(0);
        for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(windowMs);
        // Nobody waits longer than one window.
        for (const m of sent) for (const s of m.seqs) expect(m.at - addedAt.get(s)!).toBeLessThanOrEqual(windowMs);
      }),
      { numRuns: 300 },
    );
  });

  it('sends the first commit after a quiet spell at once', () => {
    const clock = new ManualClock();
    const sent: number[][] = [];
    const b = new LiveBatcher(25, (es) => sent.push(es.map((e) => e.seq)), clock);
    b.add([entry(1)]);
    expect(sent).toEqual([[1]]);
    clock.advance(5);
    b.add([entry(2)]);
    b.add([entry(3), entry(4)]);
    expect(sent).toEqual([[1]]);
    clock.advance(19);
    expect(sent).toEqual([[1]]);
    clock.advance(1);
    expect(sent).toEqual([[1], [2, 3, 4]]);
    clock.advance(100);
    b.add([entry(5)]);
    expect(sent).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('flush sends what waits (shutdown) and nothing twice', () => {
    const clock = new ManualClock();
    const sent: number[][] = [];
    const b = new LiveBatcher(25, (es) => sent.push(es.map((e) => e.seq)), clock);
    b.add([entry(1)]);
    b.add([entry(2)]);
    b.flush();
    clock.advance(100);
    expect(sent).toEqual([[1], [2]]);
  });

  it('a window of 0 sends every commit as it comes', () => {
    const clock = new ManualClock();
    const sent: number[][] = [];
    const b = new LiveBatcher(0, (es) => sent.push(es.map((e) => e.seq)), clock);
    b.add([entry(1)]);
    b.add([entry(2)]);
    expect(sent).toEqual([[1], [2]]);
  });
});
