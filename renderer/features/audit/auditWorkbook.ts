/** The operation log as an Excel sheet (exceljs): one row per entry (case or reference data), in the columns of the page. */
import type ExcelJS from 'exceljs';
import type { AuditRow } from '../../../shared/api.js';
import { formatLocal } from '../../../shared/calendar/localDay.js';
import { t } from '../../i18n/zh-CN.js';
import { refAuditText, refSectionLabel } from './refAuditText.js';

export function buildAuditWorkbook(
  rows: readonly AuditRow[],
  unitName: (id: string | undefined) => string,
  offsetMinutes: number,
  Excel: typeof ExcelJS,
): ExcelJS.Workbook {
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet(t.audit.sheet);
  const c = t.audit.columns;
  ws.columns = [
    { header: c.at, key: 'at', width: 18 },
    { header: c.user, key: 'user', width: 14 },
    { header: c.role, key: 'role', width: 12 },
    { header: c.unit, key: 'unit', width: 16 },
    { header: c.kind, key: 'kind', width: 10 },
    { header: c.type, key: 'type', width: 16 },
    { header: c.code, key: 'code', width: 22 },
    { header: c.note, key: 'note', width: 50 },
  ];
  for (const r of rows) {
    ws.addRow({
      at: formatLocal(r.at, { utcOffsetMinutes: offsetMinutes }).slice(0, 16),
      user: r.actor?.name ?? t.audit.system,
      role: r.actor ? t.enums.actorRoles[r.actor.role] : '',
      unit: r.actor?.unitId === undefined && !r.actor ? '' : unitName(r.actor?.unitId),
      kind: t.audit.kinds[r.kind],
      type: r.kind === 'ref' ? refSectionLabel(r.section) : t.enums.events[r.type],
      code: r.kind === 'ref' ? '' : r.code,
      note: r.kind === 'ref' ? refAuditText(r.what) : (r.note ?? ''),
    });
  }
  ws.getRow(1).font = { bold: true };
  return wb;
}
