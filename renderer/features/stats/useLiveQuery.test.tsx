// @vitest-environment jsdom
/**
 * useLiveQuery under a steady stream of changes: a load slower than the pushes still reaches the screen
 * (a refresh does not cancel the load in flight; the newest finished one wins), while a change of deps
 * discards answers for the old ones.
 */
import '../../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { fakeApi } from '../../testing/statsApi.js';
import { useLiveQuery } from './useApi.js';

afterEach(cleanup);

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A load whose answers the test gives by hand, in any order. */
function loads() {
  const pending: Array<ReturnType<typeof deferred<string>>> = [];
  const load = () => {
    const d = deferred<string>();
    pending.push(d);
    return d.promise;
  };
  return { pending, load };
}

function Probe({ api, load, dep }: { api: ReturnType<typeof fakeApi>; load: () => Promise<string>; dep: string }) {
  const q = useLiveQuery(api, load, [dep], { debounceMs: 0 });
  return <span data-testid="probe">{q.data ?? 'none'}</span>;
}

describe('useLiveQuery', () => {
  it('shows a slow load although changes keep arriving before it finishes', async () => {
    const api = fakeApi({});
    const { pending, load } = loads();
    render(<Probe api={api} load={load} dep="a" />);
    // Two pushes, each starting another load, before the first one answers.
    for (let i = 0; i < 2; i++) {
      await act(async () => {
        api.push('changes', { caseIds: [], seq: i, newCaseIds: [] });
        await new Promise((r) => setTimeout(r, 5));
      });
    }
    expect(pending.length).toBe(3);
    await act(async () => pending[0]!.resolve('first'));
    expect(screen.getByTestId('probe').textContent).toBe('first');
    // The newest finished wins; an older one finishing later does not overwrite it.
    await act(async () => pending[2]!.resolve('third'));
    await act(async () => pending[1]!.resolve('second'));
    expect(screen.getByTestId('probe').textContent).toBe('third');
  });

  it('discards an answer for deps it no longer shows', async () => {
    const api = fakeApi({});
    const { pending, load } = loads();
    const view = render(<Probe api={api} load={load} dep="a" />);
    view.rerender(<Probe api={api} load={load} dep="b" />);
    expect(pending.length).toBe(2);
    await act(async () => pending[1]!.resolve('for b'));
    await act(async () => pending[0]!.resolve('for a'));
    expect(screen.getByTestId('probe').textContent).toBe('for b');
  });
});
