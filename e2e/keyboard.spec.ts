/**
 * The dispatcher's keyboard in the workbench: a key whose action is not possible says why (u: a dispatcher
 * may not urge), a opens 受理立案, and Ctrl+Enter submits the form from its note field. The acceptance form
 * suggests the catalogue item the description's keywords point to, and preselects it.
 */
import { test, expect } from './fixtures.js';
import { openByTitle, reportCase } from './steps.js';
import { createDemoRefData } from '../shared/demo/refData.js';

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

test('the acceptance form suggests the catalogue item from the description, preselected', async ({ app, street }) => {
  const ref = createDemoRefData();
  const item = ref.catalog.find((c) => c.keywords.length > 0)!;
  const grid = ref.grids[3]!;
  const stamp = Date.now() % 1_000_000;
  const caseId = `e2e-cat-${stamp}`;
  const title = `市民来电${stamp}`;
  await street.district(
    { kind: 'hotline', id: 'hotline', name: '12345热线' },
    {
      type: 'report',
      caseId,
      source: 'hotline',
      title,
      description: `小区门口${item.keywords[0]}，影响通行，请尽快处理。`,
      address: `${grid.name}中山路8号`,
      communityId: grid.communityId,
      gridId: grid.id,
      attachments: [],
    },
  );
  await app.open();
  await app.login('dispatcher');
  await openByTitle(app, caseId, title);
  await app.workbench.action('accept').click();
  const form = app.workbench.form('accept');
  await expect(form.getByTestId('catalog-suggestion').first()).toHaveAttribute('data-item', item.code);
  await expect(form.getByTestId('catalog-suggestion').first()).toContainText(item.keywords[0]!);
  await expect(form.getByTestId('f-catalogItemId')).toContainText(item.name);
});
