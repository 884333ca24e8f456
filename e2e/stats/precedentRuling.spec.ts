/**
 * 领导小组研究 in meeting mode (real relay, core, Chromium): the leader confirms one fallback ruling and
 * overrules another with a new department; both leave the list of rulings to confirm; the reference data
 * holds the review stamped by the relay and the corrected ruling. A dispatcher's meeting shows no buttons.
 */
import { test, expect } from '../fixtures.js';
import { loginCore, shotPath } from './support.js';
import type { Precedent } from '../../shared/model.js';

test('the leader confirms and overrules fallback rulings in the meeting', async ({ app, page, station }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  // Two fallback rulings to review, filed by the admin (the relay appends them on fallback dispatches).
  await loginCore(station.core, 'admin');
  const got = await station.core.call('ref.get', {}, {});
  if (!got.ok) throw new Error(got.error.message);
  const ref = got.value;
  const stamp = Date.now() % 1_000_000;
  const [d1, d2] = ref.departments;
  const base = {
    category: '其他',
    keywords: ['楼道'],
    departmentId: d1!.id,
    reason: '楼道堆物由物业清理',
    ruledBy: { id: 'u-dispatcher', name: '张敏', role: 'dispatcher' as const, unitId: 'centre' },
    confirmed: false,
  };
  const seeds: Precedent[] = [
    { ...base, id: `prec-e2e-a-${stamp}`, caseId: `case-e2e-a-${stamp}`, ruledAt: Date.now() - 3_600_000 },
    { ...base, id: `prec-e2e-b-${stamp}`, caseId: `case-e2e-b-${stamp}`, ruledAt: Date.now() - 1_800_000 },
  ];
  const seeded = await station.core.call('ref.update', { change: { section: 'precedents', value: [...ref.precedents, ...seeds] } }, {});
  if (!seeded.ok) throw new Error(seeded.error.message);
  await station.core.call('session.logout', {}, {});

  await app.open('#/meeting');
  await app.login('leader');
  await page.goto(`${station.url}/#/meeting`);
  await page
    .getByTestId('meeting-info-save')
    .click()
    .catch(() => undefined);
  await page.getByTestId('agenda-precedents').click();
  const slide = page.getByTestId('meeting-slide');
  await expect(slide).toHaveAttribute('data-section', 'precedents');
  const rows = page.getByTestId('slide-precedent');
  await expect(rows.filter({ hasText: '楼道堆物由物业清理' })).toHaveCount(2);
  await page.screenshot({ path: shotPath('meeting-precedents-rule') });

  // 确认: the older one (the list is oldest first).
  await rows.filter({ hasText: '楼道堆物由物业清理' }).first().getByTestId('ruling-confirm').click();
  await expect(page.getByText(/已确认：.* 按原判沿袭/)).toBeVisible();
  await expect(rows.filter({ hasText: '楼道堆物由物业清理' })).toHaveCount(1);

  // 改判 the other to a new department, with the reason.
  await rows.filter({ hasText: '楼道堆物由物业清理' }).first().getByTestId('ruling-overrule').click();
  await page.getByTestId('ruling-dept').click();
  await page.keyboard.type(d2!.shortName);
  await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option-active')).toHaveText(d2!.shortName);
  await page.keyboard.press('Enter');
  await page.getByTestId('ruling-note').fill('楼道堆物属消防隐患，由属地社区牵头');
  await page.getByTestId('ruling-submit').click();
  await expect(page.getByText(new RegExp(`已改判：今后同类事件建议派往 ${d2!.shortName}`))).toBeVisible();
  await expect(rows.filter({ hasText: '楼道堆物由物业清理' })).toHaveCount(0);

  // What the relay recorded, as every workstation receives it.
  await expect
    .poll(async () => {
      const r = await station.core.call('ref.get', {}, {});
      if (!r.ok) return null;
      const a = r.value.precedents.find((p) => p.id === seeds[0]!.id);
      const b = r.value.precedents.find((p) => p.id === seeds[1]!.id);
      const fix = r.value.precedents.find((p) => p.review?.replaces === seeds[1]!.id);
      return [a?.review?.decision, a?.review?.by.role, b?.review?.decision, fix?.departmentId, fix?.confirmed];
    })
    .toEqual(['confirmed', 'leader', 'overruled', d2!.id, true]);
});
