/**
 * Excel round trips of the reference data (real exceljs, real .xlsx bytes): the export reads back unchanged,
 * a bad row is named with its row number in Chinese and nothing is returned, an unknown department and a
 * duplicate code are caught, and a fixed file gives the whole new list.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { buildRefWorkbook, importSummary, parseRefWorkbook } from './refExcel.js';

const ref = createDemoRefData();
const bytes = async (wb: ExcelJS.Workbook) => (await wb.xlsx.writeBuffer()) as ArrayBuffer;

describe('reference Excel', () => {
  it('reads its own export back unchanged, for each kind', async () => {
    for (const kind of ['departments', 'catalog', 'users'] as const) {
      const out = await parseRefWorkbook(kind, await bytes(buildRefWorkbook(kind, ref, ExcelJS)), ref, ExcelJS);
      expect(out.ok).toBe(true);
      if (!out.ok) continue;
      const before = kind === 'departments' ? ref.departments : kind === 'catalog' ? ref.catalog : ref.users;
      const s = importSummary(before as Array<{ id: string }>, out.value as Array<{ id: string }>);
      expect([kind, s.added.length, s.changed.length, s.removed.length]).toEqual([kind, 0, 0, 0]);
    }
  });

  it('a bad mobile number is named by sheet and row; nothing is returned; fixed, the contact is added', async () => {
    const wb = buildRefWorkbook('departments', ref, ExcelJS);
    const contacts = wb.getWorksheet('联络员')!;
    contacts.addRow({ deptId: ref.departments[0]!.id, name: '赵联络', mobile: '1390000', duty: '科员', sms: '是' });
    const row = contacts.lastRow!.number;
    const bad = await parseRefWorkbook('departments', await bytes(wb), ref, ExcelJS);
    expect(bad).toEqual({ ok: false, errors: [`“联络员”第 ${row} 行：手机号应为 11 位数字，以 1 开头`] });
    contacts.getRow(row).getCell(3).value = '13900000000';
    const good = await parseRefWorkbook('departments', await bytes(wb), ref, ExcelJS);
    expect(good.ok && good.kind === 'departments' && good.value.find((d) => d.id === ref.departments[0]!.id)!.contacts).toContainEqual({
      name: '赵联络',
      mobile: '13900000000',
      duty: '科员',
      sms: true,
    });
  });

  it('catalogue rows: unknown department, duplicate code, a limit that is not a number, each with its row', async () => {
    const wb = buildRefWorkbook('catalog', ref, ExcelJS);
    const ws = wb.getWorksheet('入格事项')!;
    const first = ref.catalog[0]!;
    ws.addRow({ code: 'NEW-1', name: '新事项', category: '其他', dept: 'dept-nowhere', normal: 480 });
    ws.addRow({ code: first.code, name: '重复', category: '其他', dept: first.defaultDepartmentId, normal: 480 });
    ws.addRow({ code: 'NEW-2', name: '时限', category: '其他', dept: first.defaultDepartmentId, normal: '三天' });
    const n = ws.lastRow!.number;
    const out = await parseRefWorkbook('catalog', await bytes(wb), ref, ExcelJS);
    expect(out).toEqual({
      ok: false,
      errors: [
        `第 ${n - 2} 行：部门“dept-nowhere”不在部门表中`,
        `第 ${n - 1} 行：编码“${first.code}”与第 2 行重复`,
        `第 ${n} 行：一般时限（分钟）应为正整数（分钟）`,
      ],
    });
  });

  it('users: an unknown role is refused; a new user is added with an id from the username', async () => {
    const wb = buildRefWorkbook('users', ref, ExcelJS);
    const ws = wb.getWorksheet('用户')!;
    ws.addRow({ username: 'newone', name: '新人', role: '超级用户', unit: 'centre', status: '启用' });
    const bad = await parseRefWorkbook('users', await bytes(wb), ref, ExcelJS);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]).toMatch(/^第 \d+ 行：角色应为以下之一：/);
    ws.lastRow!.getCell(4).value = '调度员';
    const good = await parseRefWorkbook('users', await bytes(wb), ref, ExcelJS);
    expect(good.ok && good.value.at(-1)).toMatchObject({ id: 'u-newone', username: 'newone', role: 'dispatcher', active: true });
  });

  it('a file that is not a workbook, or lacks the sheet, is refused in Chinese', async () => {
    expect(await parseRefWorkbook('users', new TextEncoder().encode('not excel').buffer, ref, ExcelJS)).toEqual({
      ok: false,
      errors: ['无法读取该文件：请选择 .xlsx 格式的 Excel 文件。'],
    });
    const other = await parseRefWorkbook('users', await bytes(buildRefWorkbook('catalog', null, ExcelJS)), ref, ExcelJS);
    expect(other).toEqual({ ok: false, errors: ['文件中缺少工作表“用户”，请使用下载的模板。'] });
  });
});
