// @vitest-environment jsdom
import '../../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider } from 'react-redux';
import { App as AntApp } from 'antd';
import { makeStore } from '../../store/index.js';
import { stubApi } from '../../testing/stubApi.js';
import { ref } from '../../testing/fixtures.js';
import { loadRef } from '../ref/refData.js';
import { ReferencePage } from './ReferencePage.js';
import type { CalendarConfig } from '../../../shared/calendar/types.js';
import type { RefData } from '../../../shared/refData.js';
import type { UserRole } from '../../../shared/model.js';

afterEach(cleanup);

// antd in jsdom on a shared 2-core machine: allow the UI time to settle.
const SLOW = { timeout: 15_000 };
const found = (text: string | RegExp) => screen.findByText(text, undefined, SLOW);

/** 2030 is not shipped: an import adds a year. 2030-02-09 is a Saturday, 2030-02-05 a Tuesday. */
const YEAR_2030 = {
  year: 2030,
  source: '国办发明电〔2029〕测试号',
  holidays: [
    { date: '2030-02-04', name: '春节' },
    { date: '2030-01-01', name: '元旦' },
  ],
  makeupWorkdays: [{ date: '2030-02-09', name: '春节' }],
};

interface Harness {
  updates: CalendarConfig[];
  /** Make the next ref.update fail with this error. */
  failNext(err: { code: string; message: string }): void;
}

/** The reference page on the calendar tab, for a user of `role`, over a scripted API that keeps saved calendars. */
async function openCalendar(role: UserRole = 'admin'): Promise<Harness> {
  const s = stubApi();
  let current: RefData = structuredClone(ref);
  const updates: CalendarConfig[] = [];
  let failure: { code: string; message: string } | null = null;
  s.on('ref.get', () => current);
  s.on('ref.update', (input) => {
    if (failure) {
      const f = failure;
      failure = null;
      throw f;
    }
    const change = input.change as { section: string; value: CalendarConfig };
    expect(change.section).toBe('calendar');
    updates.push(change.value);
    current = { ...current, calendar: change.value };
    return { seq: 40 + updates.length };
  });
  const user = ref.users.find((u) => u.role === role)!;
  const store = makeStore({ session: { status: 'signedIn', info: { user, offline: false, clientId: 'c' }, error: null } }, { api: s.api });
  await store.dispatch(loadRef());
  render(
    <Provider store={store}>
      <AntApp>
        <ReferencePage />
      </AntApp>
    </Provider>,
  );
  fireEvent.click(await screen.findByTestId('ref-tab-calendar', undefined, SLOW));
  await screen.findByTestId('holiday-import', undefined, SLOW);
  return { updates, failNext: (e) => void (failure = e) };
}

function importText(text: string) {
  fireEvent.change(screen.getByTestId('holiday-json'), { target: { value: text } });
  fireEvent.click(screen.getByTestId('holiday-validate'));
}

/** Type a date-time into one input of the closure range picker and confirm it with Enter. */
async function typeRangeInput(input: HTMLInputElement, value: string) {
  await act(async () => {
    fireEvent.mouseDown(input);
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value } });
  });
  await act(async () => {
    fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
  });
}

async function pickClosure(from: string, to: string) {
  const inputs = screen.getByTestId('closure-form').querySelectorAll<HTMLInputElement>('.ant-picker-range input');
  expect(inputs).toHaveLength(2);
  await typeRangeInput(inputs[0]!, from);
  await typeRangeInput(inputs[1]!, to);
}

/** 2026-12-01 08:00 in the street (UTC+8), as an instant. */
const streetTime = (y: number, mo: number, d: number, h: number, mi: number) => Date.UTC(y, mo - 1, d, h, mi) - 8 * 3_600_000;

describe('reference calendar (admin)', () => {
  it('shows the office hours of every weekday read-only', async () => {
    await openCalendar();
    // Monday's office hours, as the demo calendar has them.
    const [[a, b]] = ref.calendar.officeHours[1]! as unknown as [[number, number]];
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const label = screen.getByText('星期一');
    expect(label.closest('tr')?.textContent).toContain(`${hhmm(a)}-${hhmm(b)}`);
  });

  it('rejects a holiday year that is not JSON or breaks the rules, and saves nothing', async () => {
    const h = await openCalendar();
    importText('{ year: 2030');
    const invalid = await screen.findByTestId('holiday-invalid', undefined, SLOW);
    expect(invalid.textContent).toContain('校验未通过');
    expect(screen.queryByTestId('holiday-save')).toBeNull();

    // Well-formed JSON, wrong content: a make-up day on a Tuesday and a holiday outside the year.
    importText(
      JSON.stringify({
        ...YEAR_2030,
        holidays: [...YEAR_2030.holidays, { date: '2031-01-01', name: '元旦' }],
        makeupWorkdays: [{ date: '2030-02-05', name: '春节' }],
      }),
    );
    await waitFor(() => expect(screen.getByTestId('holiday-invalid').textContent).toContain('调休上班日必须是周六或周日'), SLOW);
    expect(screen.getByTestId('holiday-invalid').textContent).toContain('2031-01-01');
    expect(screen.getByTestId('holiday-invalid').textContent).toContain('不在 2030 年内');
    expect(screen.queryByTestId('holiday-save')).toBeNull();
    expect(h.updates).toHaveLength(0);
  });

  it('validates and saves an imported holiday year through ref.update, then shows it from the reloaded data', async () => {
    const h = await openCalendar();
    expect(screen.queryByText(YEAR_2030.source)).toBeNull();
    importText(JSON.stringify(YEAR_2030));
    const valid = await screen.findByTestId('holiday-valid', undefined, SLOW);
    expect(valid.textContent).toContain('校验通过：2030 年，2 个节假日，1 个调休工作日');
    fireEvent.click(within(valid).getByTestId('holiday-save'));
    expect(await found('已保存到日历（日志序号 41）')).toBeTruthy();
    expect(h.updates).toHaveLength(1);
    const saved = h.updates[0]!.years.find((y) => y.year === 2030)!;
    // Sorted by date, and every year already there kept.
    expect(saved.holidays.map((x) => x.date)).toEqual(['2030-01-01', '2030-02-04']);
    expect(h.updates[0]!.years.map((y) => y.year)).toEqual([...ref.calendar.years.map((y) => y.year), 2030].sort((a, b) => a - b));
    expect(h.updates[0]!.officeHours).toEqual(ref.calendar.officeHours);
    // The years table now lists 2030 (from ref.get after the save) and the import box is cleared.
    expect(await found(YEAR_2030.source)).toBeTruthy();
    expect(screen.queryByTestId('holiday-valid')).toBeNull();
  });

  it('adds an ad-hoc closure in street time; refuses an empty period and keeps the input when the relay refuses', async () => {
    const h = await openCalendar();
    const add = screen.getByTestId('closure-add') as HTMLButtonElement;
    expect(add.disabled).toBe(true);

    // A period that ends when it starts is refused before anything is sent.
    await pickClosure('2026-12-01 08:00', '2026-12-01 08:00');
    fireEvent.change(screen.getByTestId('closure-reason'), { target: { value: '台风红色预警' } });
    await waitFor(() => expect(add.disabled).toBe(false), SLOW);
    fireEvent.click(add);
    expect(await found(/停工时段无效/)).toBeTruthy();
    expect(h.updates).toHaveLength(0);

    // A sound period the relay refuses: the error is shown and the form keeps what was typed.
    await pickClosure('2026-12-01 08:00', '2026-12-02 18:00');
    h.failNext({ code: 'FORBIDDEN', message: '只有管理员可以修改基础数据' });
    fireEvent.click(add);
    expect(await found('保存失败：只有管理员可以修改基础数据')).toBeTruthy();
    expect(h.updates).toHaveLength(0);
    expect((screen.getByTestId('closure-reason') as HTMLInputElement).value).toBe('台风红色预警');

    // Again, accepted: the closure is stored as instants of the street's time zone, with who entered it.
    fireEvent.click(add);
    expect(await found('已保存到日历（日志序号 41）')).toBeTruthy();
    expect(h.updates).toHaveLength(1);
    const added = h.updates[0]!.closures.filter((c) => !ref.calendar.closures.some((o) => o.id === c.id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      from: streetTime(2026, 12, 1, 8, 0),
      to: streetTime(2026, 12, 2, 18, 0),
      reason: '台风红色预警',
      createdBy: ref.users.find((u) => u.role === 'admin')!.name,
    });
    // Shown in the closures table from the reloaded data; the form is cleared.
    await waitFor(() => expect(within(screen.getByTestId('closures')).getByText('台风红色预警')).toBeTruthy(), SLOW);
    expect((screen.getByTestId('closure-reason') as HTMLInputElement).value).toBe('');
  });

  it('edits office hours: mistakes named under their line and nothing sent; a confirmed save sends the whole calendar', async () => {
    const h = await openCalendar();
    fireEvent.click(screen.getByTestId('hours-edit'));
    const form = await screen.findByTestId('hours-form', undefined, SLOW);
    // Monday as the page shows it, Saturday (index 6) a day off.
    expect((within(form).getByTestId('hours-1') as HTMLInputElement).value).toBe('09:00-12:00，14:00-18:00');
    expect((within(form).getByTestId('hours-6') as HTMLInputElement).value).toBe('休息');

    fireEvent.change(within(form).getByTestId('hours-6'), { target: { value: '09:00-12:00，11:00-13:00' } });
    fireEvent.change(within(form).getByTestId('hours-2'), { target: { value: '14:00-9:00' } });
    fireEvent.click(within(form).getByTestId('hours-save'));
    expect((await screen.findByTestId('hours-error-6', undefined, SLOW)).textContent).toBe('09:00-12:00 与 11:00-13:00 重叠');
    expect(screen.getByTestId('hours-error-2').textContent).toContain('结束时间须晚于开始时间');
    expect(await found('请先改正标红的行')).toBeTruthy();
    expect(screen.queryByText('保存新的办公时间？')).toBeNull();
    expect(h.updates).toHaveLength(0);

    // Corrected: the admin is asked to confirm (deadlines are recalculated), then the calendar is sent.
    fireEvent.change(within(form).getByTestId('hours-6'), { target: { value: '09:00-12:00' } });
    expect(screen.queryByTestId('hours-error-6')).toBeNull(); // an edited line loses its error
    fireEvent.change(within(form).getByTestId('hours-2'), { target: { value: '08:30-12:00， 13:30-17:30' } });
    fireEvent.change(within(form).getByTestId('hours-warn').querySelector('input') ?? within(form).getByTestId('hours-warn'), {
      target: { value: '20' },
    });
    fireEvent.click(within(form).getByTestId('hours-save'));
    expect((await screen.findAllByText('保存新的办公时间？', undefined, SLOW)).length).toBeGreaterThan(0);
    expect(screen.getAllByText(/重新计算所有在办案件的时限/).length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: /^保\s?存$/ }));
    expect(await found('已保存到日历（日志序号 41）')).toBeTruthy();
    expect(h.updates).toHaveLength(1);
    const saved = h.updates[0]!;
    expect(saved.officeHours[6]).toEqual([[540, 720]]);
    expect(saved.officeHours[2]).toEqual([
      [510, 720],
      [810, 1050],
    ]);
    expect(saved.officeHours[1]).toEqual(ref.calendar.officeHours[1]);
    expect(saved.warnRatio).toBe(0.2);
    expect(saved.years).toEqual(ref.calendar.years);
    // Back to the read-only view, from the reloaded data.
    await waitFor(() => expect(screen.queryByTestId('hours-form')).toBeNull(), SLOW);
    expect(screen.getByText('星期六').closest('tr')?.textContent).toContain('09:00-12:00');
  });

  it('offers no calendar editing to a dispatcher', async () => {
    await openCalendar('dispatcher');
    expect(screen.queryByTestId('hours-edit')).toBeNull();
    expect(screen.queryByTestId('closure-form')).toBeNull();
    importText(JSON.stringify(YEAR_2030));
    const valid = await screen.findByTestId('holiday-valid', undefined, SLOW);
    expect(within(valid).queryByTestId('holiday-save')).toBeNull();
  });
});
