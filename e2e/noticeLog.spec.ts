/**
 * The notification history: an urgent case accepted on another workstation raises the alert here; the bell
 * counts it unread and keeps it after the toast is gone and after a reload; clicking it opens the case.
 */
import { test, expect } from './fixtures.js';
import { startWorkstation } from './harness/stack.js';
import { loginCore } from './stats/support.js';
import { reportCase } from './steps.js';
import { createDemoRefData } from '../shared/demo/refData.js';

test('an urgent case is kept in the bell and opens from there', async ({ app, street, page, shot }) => {
  const ref = createDemoRefData();
  const item = ref.catalog.find((c) => c.limits.some((l) => l.grade === 'urgent'))!;
  await app.open();
  await app.login('dispatcher');
  await app.expectConnection('online');
  await expect(page.getByTestId('notice-bell')).toHaveAttribute('data-unread', '0');

  // Another workstation accepts a case as urgent.
  const { caseId, title } = await reportCase(street, '紧急提醒');
  const other = await startWorkstation(street.relayUrl);
  try {
    await loginCore(other.core, 'dispatcher2');
    await expect
      .poll(async () => {
        const r = await other.core.call('queue.list', { tab: 'all', q: title, limit: 5 }, {});
        return r.ok ? r.value.total : 0;
      })
      .toBe(1);
    const out = await other.core.call(
      'command.submit',
      { command: { type: 'accept', caseId, catalogItemId: item.id, grade: 'urgent' } },
      {},
    );
    expect(out.ok).toBe(true);
    // Pushed and confirmed by the relay before that workstation closes.
    await expect
      .poll(async () => {
        const st = await other.core.call('sync.status', {}, {});
        return st.ok && st.value.outboxSize === 0;
      })
      .toBe(true);
  } finally {
    await other.close();
  }

  const bell = page.getByTestId('notice-bell');
  await expect(bell).toHaveAttribute('data-unread', '1', { timeout: 30_000 });
  // Kept across a reload (the toast is long gone).
  await page.reload();
  await expect(page.getByTestId('notice-bell')).toHaveAttribute('data-unread', '1', { timeout: 30_000 });
  await page.getByTestId('notice-bell').click();
  const itemRow = page.getByTestId('notice-item').filter({ hasText: title });
  await expect(itemRow).toHaveAttribute('data-kind', 'urgent_case');
  await shot('notice-bell');
  await itemRow.click();
  await expect(page.getByTestId('case-workbench')).toHaveAttribute('data-case-id', caseId);
  await expect(page.getByTestId('notice-bell')).toHaveAttribute('data-unread', '0');
});
