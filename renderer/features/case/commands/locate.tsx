/** 标注位置: pick or correct the case's position on the map; optionally move it to the located grid. */
import { useMemo } from 'react';
import { Checkbox, Form, Typography } from 'antd';
import { divisionInForce } from '../../../../shared/geo/index.js';
import { localDay } from '../../../../shared/calendar/localDay.js';
import { GridMap, type MapPoint } from '../../map/index.js';
import { streetOffset } from '../../../lib/format.js';
import { t, fmt } from '../../../i18n/zh-CN.js';
import { NoteField } from './fields.js';
import type { CommandFieldsProps, CommandFormSpec } from './types.js';

type LonLat = { lon: number; lat: number };

function LocateFields({ caseState, form, ref }: CommandFieldsProps) {
  const picked = Form.useWatch('location', form) as LonLat | undefined;
  const division = useMemo(() => {
    if (!ref?.divisions?.length) return null;
    return divisionInForce(ref.divisions, localDay(caseState.reportedAt, streetOffset(ref.calendar))) ?? ref.divisions.at(-1) ?? null;
  }, [ref, caseState.reportedAt]);
  const grids = useMemo(() => (division?.grids ?? []).map((g) => ({ code: g.code, name: g.name, boundary: g.boundary })), [division]);
  const points = useMemo<MapPoint[]>(
    () => (picked ? [{ id: 'picked', lon: picked.lon, lat: picked.lat, state: 'none', code: caseState.code, title: caseState.title }] : []),
    [picked, caseState.code, caseState.title],
  );
  const focus = picked ?? caseState.location;
  return (
    <>
      <Form.Item name="location" hidden>
        <input type="hidden" />
      </Form.Item>
      <Form.Item label={t.form.locateField} required extra={t.form.locateHint}>
        <div style={{ height: 300, border: '1px solid #dfe5ee', borderRadius: 4, overflow: 'hidden' }} data-testid="locate-map-box">
          <GridMap
            outline={division?.streetOutline}
            grids={grids}
            points={points}
            selectedId="picked"
            focus={focus}
            focusZoom={17}
            onPick={(p) => form.setFieldValue('location', p)}
            clusterRadius={0}
            testId="locate-map"
          />
        </div>
      </Form.Item>
      <Typography.Paragraph type="secondary" data-testid="locate-picked">
        {picked ? fmt(t.form.locatePicked, { lon: picked.lon.toFixed(6), lat: picked.lat.toFixed(6) }) : t.form.locateNone}
      </Typography.Paragraph>
      <Form.Item name="useLocatedGrid" valuePropName="checked">
        <Checkbox data-testid="f-useLocatedGrid">{t.form.locateUseGrid}</Checkbox>
      </Form.Item>
      <NoteField />
    </>
  );
}

export const locate: CommandFormSpec = {
  Fields: LocateFields,
  initial: ({ caseState }) => ({
    ...(caseState.location ? { location: caseState.location } : {}),
    useLocatedGrid: caseState.gridCheck?.locatedGridId !== undefined,
  }),
};
