/**
 * Role limits: the read-only wall user sees no action buttons, and the API refuses a command from that
 * session anyway (the UI is not the only guard).
 */
import { test, expect } from './fixtures.js';
import { openByTitle, reportCase } from './steps.js';

test('the wall user sees no actions and the API refuses its commands', async ({ app, street, page, shot }) => {
  const { caseId, title } = await reportCase(street, '只读');
  await app.open();
  await app.login('wall');
  await expect(page.getByTestId('user-role')).toHaveText('会议大屏');
  await openByTitle(app, caseId, title);
  await expect(page.getByTestId('read-only-note')).toBeVisible();
  await expect(page.locator('[data-testid^="action-"]')).toHaveCount(0);
  await expect(page.locator('[data-testid^="form-"]')).toHaveCount(0);
  // Keyboard shortcuts do nothing either.
  await page.keyboard.press('d');
  await expect(page.locator('[data-testid^="form-"]')).toHaveCount(0);
  await shot('12-wall-read-only');

  // Straight to the API over the page's own WebSocket: refused by the core.
  const answer = await page.evaluate(async (id) => {
    const ws = new WebSocket(`ws://${location.host}/api`);
    await new Promise((r) => (ws.onopen = r));
    const reply = new Promise<string>((r) => (ws.onmessage = (e) => r(String(e.data))));
    ws.send(
      JSON.stringify({
        t: 'call',
        id: 'x1',
        method: 'command.submit',
        input: { command: { type: 'accept', caseId: id, catalogItemId: 'x', grade: 'normal' } },
      }),
    );
    const text = await reply;
    ws.close();
    return JSON.parse(text) as { t: string; id: string; result: { ok: boolean; error?: { code: string } } };
  }, caseId);
  expect(answer).toMatchObject({ t: 'result', id: 'x1', result: { ok: false, error: { code: 'FORBIDDEN' } } });
  await app.nav('queue');
  await expect(app.queue.row(caseId)).toBeVisible();
  await expect(app.queue.row(caseId).getByTestId('row-pending')).toHaveCount(0);
});

test('a dispatcher sees exactly the actions the engine allows and keyboard operation works', async ({ app, street, page, shot }) => {
  const { caseId, title } = await reportCase(street, '键盘');
  await app.open();
  await app.login('dispatcher');
  await app.queue.search(title);
  await expect(page.getByTestId('queue-table')).toHaveAttribute('data-total', '1');
  await expect(app.queue.row(caseId)).toBeVisible();
  await page.getByTestId('queue-scroll').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await expect(app.queue.row(caseId)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-sheet-body')).toContainText('d：派遣');
  await shot('13-help-sheet');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-sheet-body')).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('case-workbench')).toHaveAttribute('data-case-id', caseId);
  const actions = await page.locator('[data-testid^="action-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  expect(actions.sort()).toEqual(['action-accept', 'action-reject', 'action-selfHandle'].sort());
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('queue-page')).toBeVisible();
});
