/**
 * The live queue: a new case arriving from the district platform flashes in without moving the row under
 * the cursor; tab counts update live; saved views persist across reloads.
 */
import { test, expect } from './fixtures.js';
import { reportCase } from './steps.js';
import { chooseOption } from './pages/select.js';

test('a new case flashes in without moving the row under the cursor', async ({ app, street, page, shot }) => {
  await app.open();
  await app.login('dispatcher');
  const table = page.getByTestId('queue-table');
  await expect(page.getByTestId('queue-row').nth(5)).toBeVisible();
  const target = page.getByTestId('queue-row').nth(4);
  const id = (await target.getAttribute('data-case-id'))!;
  await target.click();
  const row = app.queue.row(id);
  await expect(row).toHaveAttribute('aria-selected', 'true');
  const before = (await row.boundingBox())!;
  const total = Number(await table.getAttribute('data-total'));
  const pendingAccept = Number(await page.getByTestId('tab-pending_accept').getAttribute('data-count'));

  const fresh = await reportCase(street, '新到');
  await expect(table).toHaveAttribute('data-total', String(total + 1));
  await expect(page.getByTestId('tab-pending_accept')).toHaveAttribute('data-count', String(pendingAccept + 1));
  await expect(app.queue.row(fresh.caseId)).toBeAttached();
  await expect(app.queue.row(fresh.caseId)).toHaveClass(/q-row-flash/);
  // The selected row stays where it was, still selected.
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect.poll(async () => Math.round((await row.boundingBox())!.y)).toBe(Math.round(before.y));
  // The new case is above the view: a pill says so and jumps there.
  await expect(page.getByTestId('new-above')).toContainText('1 件新事件');
  await shot('22-queue-cursor-kept');
  await page.getByTestId('new-above').click();
  await expect(app.queue.row(fresh.caseId)).toBeInViewport();
});

test('scrolled down without a cursor, the rows in view stay put when a case arrives', async ({ app, street, page }) => {
  await app.open();
  await app.login('dispatcher');
  const table = page.getByTestId('queue-table');
  await expect(page.getByTestId('queue-row').nth(20)).toBeAttached();
  await page.getByTestId('queue-scroll').evaluate((el) => (el.scrollTop = 10 * 36));
  // The row shown at the top of the view.
  const topId = await page.getByTestId('queue-scroll').evaluate((el) => {
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + 40, box.top + 10)?.closest('[data-testid="queue-row"]');
    return hit?.getAttribute('data-case-id') ?? '';
  });
  expect(topId).not.toBe('');
  const row = app.queue.row(topId);
  const before = (await row.boundingBox())!.y;
  const total = Number(await table.getAttribute('data-total'));
  await reportCase(street, '滚动');
  await expect(table).toHaveAttribute('data-total', String(total + 1));
  await expect(page.getByTestId('new-above')).toBeVisible();
  await expect.poll(async () => Math.round((await row.boundingBox())!.y)).toBe(Math.round(before));
});

test('saved views keep tab, filters and search across a reload', async ({ app, page }) => {
  await app.open();
  await app.login('dispatcher');
  await app.queue.tab('handling');
  await app.queue.search('路');
  await page.getByTestId('view-name').fill('处置中含路');
  await page.getByTestId('view-save').click();
  await page.reload();
  await expect(page.getByTestId('app-frame')).toBeVisible();
  await app.queue.tab('all');
  await chooseOption(page, 'views-select', '处置中含路');
  await expect(page.locator('.queue-tabs .ant-tabs-tab-active')).toContainText('处置中');
  await expect(page.getByTestId('queue-search').locator('input')).toHaveValue('路');
});

test('an urgent case raises a notice, a desktop notification and a sound', async ({ app, street, page }) => {
  // Record what the page asks of the Notification and Web Audio APIs.
  await page.addInitScript(() => {
    const w = window as unknown as { __notes: string[]; __beeps: number };
    w.__notes = [];
    w.__beeps = 0;
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string) {
        w.__notes.push(title);
      }
    }
    (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    const Real = window.AudioContext;
    (window as unknown as { AudioContext: unknown }).AudioContext = class extends Real {
      override createOscillator() {
        w.__beeps += 1;
        return super.createOscillator();
      }
    };
  });
  const { caseId, title } = await reportCase(street, '紧急');
  await app.open();
  await app.login('dispatcher');
  await app.queue.search(title);
  await expect(page.getByTestId('queue-table')).toHaveAttribute('data-total', '1');
  await app.queue.openCase(caseId);
  const wb = app.workbench;
  await wb.action('accept').click();
  await wb.choose('f-catalogItemId', 'GS01');
  await wb.pick('f-grade', '紧急');
  await wb.submit('accept');
  await expect(page.getByTestId('notice-warning')).toContainText(title);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __notes: string[] }).__notes.join('|'))).toContain(title);
  expect(await page.evaluate(() => (window as unknown as { __beeps: number }).__beeps)).toBeGreaterThan(0);
});
