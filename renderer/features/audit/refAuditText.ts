/**
 * The words of a reference-data entry of the operation log (shared/refAudit.ts RefAuditWhat): e.g.
 * 修改部门“城管科”联络员, 审定发布指导目录第 3 版, 重置用户“zhangsan”密码. The page and the Excel export
 * share it. Only names of subjects and fields appear: the entry carries no values.
 */
import type { RefAuditWhat } from '../../../shared/refAudit.js';
import { t, fmt } from '../../i18n/zh-CN.js';

export function refSectionLabel(section: string): string {
  return t.audit.sections[section] ?? section;
}

function fieldsText(fields: readonly string[] | undefined): string {
  return (fields ?? []).map((f) => t.audit.fields[f] ?? f).join(t.audit.fieldJoin);
}

/** One line of what changed. */
export function refWhatText(w: RefAuditWhat): string {
  const o = t.audit.ops;
  const kinds = t.assessment.kinds as Record<string, string>;
  const v = {
    section: refSectionLabel(w.section),
    name: w.op === 'save' ? (kinds[w.name ?? ''] ?? w.name ?? '') : (w.name ?? ''),
    fields: fieldsText(w.fields),
    version: w.version ?? '',
    count: w.count ?? 0,
  };
  const named = w.name !== undefined;
  switch (w.op) {
    case 'add':
      return fmt(named ? o.add : o.addUnnamed, v);
    case 'update':
      return fmt(named ? o.update : o.updateUnnamed, v);
    case 'remove':
      return fmt(named ? o.remove : o.removeUnnamed, v);
    case 'replace':
      return fmt(w.count !== undefined ? o.replace : o.replaceWhole, v);
    case 'save':
      return fmt(o.save, { ...v, version: w.version !== undefined ? fmt(o.saveVersion, v) : '' });
    case 'approve':
      return fmt(w.version !== undefined ? o.approve : o.approveUnnumbered, v);
    default:
      return fmt(o[w.op], v);
  }
}

/** Every line of an entry, joined. */
export function refAuditText(what: readonly RefAuditWhat[]): string {
  return what.map(refWhatText).join(t.audit.lineJoin);
}
