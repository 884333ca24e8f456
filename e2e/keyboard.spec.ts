/**
 * The dispatcher's keyboard in the workbench: a key whose action is not possible says why (u: a dispatcher
 * may not urge), a opens 受理立案, and Ctrl+Enter submits the form from its note field.
 */
import { test, expect } from './fixtures.js';
import { openByTitle, reportCase } from './steps.js';

test('letter keys open the forms or say why not; Ctrl+Enter submits', async ({ app, street, page }) => {
  const { caseId, title } = await reportCase(street, '键盘');
  await app.open();
  await app.login('dispatcher');
  await openByTitle(app, caseId, title);
  const wb = app.workbench;
  await wb.expectStatus('reported');

  await page.locator('body').press('u');
  await expect(page.getByText('调度员不能催办督办。')).toBeVisible();
  await page.locator('body').press('c');
  await expect(page.getByText('事件当前为“待受理”，不能结案。')).toBeVisible();

  await page.locator('body').press('a');
  const form = wb.form('accept');
  await expect(form).toBeVisible();
  await wb.choose('f-catalogItemId', 'SR01');
  await wb.pick('f-grade', '一般');
  await form.locator('textarea').first().fill('键盘受理');
  await form.locator('textarea').first().press('Control+Enter');
  await wb.expectStatus('accepted');
});
