// @vitest-environment jsdom
import '../../../testing/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { Provider } from 'react-redux';
import { App as AntApp } from 'antd';
import { makeStore } from '../../../store/index.js';
import { stubApi } from '../../../testing/stubApi.js';
import { makeCase, ref, T0 } from '../../../testing/fixtures.js';
import { loadRef } from '../../ref/refData.js';
import { buildLookups } from '../../ref/lookups.js';
import { CaseSheet, SHEET_TIMELINE_MAX, sheetTimeline } from './CaseSheet.js';
import { NoticePrintDialog, urgeRequestId } from '../../notice/NoticePrint.js';
import { DOC_NUMBER_OFFLINE } from '../../../../shared/docNumber.js';
import type { GridEvent } from '../../../../shared/gridEvent.js';
import type { UrgeNotice } from '../../../../shared/model.js';
import type { RefData } from '../../../../shared/refData.js';

afterEach(cleanup);

const withReporter = (): GridEvent => ({
  ...makeCase('sheet1'),
  reporter: { name: '张三', phone: '13812341234' },
  description: '楼道堆放杂物，联系电话13900001111',
});

describe('CaseSheet (处理单)', () => {
  it('shows the facts, the main timeline and the signature lines, with the phone masked', () => {
    const c = withReporter();
    const lk = buildLookups(ref);
    render(<CaseSheet c={c} lk={lk} centre={ref.centreName} printedAt={T0 + 600_000} />);
    const sheet = screen.getByTestId('case-sheet');
    const text = sheet.textContent ?? '';
    expect(text).toContain('网格事件处理单');
    expect(text).toContain(c.code);
    expect(text).toContain(c.title);
    expect(text).toContain(lk.deptName(c.leadDepartmentId));
    expect(text).toContain(lk.place(c.communityId, c.gridId));
    expect(text).toContain(ref.catalog[0]!.name);
    expect(text).toContain('承办人（签字）');
    expect(text).toContain('审核人（签字）');
    expect(text).toContain(ref.centreName);
    // The reporter's name and phone, and a phone inside the description, masked (the sheet leaves the centre).
    expect(text).toContain('张* 138****1234');
    expect(text).not.toContain('张三');
    expect(text).not.toContain('13812341234');
    expect(screen.getByTestId('sheet-description').textContent).toContain('139****1111');
    // Report, accept and dispatch each one row of the process table.
    const rows = screen.getByTestId('sheet-timeline').querySelectorAll('tbody tr');
    expect(rows).toHaveLength(3);
    expect(rows[2]!.textContent).toContain('派遣');
  });

  it('keeps the first entry and the latest ones when the timeline is long', () => {
    const c = makeCase('long');
    const base = c.timeline[c.timeline.length - 1]!;
    const many = [
      ...c.timeline,
      ...Array.from({ length: 20 }, (_, i) => ({ ...base, id: `x${i}`, version: base.version + i + 1, type: 'urged' as const })),
    ];
    const { rows, omitted } = sheetTimeline(many);
    expect(rows).toHaveLength(SHEET_TIMELINE_MAX);
    expect(rows[0]!.type).toBe('reported');
    expect(rows[rows.length - 1]!.id).toBe('x19');
    expect(omitted).toBe(many.length - SHEET_TIMELINE_MAX);
  });
});

describe('urge notice number (督办通知 文号)', () => {
  const c = makeCase('urge1');
  const urge: UrgeNotice = {
    id: 'urge-abc',
    caseId: c.id,
    level: 'supervise',
    departmentId: c.leadDepartmentId!,
    message: '请于今日内清理完毕',
    issuedAt: T0 + 3_600_000,
    issuedBy: { id: 'u-supervisor', name: '李强', role: 'supervisor', unitId: 'centre' },
    replyDeadline: T0 + 8 * 3_600_000,
  };

  async function open(refData: RefData, allocate: (input: Record<string, unknown>) => unknown) {
    const s = stubApi();
    s.on('ref.get', () => refData);
    s.on('docNumber.allocate', allocate);
    const store = makeStore({}, { api: s.api });
    await store.dispatch(loadRef());
    const view = render(
      <Provider store={store}>
        <AntApp>
          <NoticePrintDialog c={c} urge={urge} onClose={() => {}} />
        </AntApp>
      </Provider>,
    );
    return { s, view };
  }

  it('prints the number the relay gave, asked with the same request id on every print', async () => {
    const { s, view } = await open(ref, (input) => ({
      number: '黄石督〔2026〕12号',
      patternId: input.patternId,
      year: 2026,
      seq: 12,
      at: T0,
      repeated: false,
    }));
    await waitFor(() =>
      expect(document.querySelector('.print-root [data-testid="notice-doc-number"]')?.textContent).toBe('文号：黄石督〔2026〕12号'),
    );
    expect(document.querySelector('.print-root')?.textContent).toContain(urge.message);
    expect(screen.getByTestId('notice-print').hasAttribute('disabled')).toBe(false);
    view.unmount();
    const again = await open(ref, (input) => ({
      number: '黄石督〔2026〕12号',
      patternId: input.patternId,
      year: 2026,
      seq: 12,
      at: T0,
      repeated: true,
    }));
    await waitFor(() => expect(document.querySelector('.print-root')).not.toBeNull());
    const want = { requestId: urgeRequestId(urge), patternId: 'urge-notice', caseId: c.id };
    for (const stub of [s, again.s])
      expect(stub.calls.filter((x) => x.method === 'docNumber.allocate').map((x) => x.input)).toEqual([want]);
  });

  it('offline: says why in Chinese and prints nothing', async () => {
    await open(ref, () => {
      throw { code: 'OFFLINE', message: DOC_NUMBER_OFFLINE };
    });
    const alert = await screen.findByTestId('notice-number-failed');
    expect(alert.textContent).toContain('离线时不能取号');
    expect(document.querySelector('.print-root')).toBeNull();
    expect(screen.getByTestId('notice-print').hasAttribute('disabled')).toBe(true);
  });

  it('no pattern configured: names the admin setting and asks for no number', async () => {
    const { s } = await open({ ...ref, docNumberPatterns: [] }, () => {
      throw new Error('must not be asked');
    });
    expect((await screen.findByTestId('notice-no-pattern')).textContent).toContain('文号格式');
    expect(s.calls.some((x) => x.method === 'docNumber.allocate')).toBe(false);
    expect(document.querySelector('.print-root')).toBeNull();
  });
});
