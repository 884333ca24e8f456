/** Intake commands: accept (受理), reject (不予受理), self-handle (自行处置). */
import { useMemo } from 'react';
import { Form, Input, Radio, Select, Tag } from 'antd';
import { suggestCatalogItems } from '../../../../shared/engine/catalogSuggest.js';
import { t, fmt } from '../../../i18n/zh-CN.js';
import { textArea } from './fields.js';
import { LocationPicker, locationInitial } from './location.js';
import type { CommandFieldsProps, CommandFormSpec } from './types.js';

function AcceptFields({ ref, caseState, form }: CommandFieldsProps) {
  const suggestions = useMemo(
    () => suggestCatalogItems(`${caseState.title} ${caseState.description}`, ref?.catalog ?? []),
    [caseState.title, caseState.description, ref],
  );
  const chosen = Form.useWatch('catalogItemId', form) as string | undefined;
  return (
    <>
      <Form.Item
        name="catalogItemId"
        label={t.form.catalogItem}
        required
        extra={
          suggestions.length > 0 ? (
            <div data-testid="catalog-suggestions">
              {t.form.catalogSuggested}
              {suggestions.map((s) => (
                <Tag.CheckableTag
                  key={s.item.id}
                  checked={chosen === s.item.id}
                  onChange={() => form.setFieldValue('catalogItemId', s.item.id)}
                  data-testid="catalog-suggestion"
                  data-item={s.item.code}
                >
                  {fmt(t.form.catalogSuggestion, { code: s.item.code, name: s.item.name, words: s.matched.join('、') })}
                </Tag.CheckableTag>
              ))}
            </div>
          ) : null
        }
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={(ref?.catalog ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}（${c.category}）` }))}
          data-testid="f-catalogItemId"
        />
      </Form.Item>
      <Form.Item name="grade" label={t.form.grade} required>
        <Radio.Group
          optionType="button"
          options={(['urgent', 'important', 'normal'] as const).map((g) => ({ value: g, label: t.enums.grades[g] }))}
          data-testid="f-grade"
        />
      </Form.Item>
      {ref?.divisions?.length ? <LocationPicker caseState={caseState} form={form} ref={ref} required={false} height={240} /> : null}
      <Form.Item name="note" label={t.form.note}>
        {textArea(2)}
      </Form.Item>
    </>
  );
}

/** A required reason (reject, and the park request of the handling commands). */
export function ReasonFields() {
  return (
    <Form.Item name="reason" label={t.form.reason} required>
      <Input.TextArea rows={3} maxLength={2000} data-testid="f-reason" />
    </Form.Item>
  );
}

function SelfHandleFields() {
  return (
    <Form.Item name="note" label={t.form.note} required>
      <Input.TextArea rows={3} maxLength={2000} data-testid="f-note" />
    </Form.Item>
  );
}

export const accept: CommandFormSpec = {
  Fields: AcceptFields,
  initial: ({ caseState, lk }) => {
    // The case's item, else the one its text suggests most (the dispatcher confirms or changes it).
    const item = caseState.catalogItemId
      ? lk.catalog.get(caseState.catalogItemId)
      : suggestCatalogItems(`${caseState.title} ${caseState.description}`, [...lk.catalog.values()], 1)[0]?.item;
    return {
      catalogItemId: caseState.catalogItemId ?? item?.id,
      grade: caseState.grade ?? (item ? item.limits[0]?.grade : undefined),
      ...locationInitial(caseState),
    };
  },
};
export const reject: CommandFormSpec = { Fields: ReasonFields };
export const selfHandle: CommandFormSpec = { Fields: SelfHandleFields };
