/** The map picker of a position, shared by 标注位置 and 受理: the grid follows with 按位置调整所属网格. */
import { useMemo } from 'react';
import { Checkbox, Form, Typography } from 'antd';
import { divisionInForce } from '../../../../shared/geo/index.js';
import { localDay } from '../../../../shared/calendar/localDay.js';
import type { GridEvent } from '../../../../shared/gridEvent.js';
import { GridMap, type MapPoint } from '../../map/index.js';
import { streetOffset } from '../../../lib/format.js';
import { t, fmt } from '../../../i18n/zh-CN.js';
import type { CommandFieldsProps } from './types.js';

type LonLat = { lon: number; lat: number };
/** What the picker reads of the case (a case being registered has no timeline yet). */
type PlacedCase = Pick<GridEvent, 'reportedAt' | 'code' | 'title' | 'location'>;

/** The division in force on the case's report day (the last filed when none is in force yet), or null. */
export function useCaseDivision(ref: CommandFieldsProps['ref'], caseState: PlacedCase) {
  return useMemo(() => {
    if (!ref?.divisions?.length) return null;
    return divisionInForce(ref.divisions, localDay(caseState.reportedAt, streetOffset(ref.calendar))) ?? ref.divisions.at(-1) ?? null;
  }, [ref, caseState.reportedAt]);
}

/** Fields `location` and `useLocatedGrid`: click the map to pick; `required` for 标注位置, optional at acceptance. */
export function LocationPicker({
  caseState,
  form,
  ref,
  required,
  height = 300,
  gridChoice = true,
}: Pick<CommandFieldsProps, 'form' | 'ref'> & {
  caseState: PlacedCase;
  required: boolean;
  height?: number;
  /** Offer 按位置调整所属网格 (off where the form's grid follows the point by itself). */
  gridChoice?: boolean;
}) {
  const picked = Form.useWatch('location', form) as LonLat | undefined;
  const division = useCaseDivision(ref, caseState);
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
      <Form.Item label={required ? t.form.locateField : t.form.locateFieldOptional} required={required} extra={t.form.locateHint}>
        <div style={{ height, border: '1px solid #dfe5ee', borderRadius: 4, overflow: 'hidden' }} data-testid="locate-map-box">
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
      {gridChoice ? (
        <Form.Item name="useLocatedGrid" valuePropName="checked">
          <Checkbox data-testid="f-useLocatedGrid">{t.form.locateUseGrid}</Checkbox>
        </Form.Item>
      ) : null}
    </>
  );
}

/** The starting values of the picker: the case's position, and the grid move when its report was flagged. */
export function locationInitial(caseState: GridEvent) {
  return {
    ...(caseState.location ? { location: caseState.location } : {}),
    useLocatedGrid: caseState.gridCheck?.locatedGridId !== undefined,
  };
}
