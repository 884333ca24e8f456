/** Reusable steps of the end-to-end tests (data arrives through the real district webhook). */
import { expect } from '@playwright/test';
import { createDemoRefData } from '../shared/demo/refData.js';
import type { Street } from './harness/stack.js';
import type { AppPage } from './pages/app.js';

export const ref = createDemoRefData();
let n = 0;

/** A hotline report posted by the district platform; returns its case id and unique title. */
export async function reportCase(street: Street, label: string, gridIndex = 5): Promise<{ caseId: string; title: string }> {
  const grid = ref.grids[gridIndex]!;
  const stamp = `${Date.now() % 1_000_000}${++n}`;
  const caseId = `e2e-${label}-${stamp}`;
  const title = `${label}测试事件${stamp}`;
  await street.district(
    { kind: 'hotline', id: 'hotline', name: '12345热线' },
    {
      type: 'report',
      caseId,
      source: 'hotline',
      title,
      description: '居民来电反映，请尽快处理。',
      address: `${grid.name}中山路8号`,
      communityId: grid.communityId,
      gridId: grid.id,
      attachments: [],
    },
  );
  return { caseId, title };
}

/** Find a case in the queue by its unique title and open it. */
export async function openByTitle(app: AppPage, caseId: string, title: string): Promise<void> {
  await app.nav('queue');
  await app.queue.search(title);
  // The title is unique: wait for the filtered list (not the row still showing in the unfiltered one).
  await expect(app.page.getByTestId('queue-table')).toHaveAttribute('data-total', '1', { timeout: 30_000 });
  await expect(app.queue.row(caseId)).toBeVisible({ timeout: 30_000 });
  await app.queue.openCase(caseId);
}

/** Accept (catalogue item GS01, normal grade) and dispatch to the default department, both confirmed. */
export async function acceptAndDispatch(app: AppPage): Promise<void> {
  const wb = app.workbench;
  await wb.action('accept').click();
  await wb.choose('f-catalogItemId', 'GS01');
  await wb.pick('f-grade', '一般');
  await wb.submit('accept');
  await wb.expectStatus('accepted');
  await wb.action('dispatch').click();
  await wb.submit('dispatch');
  await wb.expectStatus('dispatched');
  await wb.expectConfirmed();
}

export async function logout(app: AppPage): Promise<void> {
  await app.page.getByTestId('user-menu').click();
  await app.page.getByTestId('logout').click();
  await expect(app.page.getByTestId('login-page')).toBeVisible();
}
