/**
 * 中心登记 (issue 15.1): a dispatcher registers a phone-in / walk-in at the centre: the catalogue item is
 * suggested from the description, the grid follows the point picked on the map, Ctrl+Enter submits and the
 * new case opens in 待受理; offline the registration waits in the queue (待同步) and is confirmed when the
 * relay returns.
 */
import { test, expect } from './fixtures.js';
import { ref } from './steps.js';
import { chooseOption } from './pages/select.js';

const item = ref.catalog.find((c) => c.keywords.length > 0)!;

test('a walk-in registered at the centre becomes a case, item suggested and grid from the map', async ({ app, page, shot }) => {
  await app.open();
  await app.login('dispatcher');
  await page.getByTestId('nav-register').click();
  const form = page.getByTestId('form-register');
  await expect(form).toBeVisible();
  const stamp = `${Date.now() % 1_000_000}`;
  await form.getByTestId('r-channel').getByText('来访', { exact: true }).click();
  await form.getByTestId('r-title').fill(`来访登记${stamp}`);
  await form.getByTestId('r-description').fill(`居民来访反映：小区门口${item.keywords[0]}，请尽快处理。`);
  // Suggested while typing, from the description's keywords.
  const suggested = form.locator(`[data-testid="r-suggestion"][data-item="${item.code}"]`);
  await expect(suggested).toContainText(item.keywords[0]!);
  await suggested.click();
  // The point picked on the map sets the community and grid (the base grid's division in force).
  const map = form.getByTestId('locate-map');
  await expect(map).toBeVisible();
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
  await expect(form.getByTestId('locate-picked')).not.toContainText('尚未选择位置');
  await expect(form.getByTestId('r-grid-follows')).toBeVisible();
  await form.getByTestId('r-address').fill('中山路8号');
  await form.getByTestId('r-reporter-name').fill('王先生');
  await form.getByTestId('r-reporter-phone').fill('139-1234-5678');
  await form.getByTestId('r-attachments').fill('现场照片1.jpg\n情况说明.pdf');
  await shot('15-1-register-form');
  // Ctrl+Enter from the text area submits.
  await form.getByTestId('r-description').press('Control+Enter');
  const wb = app.workbench;
  await wb.expectStatus('reported');
  await expect(page).toHaveURL(/#\/case\/ct-/);
  await wb.expectConfirmed();
  await expect(page.locator('.wb-title')).toContainText(`来访登记${stamp}`);
  await expect(page.getByText('中心登记 · 来访')).toBeVisible();
  await shot('15-1-register-opened');
});

test('a phone-in registered offline is kept and confirmed when the relay returns', async ({ app, street, page, shot }) => {
  await app.open();
  await app.login('dispatcher');
  await street.stopRelay();
  const stamp = `${Date.now() % 1_000_000}`;
  try {
    await app.expectConnection('offline');
    await page.getByTestId('nav-register').click();
    const form = page.getByTestId('form-register');
    await form.getByTestId('r-title').fill(`离线来电${stamp}`);
    await form.getByTestId('r-description').fill('来电反映楼道灯不亮。');
    await form.getByTestId('r-address').fill('中山路9号');
    const grid = ref.grids[5]!;
    await chooseOption(page, 'r-community', ref.communities.find((c) => c.id === grid.communityId)!.name);
    await chooseOption(page, 'r-grid', grid.name);
    // A bad phone number is refused in Chinese, nothing sent.
    await form.getByTestId('r-reporter-phone').fill('电话');
    await form.getByTestId('register-submit').click();
    await expect(form).toContainText('请填写正确的电话号码');
    await form.getByTestId('r-reporter-phone').fill('13800001111');
    await form.getByTestId('register-submit').click();
    await app.workbench.expectStatus('reported');
    await expect(page.getByTestId('pending-item')).toHaveAttribute('data-type', 'report');
    await expect(page.getByTestId('pending-item')).toContainText('待同步');
    await shot('15-1-register-offline');
  } finally {
    await street.startRelay();
  }
  await app.expectConnection('online', 60_000);
  await app.workbench.expectConfirmed();
  await app.workbench.expectStatus('reported');
});
