/** Import of a holiday year (the State Council's notice as JSON): validated, then saved by an admin. */
import { useState } from 'react';
import { Alert, Button, Card, Input, Typography } from 'antd';
import type { CalendarConfig, HolidayYear } from '../../../shared/calendar/types.js';
import { withHolidayYear } from '../../../shared/calendar/config.js';
import { importHolidayYear } from '../../../shared/calendar/holidays.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { useSaveCalendar } from './calendarAdmin.js';

export function HolidayImport({ calendar, canSave }: { calendar: CalendarConfig; canSave: boolean }) {
  const save = useSaveCalendar();
  const [saving, setSaving] = useState(false);
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ ok: true; y: HolidayYear } | { ok: false; message: string } | null>(null);
  const validate = () => {
    try {
      setResult({ ok: true, y: importHolidayYear(JSON.parse(text) as unknown) });
    } catch (e) {
      setResult({ ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <Card size="small" title={t.reference.importYear} className="ref-card" data-testid="holiday-import">
      <Typography.Paragraph type="secondary">{t.reference.importHint}</Typography.Paragraph>
      <Input.TextArea rows={5} value={text} onChange={(e) => setText(e.target.value)} data-testid="holiday-json" className="mono" />
      <Button style={{ marginTop: 8 }} onClick={validate} disabled={!text.trim()} data-testid="holiday-validate">
        {t.reference.validate}
      </Button>
      {result?.ok === true && (
        <Alert
          style={{ marginTop: 8 }}
          type="success"
          showIcon
          data-testid="holiday-valid"
          title={fmt(t.reference.valid, { year: result.y.year, h: result.y.holidays.length, m: result.y.makeupWorkdays.length })}
          description={
            canSave ? (
              <Button
                type="primary"
                loading={saving}
                data-testid="holiday-save"
                onClick={() => {
                  setSaving(true);
                  // withHolidayYear re-checks the year; a refusal shows as an invalid import.
                  let next: CalendarConfig;
                  try {
                    next = withHolidayYear(calendar, result.y);
                  } catch (e) {
                    setResult({ ok: false, message: e instanceof Error ? e.message : String(e) });
                    setSaving(false);
                    return;
                  }
                  void save(next).then((saved) => {
                    setSaving(false);
                    if (saved) setResult(null);
                  });
                }}
              >
                {t.reference.saveYear}
              </Button>
            ) : (
              t.reference.importNotSaved
            )
          }
        />
      )}
      {result?.ok === false && (
        <Alert
          style={{ marginTop: 8 }}
          type="error"
          showIcon
          data-testid="holiday-invalid"
          title={fmt(t.reference.invalid, { message: '' })}
          description={<pre className="problems">{result.message}</pre>}
        />
      )}
    </Card>
  );
}
