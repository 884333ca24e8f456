/**
 * Photos and attachments (issue 15.2) in Debian Chromium against the real relay, simulator and core: a
 * dispatcher registers a case at the centre with a real photo picked through the file input (a program
 * renamed .jpg is refused in Chinese first), sees its thumbnail in the workbench and opens it full size;
 * the department's result arrives from the district platform with its own photo (uploaded to the relay's
 * /district/files first); at 核查 the report photo and the result photo are shown side by side.
 */
import fs from 'node:fs';
import path from 'node:path';
import { signBody } from '../relay/auth.js';
import { testExe, testImage } from '../relay/testing/files.js';
import { simPhotoBytes } from '../relay/district-sim/photos.js';
import { test, expect } from './fixtures.js';
import { tempDir, WEBHOOK_SECRET } from './harness/stack.js';
import { chooseOption } from './pages/select.js';
import { acceptAndDispatch, ref } from './steps.js';

test('a photo picked at registration shows as a thumbnail, and before/after at verification', async ({ app, street, page, shot }) => {
  const dir = tempDir('e2e-files-');
  const photo = path.join(dir, '现场照片.jpg');
  fs.writeFileSync(photo, await testImage('jpeg', '#c0392b', 800, 600));
  const fake = path.join(dir, '伪装照片.jpg');
  fs.writeFileSync(fake, testExe());

  await app.open();
  await app.login('dispatcher');
  await page.getByTestId('nav-register').click();
  const form = page.getByTestId('form-register');
  await expect(form).toBeVisible();
  const stamp = `${Date.now() % 1_000_000}`;
  const title = `附件登记${stamp}`;
  await form.getByTestId('r-title').fill(title);
  await form.getByTestId('r-description').fill('来电反映路面坑洼，附现场照片。');
  await form.getByTestId('r-address').fill('中山路10号');
  const grid = ref.grids[5]!;
  await chooseOption(page, 'r-community', ref.communities.find((c) => c.id === grid.communityId)!.name);
  await chooseOption(page, 'r-grid', grid.name);

  // A disguised file is refused with the reason, and nothing is attached.
  await form.getByTestId('att-input').setInputFiles(fake);
  await expect(page.getByText('“伪装照片.jpg”名为JPEG 图片，但内容是EXE 文件，已拒收。', { exact: false })).toBeVisible();
  await expect(form.getByTestId('att-picked')).toHaveCount(0);
  await shot('15-2-disguised-refused');

  await form.getByTestId('att-input').setInputFiles(photo);
  const picked = form.getByTestId('att-picked').getByTestId('att-thumb');
  await expect(picked).toHaveCount(1);
  await expect(picked.locator('img')).toHaveAttribute('src', /^data:image\//u);
  await shot('15-2-register-picked');
  await form.getByTestId('register-submit').click();

  const wb = app.workbench;
  await wb.expectStatus('reported');
  await wb.expectConfirmed();
  const thumb = page.getByTestId('report-attachments').getByTestId('att-thumb');
  await expect(thumb).toHaveCount(1);
  await expect(thumb.locator('img')).toHaveAttribute('src', /^data:image\/webp;base64,/u);
  await shot('15-2-workbench-thumbnail');
  await thumb.locator('img').click();
  const preview = page.locator('.ant-image-preview-img');
  await expect(preview).toBeVisible();
  await expect(preview).toHaveAttribute('src', /^data:image\/jpeg;base64,/u);
  await shot('15-2-photo-preview');
  // Escape closes the preview and leaves the case open (the workbench's Escape goes back to the queue).
  await page.keyboard.press('Escape');
  await expect(preview).toBeHidden();
  await expect(page.getByTestId('report-attachments')).toBeVisible();

  await acceptAndDispatch(app);
  const caseId = /#\/case\/([^/?]+)/u.exec(page.url())![1]!;
  const leadName = await page.getByTestId('case-lead').innerText();
  const dept = ref.departments.find((d) => d.shortName === leadName)!;

  // The department's result photo: uploaded to the relay first, then named by its sha256.
  const after = await simPhotoBytes('after', 0);
  const up = await fetch(`${street.relayUrl}/district/files`, {
    method: 'POST',
    headers: { 'x-signature': signBody(after, WEBHOOK_SECRET), 'x-file-name': encodeURIComponent('处置后照片.jpg') },
    body: new Uint8Array(after),
  });
  expect(up.status).toBe(200);
  const stored = ((await up.json()) as { value: { sha256: string; size: number; mime: 'image/jpeg' } }).value;
  const actor = { kind: 'department' as const, id: dept.id, name: dept.name };
  await street.district(actor, { type: 'sign', caseId: decodeURIComponent(caseId) });
  await street.district(actor, {
    type: 'reportResult',
    caseId: decodeURIComponent(caseId),
    text: '路面已修补平整。',
    attachments: [{ name: '处置后照片.jpg', kind: 'photo', sha256: stored.sha256, size: stored.size, mime: stored.mime }],
  });
  await wb.expectStatus('handled');
  await expect(page.getByTestId('result-attachments').getByTestId('att-thumb')).toHaveCount(1);

  await wb.action('verify').click();
  const ba = page.getByTestId('before-after');
  await expect(ba).toBeVisible();
  await expect(ba.getByTestId('before-photos').locator('img')).toHaveAttribute('src', /^data:image\//u);
  await expect(ba.getByTestId('after-photos').locator('img')).toHaveAttribute('src', /^data:image\//u);
  await expect(ba).toContainText('处置前（上报照片）');
  await expect(ba).toContainText('处置后（部门反馈照片）');
  await shot('15-2-verify-before-after');
});
