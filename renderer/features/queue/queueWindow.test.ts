import { describe, expect, it } from 'vitest';
import { rows } from '../../testing/fixtures.js';
import { PAGE_SIZE, type QueuePage } from './queueSlice.js';
import { ROW_HEIGHT } from './queueRow.js';
import { pagesToRead, rowAt, shiftOf, windowAt } from './queueWindow.js';

const page = (rs: ReturnType<typeof rows>, over: Partial<QueuePage> = {}): QueuePage => ({
  rows: rs,
  version: 1,
  loading: false,
  stale: false,
  ...over,
});

describe('the queue table window', () => {
  it('renders the rows in view with overscan, in steps of four rows', () => {
    // 20 rows tall, scrolled to row 100 of 1000.
    const w = windowAt(100 * ROW_HEIGHT, 20 * ROW_HEIGHT, 1000);
    expect(w).toEqual({ top: 100, bottom: 119, start: 92, end: 127 });
    expect(windowAt(0, 0, 0)).toEqual({ top: 0, bottom: 0, start: 0, end: -1 });
  });

  it('reads the missing pages in view and the next one when the view is near it', () => {
    const all = rows(PAGE_SIZE * 3);
    const pages = { 0: page(all.slice(0, PAGE_SIZE)) };
    const w = windowAt((PAGE_SIZE - 20) * ROW_HEIGHT, 10 * ROW_HEIGHT, PAGE_SIZE * 3);
    expect(pagesToRead(w, PAGE_SIZE * 3, pages)).toEqual({ visFirst: 0, visLast: 0, needFirst: 1, needLast: 1 });
    // A stale page is read again only once it is in view.
    const stale = { 0: page(all.slice(0, PAGE_SIZE), { stale: true }), 1: page(all.slice(PAGE_SIZE, 2 * PAGE_SIZE)) };
    expect(pagesToRead(w, PAGE_SIZE * 3, stale)).toMatchObject({ needFirst: 0, needLast: 0 });
  });

  it('says how far a case moved when a refresh shifts the list', () => {
    const all = rows(PAGE_SIZE);
    const old = { 0: page(all) };
    const shifted = { 0: page([...rows(2, 'n'), ...all].slice(0, PAGE_SIZE)) };
    expect(rowAt(old, 5)?.id).toBe(all[5]!.id);
    expect(shiftOf(old, shifted, 5)).toBe(2);
    expect(shiftOf(old, old, 5)).toBe(0);
  });
});
