/**
 * Admin editing of the working calendar: office hours per weekday, on make-up days and the warning ratio;
 * saving an imported holiday year; adding/removing ad-hoc closures. Each save sends the whole new calendar section to the relay ('ref.update', online only), then
 * reloads the reference data so the page shows what the relay logged.
 */
import { useState } from 'react';
import { App, Button, DatePicker, Input, InputNumber, Popconfirm, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { CalendarConfig } from '../../../shared/calendar/types.js';
import { withClosure } from '../../../shared/calendar/config.js';
import { formatOfficeHours, parseOfficeHours, withOfficeHours, type Interval } from '../../../shared/calendar/officeHours.js';
import { useAppDispatch } from '../../store/hooks.js';
import { saveRefChange } from '../ref/index.js';
import { t, fmt } from '../../i18n/zh-CN.js';

/** Saves a new calendar on the relay and reloads the reference data. */
export const saveCalendar = (value: CalendarConfig) => saveRefChange({ section: 'calendar', value });

/** Runs a calendar save and reports it with antd message; resolves true when saved. */
export function useSaveCalendar(): (value: CalendarConfig) => Promise<boolean> {
  const dispatch = useAppDispatch();
  const { message } = App.useApp();
  return async (value) => {
    try {
      const out = await dispatch(saveCalendar(value)).unwrap();
      void message.success(fmt(t.reference.saved, { seq: out.seq ?? '' }));
      return true;
    } catch (e) {
      void message.error(fmt(t.reference.saveFailed, { message: (e as { message?: string }).message ?? String(e) }));
      return false;
    }
  };
}

/** A picked wall-clock time as an instant in the street's time zone (not the machine's). */
function streetInstant(d: Dayjs, utcOffsetMinutes: number): number {
  return Date.UTC(d.year(), d.month(), d.date(), d.hour(), d.minute()) - utcOffsetMinutes * 60_000;
}

export function ClosureForm({ calendar, createdBy }: { calendar: CalendarConfig; createdBy: string }) {
  const save = useSaveCalendar();
  const { message } = App.useApp();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const add = async () => {
    if (!range?.[0] || !range[1]) return;
    let next: CalendarConfig;
    try {
      next = withClosure(calendar, {
        id: `closure-${Date.now().toString(36)}`,
        from: streetInstant(range[0], calendar.utcOffsetMinutes),
        to: streetInstant(range[1], calendar.utcOffsetMinutes),
        reason: reason.trim(),
        createdBy,
      });
    } catch (e) {
      void message.error(fmt(t.reference.closureInvalid, { message: e instanceof Error ? e.message : String(e) }));
      return;
    }
    setBusy(true);
    if (await save(next)) {
      setRange(null);
      setReason('');
    }
    setBusy(false);
  };
  return (
    <Space wrap style={{ marginTop: 8 }} data-testid="closure-form">
      <DatePicker.RangePicker
        showTime={{ format: 'HH:mm' }}
        format="YYYY-MM-DD HH:mm"
        value={range}
        onChange={(v) => setRange(v)}
        placeholder={[t.reference.from, t.reference.to]}
        aria-label={t.reference.closureRange}
        data-testid="closure-range"
      />
      <Input
        style={{ width: 280 }}
        maxLength={200}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t.reference.closureReason}
        data-testid="closure-reason"
      />
      <Button
        type="primary"
        loading={busy}
        disabled={!range?.[0] || !range[1] || !reason.trim()}
        onClick={() => void add()}
        data-testid="closure-add"
      >
        {t.reference.addClosure}
      </Button>
    </Space>
  );
}

export function RemoveClosure({ onConfirm, id }: { onConfirm: () => Promise<unknown>; id: string }) {
  return (
    <Popconfirm title={t.reference.removeConfirm} onConfirm={() => onConfirm()}>
      <Button size="small" danger data-testid={`closure-remove-${id}`}>
        {t.reference.removeClosure}
      </Button>
    </Popconfirm>
  );
}

/**
 * Office hours as text, one line per weekday (Sunday first) and one for make-up working days, and the
 * warning ratio in per cent. Each line is checked by parseOfficeHours when saving (the wrong part named
 * under it); the admin confirms that open cases' deadlines will be recalculated before it is sent.
 */
export function OfficeHoursForm({ calendar, onDone }: { calendar: CalendarConfig; onDone: () => void }) {
  const save = useSaveCalendar();
  const { modal, message } = App.useApp();
  const labels = [...t.reference.weekdays, t.reference.makeupHours];
  const [texts, setTexts] = useState<string[]>(() => [...calendar.officeHours, calendar.makeupDayHours].map((d) => formatOfficeHours(d)));
  const [errors, setErrors] = useState<Array<string | null>>(() => labels.map(() => null));
  const [warnPct, setWarnPct] = useState<number | null>(Math.round(calendar.warnRatio * 100));
  const [busy, setBusy] = useState(false);
  const submit = () => {
    const days: Interval[][] = [];
    const errs = texts.map((text) => {
      try {
        days.push(parseOfficeHours(text));
        return null;
      } catch (e) {
        days.push([]);
        return e instanceof Error ? e.message : String(e);
      }
    });
    setErrors(errs);
    if (errs.some((e) => e !== null) || warnPct === null) {
      void message.error({ content: t.reference.hoursInvalid, key: 'hours-invalid' });
      return;
    }
    message.destroy('hours-invalid');
    const next = withOfficeHours(calendar, { officeHours: days.slice(0, 7), makeupDayHours: days[7]!, warnRatio: warnPct / 100 });
    modal.confirm({
      title: t.reference.confirmHoursTitle,
      content: t.reference.confirmHoursBody,
      okText: t.reference.confirmHoursOk,
      cancelText: t.reference.cancel,
      onOk: async () => {
        setBusy(true);
        const saved = await save(next);
        setBusy(false);
        if (saved) onDone();
      },
    });
  };
  return (
    <div data-testid="hours-form">
      <Typography.Paragraph type="secondary">{t.reference.hoursHint}</Typography.Paragraph>
      <div className="hours-form-grid">
        {labels.map((label, i) => (
          <label key={label} className="hours-form-row">
            <span className="hours-form-label">{label}</span>
            <span>
              <Input
                value={texts[i]}
                status={errors[i] ? 'error' : undefined}
                onChange={(e) => {
                  setTexts((prev) => prev.map((x, j) => (j === i ? e.target.value : x)));
                  setErrors((prev) => prev.map((x, j) => (j === i ? null : x)));
                }}
                data-testid={`hours-${i}`}
                aria-label={label}
              />
              {errors[i] && (
                <Typography.Text type="danger" data-testid={`hours-error-${i}`}>
                  {errors[i]}
                </Typography.Text>
              )}
            </span>
          </label>
        ))}
        <label className="hours-form-row">
          <span className="hours-form-label">{t.reference.warnPct}</span>
          <InputNumber
            min={1}
            max={99}
            precision={0}
            value={warnPct}
            onChange={(v) => setWarnPct(v)}
            data-testid="hours-warn"
            aria-label={t.reference.warnPct}
          />
        </label>
      </div>
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" loading={busy} onClick={submit} data-testid="hours-save">
          {t.reference.saveHours}
        </Button>
        <Button onClick={onDone} data-testid="hours-cancel">
          {t.reference.cancel}
        </Button>
      </Space>
    </div>
  );
}
