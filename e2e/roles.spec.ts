/**
 * Role limits: the read-only wall user sees the wall display and nothing else (no workbench, no actions,
 * whatever route it opens), and the API refuses a command and case details from that session anyway (the
 * UI is not the only guard).
 */
import { test, expect } from './fixtures.js';
import { reportCase } from './steps.js';

test('the wall user sees only the wall display and the API refuses its commands', async ({ app, street, page, shot }) => {
  const { caseId } = await reportCase(street, '只读');
  await app.open();
  await page.getByTestId('login-username').fill('wall');
  await page.getByTestId('login-password').fill('grid2026');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('wall-page')).toBeVisible();
  await expect(page.getByTestId('app-frame')).toHaveCount(0);
  // A case link opens the wall too: no workbench, no action, no form; keyboard shortcuts do nothing.
  await app.open(`#/case/${encodeURIComponent(caseId)}`);
  await expect(page.getByTestId('wall-page')).toBeVisible();
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/wall');
  await expect(page.locator('[data-testid^="action-"]')).toHaveCount(0);
  await page.keyboard.press('d');
  await expect(page.locator('[data-testid^="form-"]')).toHaveCount(0);
  await shot('12-wall-read-only');

  // Straight to the API over the page's own WebSocket: refused by the core.
  const answers = await page.evaluate(async (id) => {
    const ws = new WebSocket(`ws://${location.host}/api`);
    await new Promise((r) => (ws.onopen = r));
    const waiting = new Map<string, (t: string) => void>();
    ws.onmessage = (e) => {
      const m = JSON.parse(String(e.data)) as { t: string; id: string };
      if (m.t === 'result') waiting.get(m.id)?.(String(e.data));
    };
    const call = (cid: string, method: string, input: unknown) =>
      new Promise<string>((r) => {
        waiting.set(cid, r);
        ws.send(JSON.stringify({ t: 'call', id: cid, method, input }));
      });
    const out = [
      await call('x1', 'command.submit', { command: { type: 'accept', caseId: id, catalogItemId: 'x', grade: 'normal' } }),
      await call('x2', 'case.get', { id }),
    ];
    ws.close();
    return out.map((t) => JSON.parse(t) as { id: string; result: { ok: boolean; error?: { code: string } } });
  }, caseId);
  expect(answers[0]).toMatchObject({ id: 'x1', result: { ok: false, error: { code: 'FORBIDDEN' } } });
  expect(answers[1]).toMatchObject({ id: 'x2', result: { ok: false, error: { code: 'FORBIDDEN' } } });
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
  expect(actions.sort()).toEqual(['action-accept', 'action-reject', 'action-selfHandle', 'action-merge', 'action-link', 'action-locate'].sort());
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('queue-page')).toBeVisible();
});
