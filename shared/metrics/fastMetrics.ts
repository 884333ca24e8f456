/**
 * metricsFromFacts for many facts at once, with exactly its values: each metric's numerator/denominator
 * predicate is evaluated by compute.ts itself — metricsFromFacts over one probe fact per distinct "shape"
 * (the counts, rated, satisfied, departmentHandled: what the predicates read) — and then only counted.
 * Handling minutes are summed in the facts' order, as valueOf sums them. Proven equal to metricsFromFacts
 * by fastMetrics.test.ts and factRecord.test.ts.
 */
import type { MetricValue } from '../api.js';
import { metricsFromFacts, type CaseFacts } from './compute.js';
import { COUNT_METRIC_IDS, METRIC_DEFINITIONS, type CountMetricId } from './definitions.js';

const N = METRIC_DEFINITIONS.length;
const SHAPES = 1 << (COUNT_METRIC_IDS.length + 3);
const COUNT_IDS: readonly CountMetricId[] = [...COUNT_METRIC_IDS];
const HOURS = METRIC_DEFINITIONS.findIndex((d) => d.unit === 'hours');

/** Per shape: bit i set when metric i counts the fact in its numerator / denominator (0 = not computed yet). */
const numMask = new Int32Array(SHAPES);
const denMask = new Int32Array(SHAPES);
const known = new Uint8Array(SHAPES);

/** Shapes by counts object: a period's facts keep their counts object through every grouping but the
 * department one (which copies the counts it changes), so each is read once. */
const shapeCache = new WeakMap<object, number>();

function shapeOf(f: CaseFacts): number {
  const c = f.counts;
  const cached = shapeCache.get(c);
  // The flags outside counts are read every time: facts may share a counts object, not those fields.
  if (cached !== undefined) return cached | flagsOf(f);
  let s = 0;
  for (let i = 0; i < COUNT_METRIC_IDS.length; i++) if (c[COUNT_IDS[i]!]) s |= 1 << i;
  shapeCache.set(c, s);
  return s | flagsOf(f);
}

function flagsOf(f: CaseFacts): number {
  const k = COUNT_METRIC_IDS.length;
  return (f.rated ? 1 << k : 0) | (f.satisfied ? 1 << (k + 1) : 0) | (f.departmentHandled ? 1 << (k + 2) : 0);
}

/** Bits of a shape: the counts in COUNT_METRIC_IDS order, then rated, satisfied, departmentHandled. */
export const SHAPE_BIT = Object.fromEntries(COUNT_METRIC_IDS.map((id, i) => [id, 1 << i])) as Record<CountMetricId, number>;
export const RATED_BIT = 1 << COUNT_METRIC_IDS.length;
export const SATISFIED_BIT = 1 << (COUNT_METRIC_IDS.length + 1);
export const HANDLED_BIT = 1 << (COUNT_METRIC_IDS.length + 2);

/** The shape of facts (what the metric predicates read). */
export function shapeOfFacts(f: CaseFacts): number {
  return shapeOf(f);
}

/** A probe fact of a shape: metricsFromFacts over it says which numerators / denominators count it. */
function learn(shape: number): void {
  const probe: CaseFacts = {
    id: '',
    state: {} as CaseFacts['state'],
    counts: Object.fromEntries(COUNT_IDS.map((id) => [id, (shape & SHAPE_BIT[id]) !== 0])) as Record<CountMetricId, boolean>,
    rated: (shape & RATED_BIT) !== 0,
    satisfied: (shape & SATISFIED_BIT) !== 0,
    departmentHandled: (shape & HANDLED_BIT) !== 0,
    handlingMinutes: 0,
    units: { dispatched: [], bounced: [], extended: [], urged: [] },
  };
  let num = 0;
  let den = 0;
  metricsFromFacts([probe]).forEach((v, i) => {
    if (v.unit === 'count') {
      if (v.value === 1) num |= 1 << i;
    } else {
      if (v.unit === 'ratio' && v.numerator === 1) num |= 1 << i;
      if (v.denominator === 1) den |= 1 << i;
    }
  });
  numMask[shape] = num;
  denMask[shape] = den;
  known[shape] = 1;
}

/**
 * Facts counted by shape, plus the handling minutes of the departmentHandled ones: metrics() is exactly
 * metricsFromFacts over the added facts when the minutes were added in the facts' order (as valueOf sums).
 */
/** ShapeCounts as plain data. */
export interface ShapeCountsSnapshot {
  shapes: Array<[shape: number, count: number]>;
  minutes: number;
}

export class ShapeCounts {
  /** Facts per shape slot (see slotOf). */
  private readonly perSlot: number[] = [];
  private minutes = 0;

  /** Counts one fact of `shape` (its minutes are added with addMinutes). */
  count(shape: number): void {
    this.countSlot(slotOf(shape));
  }

  /** Counts one fact of the shape in `slot` (slotOf: one map look-up for several counters). */
  countSlot(slot: number): void {
    const a = this.perSlot;
    while (a.length <= slot) a.push(0);
    a[slot]!++;
  }

  /** Adds the handling minutes of a departmentHandled fact. */
  addMinutes(minutes: number): void {
    this.minutes += minutes;
  }

  /** count and, with HANDLED_BIT, addMinutes (as valueOf). */
  add(shape: number, minutes: number): void {
    this.count(shape);
    if (shape & HANDLED_BIT) this.minutes += minutes;
  }

  /** Plain data (shapes, not this thread's slots): for another thread. */
  snapshot(): ShapeCountsSnapshot {
    const shapes: Array<[number, number]> = [];
    this.perSlot.forEach((n, slot) => {
      if (n > 0) shapes.push([slotShapes[slot]!, n]);
    });
    return { shapes, minutes: this.minutes };
  }

  static fromSnapshot(s: ShapeCountsSnapshot): ShapeCounts {
    const c = new ShapeCounts();
    for (const [shape, n] of s.shapes) {
      const slot = slotOf(shape);
      while (c.perSlot.length <= slot) c.perSlot.push(0);
      c.perSlot[slot]! += n;
    }
    c.minutes = s.minutes;
    return c;
  }

  metrics(): MetricValue[] {
    const perShape = new Map<number, number>();
    this.perSlot.forEach((n, slot) => {
      if (n > 0) perShape.set(slotShapes[slot]!, n);
    });
    return metricsOf(perShape, this.minutes);
  }
}

/** Small numbers for the shapes met so far (a handful in practice), so counters can be plain arrays. */
const slots = new Map<number, number>();
const slotShapes: number[] = [];

/** The slot of a shape. */
export function slotOf(shape: number): number {
  let s = slots.get(shape);
  if (s === undefined) slots.set(shape, (s = slotShapes.push(shape) - 1));
  return s;
}

/** Exactly metricsFromFacts(facts). */
export function fastMetricsFromFacts(facts: readonly CaseFacts[]): MetricValue[] {
  const perShape = new Map<number, number>();
  let minutes = 0;
  let last = -1;
  let run = 0;
  for (const f of facts) {
    const s = shapeOf(f);
    // Runs of one shape are common: count them before touching the map.
    if (s === last) run++;
    else {
      if (run > 0) perShape.set(last, (perShape.get(last) ?? 0) + run);
      last = s;
      run = 1;
    }
    if (f.departmentHandled) minutes += f.handlingMinutes;
  }
  if (run > 0) perShape.set(last, (perShape.get(last) ?? 0) + run);
  return metricsOf(perShape, minutes);
}

function metricsOf(perShape: ReadonlyMap<number, number>, minutes: number): MetricValue[] {
  const num = new Array<number>(N).fill(0);
  const den = new Array<number>(N).fill(0);
  for (const [s, n] of perShape) {
    if (!known[s]) learn(s);
    const nm = numMask[s]!;
    const dm = denMask[s]!;
    for (let i = 0; i < N; i++) {
      if (nm & (1 << i)) num[i]! += n;
      if (dm & (1 << i)) den[i]! += n;
    }
  }
  // Written out as literals, not `{ ...base, value }`: a grouped result builds one value per metric and
  // group (some 4,000 for a refresh's five groupings), and the spread was most of the groupings' time.
  const out = new Array<MetricValue>(N);
  for (let i = 0; i < N; i++) {
    const def = METRIC_DEFINITIONS[i]!;
    const d = den[i]!;
    if (def.unit === 'count') {
      out[i] = { id: def.id, label: def.label, unit: def.unit, formula: def.formula, version: def.version, value: num[i]! };
      continue;
    }
    const n = i === HOURS ? minutes / 60 : num[i]!;
    out[i] = { id: def.id, label: def.label, unit: def.unit, formula: def.formula, version: def.version, value: d === 0 ? null : n / d, numerator: n, denominator: d };
  }
  return out;
}
