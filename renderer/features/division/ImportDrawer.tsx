/**
 * Import and file a division (admin): a GeoJSON file or a zipped Shapefile, its stated coordinate system
 * (never guessed), the attribute mapping and the effective date; every problem is listed and drawn on the
 * map, and 备案 is possible only when there is none. The relay checks it again before it takes effect.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Form, List, Select, Space, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { FeatureCollection } from 'geojson';
import { importGeoJson, validateDivision, type Crs, type Division, type ImportProblem } from '../../../shared/geo/index.js';
import type { RefData } from '../../../shared/refData.js';
import { useApi } from '../../store/hooks.js';
import { GridMap } from '../map/index.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { divisionLayers } from './layers.js';

const d = t.division;
const CRS_OPTIONS: Crs[] = ['CGCS2000', 'WGS84', 'GCJ02', 'BD09'];

interface Loaded {
  name: string;
  collection: FeatureCollection;
  fields: string[];
}

/** Read a .geojson/.json text or a .zip Shapefile into a FeatureCollection (shpjs for the zip). */
async function readFile(file: File): Promise<Loaded> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  let collection: unknown;
  if (isZip) {
    const { parseZip } = await import('shpjs');
    const parsed = await parseZip(bytes);
    if (Array.isArray(parsed)) throw new Error(fmt(d.readFailed, { message: parsed.map((p) => p.fileName ?? '?').join('、') }));
    collection = parsed;
  } else {
    const text = new TextDecoder('utf-8').decode(bytes);
    collection = JSON.parse(text) as unknown;
  }
  const fc = collection as FeatureCollection;
  const fields = new Set<string>();
  for (const f of (Array.isArray(fc?.features) ? fc.features : []).slice(0, 50)) for (const k of Object.keys(f?.properties ?? {})) fields.add(k);
  return { name: file.name, collection: fc, fields: [...fields] };
}

/** A field whose name looks like `words` (first match), for a sensible preselection the admin can change. */
function guess(fields: string[], words: readonly string[]): string | undefined {
  return fields.find((f) => words.some((w) => f.toLowerCase().includes(w)));
}

interface FormValues {
  crs?: Crs;
  codeField?: string;
  nameField?: string;
  communityField?: string;
  gridWorkerField?: string;
  effectiveFrom?: Dayjs;
}

/** Problems of the file itself (a feature without a code, a point instead of a polygon), kept as they are. */
const FILE_PROBLEMS = new Set<ImportProblem['kind']>(['wrongGeometryType', 'missingAttribute']);

/**
 * A grid layer alone does not say where the street ends: a missing grid at the edge would only move the
 * derived outline. The street outline (and the community boundaries) of the division in force stay, so a
 * grid missing anywhere is a gap; the draft is checked again against them.
 */
function againstFiled(draft: Division, problems: ImportProblem[], filed: Division | null, ref: RefData): { draft: Division; problems: ImportProblem[] } {
  if (!filed) return { draft, problems };
  const next: Division = { ...draft, streetOutline: filed.streetOutline, communities: filed.communities };
  const checked = validateDivision(next, { gridCodeRule: ref.gridCodeRule, gridWorkers: ref.gridWorkers });
  return { draft: next, problems: [...problems.filter((p) => FILE_PROBLEMS.has(p.kind)), ...checked] };
}

export function ImportDrawer({ ref_: ref, filed, onClose }: { ref_: RefData; filed: Division | null; onClose: () => void }) {
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ draft: Division; problems: ImportProblem[] } | null>(null);
  const [focus, setFocus] = useState<number | null>(null);
  const [busy, setBusy] = useState<'check' | 'file' | null>(null);

  const onFile = async (file: File) => {
    setError(null);
    setResult(null);
    try {
      const l = await readFile(file);
      setLoaded(l);
      form.setFieldsValue({
        codeField: guess(l.fields, d.fieldHints.code),
        nameField: guess(l.fields, d.fieldHints.name),
        communityField: guess(l.fields, d.fieldHints.community),
        gridWorkerField: guess(l.fields, d.fieldHints.worker),
      });
    } catch (e) {
      setLoaded(null);
      setError(fmt(d.readFailed, { message: e instanceof Error ? e.message : String(e) }));
    }
    return false;
  };

  const check = async () => {
    const v = await form.validateFields();
    if (!loaded) return setError(d.needFile);
    setBusy('check');
    setError(null);
    // Let the busy state paint before the geometry checks take the thread.
    await new Promise((r) => setTimeout(r, 0));
    const effectiveFrom = v.effectiveFrom!.format('YYYY-MM-DD');
    const out = importGeoJson(loaded.collection, {
      crs: v.crs,
      mapping: { codeField: v.codeField!, ...(v.nameField ? { nameField: v.nameField } : {}), ...(v.communityField ? { communityField: v.communityField } : {}), ...(v.gridWorkerField ? { gridWorkerField: v.gridWorkerField } : {}) },
      communities: ref.communities,
      grids: ref.grids,
      division: { id: `div-${effectiveFrom}`, version: 1, effectiveFrom },
      validate: { gridCodeRule: ref.gridCodeRule, gridWorkers: ref.gridWorkers },
    });
    setBusy(null);
    setFocus(null);
    if (!out.ok) {
      setResult(null);
      setError(out.error.message);
      return;
    }
    setResult(againstFiled(out.draft, out.problems, filed, ref));
  };

  const file = async () => {
    if (!result || result.problems.length > 0) return;
    setBusy('file');
    try {
      const out = await api.call('ref.fileDivision', { division: result.draft });
      void message.success(fmt(d.filed, { v: out.version, a: out.gridsAdded, r: out.gridsRetired }));
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const layers = useMemo(() => (result ? divisionLayers(result.draft, ref) : null), [result, ref]);
  const problemPlaces = useMemo(
    () => (result ? result.problems.map((p) => p.geometry).filter((g): g is NonNullable<typeof g> => g !== undefined) : []),
    [result],
  );
  const focused = focus !== null ? result?.problems[focus]?.geometry : undefined;

  return (
    <Drawer open width="min(1400px, 96vw)" title={d.importTitle} onClose={onClose} data-testid="division-import-drawer" destroyOnHidden>
      <div style={{ display: 'flex', gap: 16, height: '100%' }}>
        <div style={{ width: 380, flex: 'none', overflow: 'auto' }}>
          {filed ? <Typography.Paragraph type="secondary">{fmt(d.outlineKept, { v: filed.version })}</Typography.Paragraph> : null}
          <Form form={form} layout="vertical" requiredMark>
            <Form.Item label={d.step1} required>
              <Upload accept=".geojson,.json,.zip" maxCount={1} showUploadList={false} beforeUpload={(f) => onFile(f)}>
                <Button icon={<UploadOutlined />} data-testid="division-file">
                  {d.chooseFile}
                </Button>
              </Upload>
              {loaded ? (
                <div style={{ marginTop: 6 }} data-testid="division-file-loaded">
                  {fmt(d.fileLoaded, { name: loaded.name, n: loaded.collection.features?.length ?? 0 })}
                </div>
              ) : null}
            </Form.Item>
            <Form.Item name="crs" label={d.step2} rules={[{ required: true, message: d.needCrs }]}>
              <Select data-testid="division-crs" placeholder={d.crsPlaceholder} options={CRS_OPTIONS.map((c) => ({ value: c, label: d.crs[c] }))} />
            </Form.Item>
            <Typography.Text strong>{d.step3}</Typography.Text>
            {(
              [
                ['codeField', d.codeField, true],
                ['nameField', d.nameField, false],
                ['communityField', d.communityField, false],
                ['gridWorkerField', d.workerField, false],
              ] as const
            ).map(([name, label, required]) => (
              <Form.Item key={name} name={name} label={label} rules={required ? [{ required: true, message: d.needCode }] : []} style={{ marginBottom: 8 }}>
                <Select allowClear data-testid={`division-${name}`} placeholder={d.fieldPlaceholder} options={(loaded?.fields ?? []).map((f) => ({ value: f, label: f }))} />
              </Form.Item>
            ))}
            <Form.Item name="effectiveFrom" label={d.step4} rules={[{ required: true, message: d.needDate }]}>
              <DatePicker data-testid="division-effective" />
            </Form.Item>
            <Space>
              <Button onClick={() => void check()} loading={busy === 'check'} disabled={!loaded} data-testid="division-check">
                {d.check}
              </Button>
              <Button
                type="primary"
                onClick={() => void file()}
                loading={busy === 'file'}
                disabled={!result || result.problems.length > 0}
                data-testid="division-file-submit"
              >
                {d.file}
              </Button>
            </Space>
          </Form>
          {error ? <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="division-error" /> : null}
          {result ? (
            result.problems.length === 0 ? (
              <Alert style={{ marginTop: 12 }} type="success" showIcon title={fmt(d.noProblems, { n: result.draft.grids.length })} data-testid="division-valid" />
            ) : (
              <>
                <Alert style={{ marginTop: 12 }} type="warning" showIcon title={fmt(d.problems, { n: result.problems.length })} data-testid="division-problems-head" />
                <List
                  size="small"
                  data-testid="division-problems"
                  dataSource={result.problems}
                  renderItem={(p, i) => (
                    <List.Item
                      style={{ cursor: p.geometry ? 'pointer' : undefined, background: focus === i ? '#fff1f0' : undefined }}
                      onClick={() => p.geometry && setFocus(i)}
                      data-testid="division-problem"
                      data-kind={p.kind}
                    >
                      <div>
                        <Tag color="magenta">{d.problemKinds[p.kind]}</Tag>
                        {p.message}
                      </div>
                    </List.Item>
                  )}
                />
              </>
            )
          ) : null}
        </div>
        <div style={{ flex: 1, minWidth: 0, border: '1px solid #dfe5ee', borderRadius: 6, overflow: 'hidden' }}>
          {layers && result ? (
            <GridMap
              outline={result.draft.streetOutline}
              communities={layers.communities}
              grids={layers.grids}
              problems={problemPlaces}
              fitTo={focused}
              testId="division-preview-map"
            />
          ) : null}
        </div>
      </div>
    </Drawer>
  );
}
