/**
 * Excel templates, exports and imports of departments with their contacts, the 指导目录's items and users
 * (exceljs, in the browser). A parse checks every row (an error per row, in Chinese, with its row number)
 * and then the whole result against the reference data (shared/refAdmin.ts, catalogVersions.ts): any error
 * and nothing is applied. Departments and users are merged by id (rows add or change, others stay); the
 * catalogue file is the whole revised catalogue (a 修订申请).
 */
import type ExcelJS from 'exceljs';
import { z } from 'zod';
import { CatalogItem, Department, DepartmentContact, User, UserRole, type GradeLimit } from '../../../shared/model.js';
import type { RefData } from '../../../shared/refData.js';
import { departmentsProblem, usersProblem } from '../../../shared/refAdmin.js';
import { catalogItemsProblem } from '../../../shared/engine/catalogVersions.js';
import { hasOwnMessage, issueText } from '../../../shared/validation.js';
import { fmt, t } from '../../i18n/zh-CN.js';

export type ExcelKind = 'departments' | 'catalog' | 'users';
const x = t.refAdmin;
const col = x.columns;

interface Sheet {
  name: string;
  columns: Array<{ header: string; key: string; width: number }>;
}

const SHEETS: Record<ExcelKind, Sheet[]> = {
  departments: [
    {
      name: x.sheets.departments,
      columns: [
        { header: col.id, key: 'id', width: 14 },
        { header: col.name, key: 'name', width: 22 },
        { header: col.shortName, key: 'shortName', width: 12 },
        { header: col.phone, key: 'phone', width: 16 },
        { header: col.status, key: 'status', width: 8 },
      ],
    },
    {
      name: x.sheets.contacts,
      columns: [
        { header: col.deptId, key: 'deptId', width: 14 },
        { header: col.contactName, key: 'name', width: 12 },
        { header: col.mobile, key: 'mobile', width: 16 },
        { header: col.duty, key: 'duty', width: 14 },
        { header: col.sms, key: 'sms', width: 10 },
      ],
    },
  ],
  catalog: [
    {
      name: x.sheets.catalog,
      columns: [
        { header: col.id, key: 'id', width: 16 },
        { header: col.code, key: 'code', width: 10 },
        { header: col.itemName, key: 'name', width: 22 },
        { header: col.category, key: 'category', width: 12 },
        { header: col.subcategory, key: 'subcategory', width: 12 },
        { header: col.defaultDept, key: 'dept', width: 14 },
        { header: col.normal, key: 'normal', width: 14 },
        { header: col.important, key: 'important', width: 14 },
        { header: col.urgent, key: 'urgent', width: 14 },
        { header: col.urgentNatural, key: 'urgentNatural', width: 14 },
        { header: col.keywords, key: 'keywords', width: 24 },
      ],
    },
  ],
  users: [
    {
      name: x.sheets.users,
      columns: [
        { header: col.id, key: 'id', width: 16 },
        { header: col.username, key: 'username', width: 14 },
        { header: col.personName, key: 'name', width: 12 },
        { header: col.role, key: 'role', width: 12 },
        { header: col.unit, key: 'unit', width: 14 },
        { header: col.status, key: 'status', width: 8 },
      ],
    },
  ],
};

export const EXCEL_FILE: Record<ExcelKind, string> = {
  departments: x.excel.fileDepartments,
  catalog: x.excel.fileCatalog,
  users: x.excel.fileUsers,
};

const yesNo = (b: boolean) => (b ? x.common.yes : x.common.no);
const status = (active: boolean) => (active ? x.common.active : x.common.inactive);

/** The workbook of `kind`: the template (headers only) when `ref` is null, else the current data. */
export function buildRefWorkbook(kind: ExcelKind, ref: RefData | null, Excel: typeof ExcelJS): ExcelJS.Workbook {
  const wb = new Excel.Workbook();
  const sheets = SHEETS[kind].map((s) => {
    const ws = wb.addWorksheet(s.name);
    ws.columns = s.columns;
    ws.getRow(1).font = { bold: true };
    return ws;
  });
  if (!ref) return wb;
  if (kind === 'departments') {
    for (const d of ref.departments) {
      sheets[0]!.addRow({ id: d.id, name: d.name, shortName: d.shortName, phone: d.phone ?? '', status: status(d.active !== false) });
      for (const c of d.contacts ?? [])
        sheets[1]!.addRow({ deptId: d.id, name: c.name, mobile: c.mobile, duty: c.duty ?? '', sms: yesNo(c.sms) });
    }
  } else if (kind === 'catalog') {
    for (const i of ref.catalog) {
      const limit = (g: GradeLimit['grade']) => i.limits.find((l) => l.grade === g);
      sheets[0]!.addRow({
        id: i.id,
        code: i.code,
        name: i.name,
        category: i.category,
        subcategory: i.subcategory ?? '',
        dept: i.defaultDepartmentId,
        normal: limit('normal')?.handleMinutes ?? '',
        important: limit('important')?.handleMinutes ?? '',
        urgent: limit('urgent')?.handleMinutes ?? '',
        urgentNatural: limit('urgent') ? yesNo(limit('urgent')!.natural) : '',
        keywords: i.keywords.join('、'),
      });
    }
  } else {
    for (const u of ref.users)
      sheets[0]!.addRow({
        id: u.id,
        username: u.username,
        name: u.name,
        role: t.enums.roles[u.role],
        unit: u.unitId ?? '',
        status: status(u.active !== false),
      });
  }
  return wb;
}

/** A cell's text, whatever exceljs holds in it (number, rich text, hyperlink, formula result). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
  }
  return '';
}

type Row = { row: number; cells: Record<string, string> };
type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** The data rows of a sheet by column key (blank rows skipped); an error when the sheet or a column is missing. */
function readSheet(wb: ExcelJS.Workbook, s: Sheet, errors: string[]): Row[] {
  const ws = wb.getWorksheet(s.name);
  if (!ws) {
    errors.push(fmt(x.excel.missingSheet, { sheet: s.name }));
    return [];
  }
  const header = ws.getRow(1);
  const at = new Map<string, number>();
  header.eachCell((cell, n) => at.set(cellText(cell.value), n));
  for (const c of s.columns) if (!at.has(c.header)) errors.push(fmt(x.excel.missingColumn, { sheet: s.name, column: c.header }));
  if (errors.length) return [];
  const rows: Row[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const cells: Record<string, string> = {};
    for (const c of s.columns) cells[c.key] = cellText(r.getCell(at.get(c.header)!).value);
    if (Object.values(cells).some((v) => v !== '')) rows.push({ row: n, cells });
  });
  return rows;
}

class RowErrors {
  readonly list: string[] = [];
  constructor(private readonly where: string) {}
  add(row: number, message: string) {
    this.list.push(fmt(x.excel.rowError, { where: this.where, row, message }));
  }
  /** Parse with a schema; the first issue becomes the row's error, named by its column. */
  parse<T>(row: number, schema: z.ZodType<T>, value: unknown, labels: Record<string, string>): T | null {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    const issue = r.error.issues[0]!;
    const label = labels[String(issue.path[0] ?? '')] ?? '';
    this.add(row, hasOwnMessage(issue) ? issueText(issue) : `${label}${issueText(issue)}`);
    return null;
  }
}

const LABELS = {
  dept: { id: col.id, name: col.name, shortName: col.shortName, phone: col.phone },
  contact: { name: col.contactName, mobile: col.mobile, duty: col.duty },
  item: {
    id: col.id,
    code: col.code,
    name: col.itemName,
    category: col.category,
    subcategory: col.subcategory,
    defaultDepartmentId: col.defaultDept,
    keywords: col.keywords,
  },
  user: { id: col.id, username: col.username, name: col.personName, unitId: col.unit },
};

function flag(e: RowErrors, r: Row, key: string, column: string, yes: string, no: string, fallback: boolean): boolean | null {
  const v = r.cells[key]!;
  if (v === '') return fallback;
  if (v === yes) return true;
  if (v === no) return false;
  e.add(r.row, fmt(yes === x.common.yes ? x.excel.yesNo : x.excel.badStatus, { column }));
  return null;
}

function required(e: RowErrors, r: Row, keys: Array<[string, string]>): boolean {
  for (const [key, column] of keys)
    if (r.cells[key] === '') {
      e.add(r.row, fmt(x.excel.required, { column }));
      return false;
    }
  return true;
}

/** Remembers the first row of each value of a column; an error on a repeat. */
function unique(e: RowErrors, seen: Map<string, number>, r: Row, value: string, column: string): boolean {
  const other = seen.get(value);
  if (other !== undefined) {
    e.add(r.row, fmt(x.excel.duplicate, { column, value, other }));
    return false;
  }
  seen.set(value, r.row);
  return true;
}

function parseDepartments(wb: ExcelJS.Workbook, ref: RefData): Parsed<Department[]> {
  const [ds, cs] = SHEETS.departments;
  const fileErrors: string[] = [];
  const deptRows = readSheet(wb, ds!, fileErrors);
  const contactRows = readSheet(wb, cs!, fileErrors);
  if (fileErrors.length) return { ok: false, errors: fileErrors };
  const e = new RowErrors(fmt(x.excel.sheetWhere, { sheet: ds!.name }));
  const ec = new RowErrors(fmt(x.excel.sheetWhere, { sheet: cs!.name }));
  const ids = new Map<string, number>();
  const parsed: Department[] = [];
  for (const r of deptRows) {
    if (
      !required(e, r, [
        ['id', col.id],
        ['name', col.name],
        ['shortName', col.shortName],
      ])
    )
      continue;
    const active = flag(e, r, 'status', col.status, x.common.active, x.common.inactive, true);
    if (active === null || !unique(e, ids, r, r.cells.id!, col.id)) continue;
    const old = ref.departments.find((d) => d.id === r.cells.id);
    const d = e.parse(
      r.row,
      Department,
      {
        ...(old ?? {}),
        id: r.cells.id,
        name: r.cells.name,
        shortName: r.cells.shortName,
        ...(r.cells.phone ? { phone: r.cells.phone } : { phone: undefined }),
        contacts: [],
        ...(active ? { active: undefined } : { active: false }),
      },
      LABELS.dept,
    );
    if (d) parsed.push(stripUndefined(d));
  }
  const byId = new Map(parsed.map((d) => [d.id, d]));
  const known = new Set([...ref.departments.map((d) => d.id), ...byId.keys()]);
  const withContacts = new Map<string, Department>();
  for (const r of contactRows) {
    if (
      !required(ec, r, [
        ['deptId', col.deptId],
        ['name', col.contactName],
        ['mobile', col.mobile],
      ])
    )
      continue;
    if (!known.has(r.cells.deptId!)) {
      ec.add(r.row, fmt(x.excel.unknownDept, { id: r.cells.deptId! }));
      continue;
    }
    const sms = flag(ec, r, 'sms', col.sms, x.common.yes, x.common.no, true);
    if (sms === null) continue;
    const c = ec.parse(
      r.row,
      DepartmentContact,
      { name: r.cells.name, mobile: r.cells.mobile, sms, ...(r.cells.duty ? { duty: r.cells.duty } : {}) },
      LABELS.contact,
    );
    if (!c) continue;
    const base = withContacts.get(r.cells.deptId!) ?? byId.get(r.cells.deptId!) ?? ref.departments.find((d) => d.id === r.cells.deptId)!;
    withContacts.set(base.id, { ...base, contacts: [...(withContacts.has(base.id) ? (base.contacts ?? []) : []), c] });
  }
  const errors = [...e.list, ...ec.list];
  if (errors.length) return { ok: false, errors };
  // Rows add or change; departments not in the file stay as they are.
  for (const [id, d] of withContacts) byId.set(id, d);
  const next = [
    ...ref.departments.map((d) => byId.get(d.id) ?? d),
    ...parsed.filter((d) => !ref.departments.some((o) => o.id === d.id)).map((d) => byId.get(d.id)!),
  ];
  const final = next.map((d) => (d.contacts && d.contacts.length === 0 ? omitContacts(d) : d));
  const problem = departmentsProblem(ref, final, []);
  return problem ? { ok: false, errors: [fmt(x.excel.wholeFile, { message: problem })] } : { ok: true, value: final };
}

function omitContacts(d: Department): Department {
  const { contacts: _c, ...rest } = d;
  return rest;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function parseCatalog(wb: ExcelJS.Workbook, ref: RefData): Parsed<CatalogItem[]> {
  const sheet = SHEETS.catalog[0]!;
  const fileErrors: string[] = [];
  const rows = readSheet(wb, sheet, fileErrors);
  if (fileErrors.length) return { ok: false, errors: fileErrors };
  const e = new RowErrors('');
  const depts = new Map(ref.departments.map((d) => [d.id, d]));
  const ids = new Map<string, number>();
  const codes = new Map<string, number>();
  const items: CatalogItem[] = [];
  for (const r of rows) {
    const c = r.cells;
    if (
      !required(e, r, [
        ['code', col.code],
        ['name', col.itemName],
        ['category', col.category],
        ['dept', col.defaultDept],
      ])
    )
      continue;
    const id = c.id || `item-${c.code}`;
    if (!unique(e, codes, r, c.code!, col.code) || !unique(e, ids, r, id, col.id)) continue;
    const dept = depts.get(c.dept!);
    if (!dept) {
      e.add(r.row, fmt(x.excel.unknownDept, { id: c.dept! }));
      continue;
    }
    const limits: GradeLimit[] = [];
    let bad = false;
    for (const [grade, column] of [
      ['normal', col.normal],
      ['important', col.important],
      ['urgent', col.urgent],
    ] as const) {
      const v = c[grade]!;
      if (v === '') continue;
      if (!/^\d+$/.test(v) || Number(v) <= 0) {
        e.add(r.row, fmt(x.excel.notNumber, { column }));
        bad = true;
        break;
      }
      const natural = grade === 'urgent' ? flag(e, r, 'urgentNatural', col.urgentNatural, x.common.yes, x.common.no, true) : false;
      if (natural === null) {
        bad = true;
        break;
      }
      limits.push({ grade, handleMinutes: Number(v), natural });
    }
    if (bad) continue;
    if (limits.length === 0) {
      e.add(r.row, x.excel.noLimit);
      continue;
    }
    const item = e.parse(
      r.row,
      CatalogItem,
      {
        id,
        code: c.code,
        name: c.name,
        category: c.category,
        ...(c.subcategory ? { subcategory: c.subcategory } : {}),
        defaultDepartmentId: dept.id,
        limits,
        keywords: c.keywords ? c.keywords.split(/[、,，;；\s]+/u).filter(Boolean) : [],
      },
      { ...LABELS.item, limits: col.normal },
    );
    if (item) items.push(item);
  }
  if (e.list.length) return { ok: false, errors: e.list };
  if (items.length === 0)
    return { ok: false, errors: [fmt(x.excel.wholeFile, { message: fmt(x.excel.required, { column: x.sheets.catalog }) })] };
  const problem = catalogItemsProblem(ref, items);
  return problem ? { ok: false, errors: [fmt(x.excel.wholeFile, { message: problem })] } : { ok: true, value: items };
}

function parseUsers(wb: ExcelJS.Workbook, ref: RefData): Parsed<User[]> {
  const sheet = SHEETS.users[0]!;
  const fileErrors: string[] = [];
  const rows = readSheet(wb, sheet, fileErrors);
  if (fileErrors.length) return { ok: false, errors: fileErrors };
  const e = new RowErrors('');
  const roleOf = new Map(UserRole.options.map((r) => [t.enums.roles[r] as string, r]));
  const units = new Set(['centre', ...ref.departments.map((d) => d.id)]);
  const names = new Map<string, number>();
  const parsed: User[] = [];
  for (const r of rows) {
    const c = r.cells;
    if (
      !required(e, r, [
        ['username', col.username],
        ['name', col.personName],
        ['role', col.role],
      ])
    )
      continue;
    const role = roleOf.get(c.role!);
    if (!role) {
      e.add(r.row, fmt(x.excel.badRole, { column: col.role, roles: [...roleOf.keys()].join('、') }));
      continue;
    }
    if (c.unit && !units.has(c.unit)) {
      e.add(r.row, fmt(x.excel.unknownUnit, { id: c.unit }));
      continue;
    }
    const active = flag(e, r, 'status', col.status, x.common.active, x.common.inactive, true);
    if (active === null || !unique(e, names, r, c.username!.toLowerCase(), col.username)) continue;
    const old = ref.users.find((u) => (c.id ? u.id === c.id : u.username.toLowerCase() === c.username!.toLowerCase()));
    const u = e.parse(
      r.row,
      User,
      {
        ...(old ?? {}),
        id: c.id || old?.id || `u-${c.username}`,
        username: c.username,
        name: c.name,
        role,
        ...(c.unit ? { unitId: c.unit } : {}),
        active,
      },
      LABELS.user,
    );
    if (u) parsed.push(u);
  }
  if (e.list.length) return { ok: false, errors: e.list };
  const byId = new Map(parsed.map((u) => [u.id, u]));
  const next = [...ref.users.map((u) => byId.get(u.id) ?? u), ...parsed.filter((u) => !ref.users.some((o) => o.id === u.id))];
  const problem = usersProblem(ref, next);
  return problem ? { ok: false, errors: [fmt(x.excel.wholeFile, { message: problem })] } : { ok: true, value: next };
}

export type ParsedImport =
  | { ok: true; kind: 'departments'; value: Department[] }
  | { ok: true; kind: 'catalog'; value: CatalogItem[] }
  | { ok: true; kind: 'users'; value: User[] }
  | { ok: false; errors: string[] };

/** Reads a filled workbook of `kind` against the reference data: the whole new list, or every error. */
export async function parseRefWorkbook(kind: ExcelKind, bytes: ArrayBuffer, ref: RefData, Excel: typeof ExcelJS): Promise<ParsedImport> {
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(bytes);
  } catch {
    return { ok: false, errors: [x.excel.unreadable] };
  }
  if (kind === 'departments') {
    const r = parseDepartments(wb, ref);
    return r.ok ? { ok: true, kind, value: r.value } : r;
  }
  if (kind === 'catalog') {
    const r = parseCatalog(wb, ref);
    return r.ok ? { ok: true, kind, value: r.value } : r;
  }
  const r = parseUsers(wb, ref);
  return r.ok ? { ok: true, kind, value: r.value } : r;
}

/** What an import changes, by id: for the preview. */
export function importSummary<T extends { id: string; active?: boolean | undefined }>(
  before: readonly T[],
  after: readonly T[],
): { added: T[]; changed: T[]; deactivated: T[]; removed: T[] } {
  const old = new Map(before.map((i) => [i.id, i]));
  const now = new Set(after.map((i) => i.id));
  const added: T[] = [];
  const changed: T[] = [];
  const deactivated: T[] = [];
  for (const i of after) {
    const o = old.get(i.id);
    if (!o) added.push(i);
    else if (i.active === false && o.active !== false) deactivated.push(i);
    else if (stable(o) !== stable(i)) changed.push(i);
  }
  return { added, changed, deactivated, removed: before.filter((i) => !now.has(i.id)) };
}

/** JSON with keys sorted (objects built in another order compare equal). */
function stable(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => (a < b ? -1 : 1)))
      : val,
  );
}

/** exceljs, loaded on first use (a large module; only these screens need it). */
export async function loadExcel(): Promise<typeof ExcelJS> {
  const mod = await import('exceljs');
  return ((mod as unknown as { default?: typeof ExcelJS }).default ?? mod) as typeof ExcelJS;
}
