// @vitest-environment jsdom
/**
 * Live screens over the server cache under a steady stream of changes: a load slower than the pushes still
 * reaches the screen (a refresh does not cancel the load in flight; the newest finished one wins), while a
 * change of the query's argument discards answers for the old one.
 *
 * Moved from stats/useLiveQuery.test.tsx with the data layer (useApi.tsx -> serverApi.ts). RTK Query runs at
 * most one load per cache entry: changes pushed while a load is in flight do not start more loads beside it
 * (useLiveQuery started one per push); they are held and refetch once it finished, so the screen shows the
 * slow answer, then the newer one.
 */
import '../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../testing/statsApi.js';
import { LiveStoreProvider } from '../testing/liveStore.js';
import { liveOptions, liveView, loaderQuery, serverApi } from './serverApi.js';

afterEach(cleanup);

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A read whose answers the test gives by hand, in any order (each load is one 'stats.query' call). */
function loads() {
  const pending: Array<ReturnType<typeof deferred<string>>> = [];
  const api = fakeApi({
    'stats.query': () => {
      const d = deferred<string>();
      pending.push(d);
      return d.promise;
    },
  });
  return { pending, api };
}

const probeQueries = serverApi.injectEndpoints({
  endpoints: (b) => ({
    probe: b.query<string, string>({
      queryFn: loaderQuery(async (api, _dep: string) => {
        const answer = await api.call('stats.query', { period: { from: 0, to: 1 }, groupBy: 'none' });
        return answer as unknown as string;
      }),
      providesTags: ['Stats'],
    }),
  }),
});

function Probe({ dep }: { dep: string }) {
  const q = liveView<string>(probeQueries.useProbeQuery(dep, liveOptions()));
  return <span data-testid="probe">{q.data ?? 'none'}</span>;
}

describe('live queries', () => {
  it('shows a slow load although changes keep arriving before it finishes', async () => {
    const { api, pending } = loads();
    render(
      <LiveStoreProvider api={api}>
        <Probe dep="a" />
      </LiveStoreProvider>,
    );
    await waitFor(() => expect(pending.length).toBe(1));
    // Two pushes before the first load answers, and time for the (throttled) refresh they ask for.
    for (let i = 0; i < 2; i++) {
      await act(async () => {
        api.push('changes', { caseIds: [], seq: i, newCaseIds: [] });
        await new Promise((r) => setTimeout(r, 5));
      });
    }
    await act(async () => new Promise((r) => setTimeout(r, 900)));
    // The load in flight is not cancelled (nor doubled).
    expect(pending.length).toBe(1);
    await act(async () => pending[0]!.resolve('first'));
    await waitFor(() => expect(screen.getByTestId('probe').textContent).toBe('first'));
    // The changes held during it refetch once it finished; the newest finished answer wins.
    await waitFor(() => expect(pending.length).toBe(2));
    await act(async () => pending[1]!.resolve('second'));
    await waitFor(() => expect(screen.getByTestId('probe').textContent).toBe('second'));
  });

  it('discards an answer for deps it no longer shows', async () => {
    const { api, pending } = loads();
    const view = render(
      <LiveStoreProvider api={api}>
        <Probe dep="a" />
      </LiveStoreProvider>,
    );
    view.rerender(
      <LiveStoreProvider api={api}>
        <Probe dep="b" />
      </LiveStoreProvider>,
    );
    await waitFor(() => expect(pending.length).toBe(2));
    await act(async () => pending[1]!.resolve('for b'));
    await waitFor(() => expect(screen.getByTestId('probe').textContent).toBe('for b'));
    await act(async () => {
      pending[0]!.resolve('for a');
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(screen.getByTestId('probe').textContent).toBe('for b');
  });
});
