/**
 * Assessment (考核评价) in the workstation core: the inputs of a period computed over the cache (grid
 * workers and seats need whole timelines the renderer never holds), freezing a period's result on the
 * relay, and the list of frozen results every workstation shares.
 *
 * Freezing is ONLINE ONLY (not queued): a frozen result is the period's official record, so it must be
 * computed from a cache that has just caught up with the relay and be stored where every workstation
 * reads it; queueing it offline would freeze whatever a stale cache happened to hold. The list is read
 * from the relay when online and kept on this workstation (cache meta) for offline reading.
 */
import { z } from 'zod';
import type {
  AssessmentFreezeInput,
  AssessmentInputsQuery,
  AssessmentListQuery,
  AssessmentListResult,
} from '../../../shared/assessment/api.js';

/** The validated input of 'assessment.freeze' (defaults applied). */
type FreezeInput = z.output<typeof AssessmentFreezeInput>;
import { computeAssessmentInputs } from '../../../shared/assessment/indicators.js';
import { FrozenAssessment, type AssessmentInput, type AssessmentKind } from '../../../shared/assessment/types.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import { evaluationInstant } from '../../../shared/metrics/index.js';
import { AssessmentFreezeResponse, AssessmentListResponse, WireError } from '../../../shared/protocol.js';
import type { RefData } from '../../../shared/refData.js';
import type { Logger } from '../log.js';
import { schemeChangedMessage, schemeInForce } from '../../../shared/assessment/streetSchemes.js';
import { formatLocal } from '../../../shared/calendar/localDay.js';

/** What the assessment service needs from the sync engine (its socket to the relay). */
export interface AssessmentRelay {
  readonly connected: boolean;
  relayRequest<T extends z.ZodType>(event: string, payload: unknown, schema: T): Promise<z.infer<T>>;
  pull(): Promise<void>;
}

export interface AssessmentDeps {
  relay: AssessmentRelay;
  /** The cases a period's metrics need (StatsReader.candidates). */
  candidates(period: { from: number; to: number }, now: number): Promise<GridEvent[]>;
  /** Reference data (throws NOT_READY before the first sync). */
  ref(): RefData;
  now(): number;
  /** A small key/value area of the cache (the meta table) for the offline copy of the list. */
  meta: { get(key: string): string | undefined; set(key: string, value: string): void };
  log: Logger;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export const FREEZE_OFFLINE_MESSAGE = '离线时无法冻结考核结果：冻结结果由中继服务器统一保存，供各工作站共用。请恢复连接后重试。';
const CACHE_KEY = 'assessment.frozen.v1';

const ackOf = <T extends z.ZodType>(value: T) =>
  z.union([z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: WireError })]);
const FreezeAck = ackOf(AssessmentFreezeResponse);
const ListAck = ackOf(AssessmentListResponse);

const CachedList = z.object({ at: z.number(), items: z.array(z.unknown()) });

const newestFirst = (x: FrozenAssessment, y: FrozenAssessment) => y.frozenAt - x.frozenAt || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

function matches(f: FrozenAssessment, q: AssessmentListQuery): boolean {
  if (q.kind !== undefined && f.kind !== q.kind) return false;
  if (q.period && (f.period.from !== q.period.from || f.period.to !== q.period.to)) return false;
  return true;
}

function relayCode(e: unknown): string {
  return typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'RELAY_ERROR';
}

export function createAssessmentService(d: AssessmentDeps) {
  /** The offline copy; every entry is validated on read and a damaged one is skipped. */
  function readCache(): { at: number | undefined; items: FrozenAssessment[] } {
    const raw = d.meta.get(CACHE_KEY);
    if (!raw) return { at: undefined, items: [] };
    try {
      const c = CachedList.parse(JSON.parse(raw));
      const items = c.items.flatMap((x) => {
        const p = FrozenAssessment.safeParse(x);
        return p.success ? [p.data] : [];
      });
      return { at: c.at, items };
    } catch {
      d.log.warn('the kept copy of frozen assessments is unreadable; it is rebuilt at the next online list');
      return { at: undefined, items: [] };
    }
  }

  /** Frozen records never change, so the copy is the union of everything the relay has answered. */
  function remember(records: readonly FrozenAssessment[]): void {
    const byId = new Map(readCache().items.map((f) => [f.id, f]));
    for (const f of records) byId.set(f.id, f);
    try {
      d.meta.set(CACHE_KEY, JSON.stringify({ at: d.now(), items: [...byId.values()] }));
    } catch (e) {
      // A full disk must not fail a read: the list is still answered, only not kept for offline use.
      d.log.warn(`could not keep frozen assessments for offline use: ${(e as Error).message}`);
    }
  }

  /** The inputs as they stood at instant t (the metrics' t* = min(period end, t)). */
  async function computeInputs(period: { from: number; to: number }, t: number, kind?: AssessmentKind): Promise<AssessmentInput[]> {
    const ref = d.ref();
    const all = computeAssessmentInputs(await d.candidates(period, t), period, ref, t);
    return kind === undefined ? all : all.filter((i) => i.kind === kind);
  }

  return {
    inputs(q: AssessmentInputsQuery): Promise<AssessmentInput[]> {
      return computeInputs(q.period, evaluationInstant(q.period, q.at ?? d.now()), q.kind);
    },

    async freeze(input: FreezeInput): Promise<Outcome<FrozenAssessment>> {
      if (!d.relay.connected) return { ok: false, code: 'OFFLINE', message: FREEZE_OFFLINE_MESSAGE };
      // Catch up first: the frozen inputs must be the relay's latest data, not what this cache held a moment ago.
      await d.relay.pull().catch((e: unknown) => d.log.warn(`pull before freezing failed: ${(e as Error).message}`));
      // One evaluation instant, stated with the freeze: the period's end, or now for a running period. A
      // later check recomputes the current inputs at this same instant (frozenEvaluationInstant).
      // The street's scheme in force, as the caught-up cache has it; the user must have seen that one ranked.
      const ref = d.ref();
      const inForce = schemeInForce(ref.assessmentSchemes, input.kind);
      // A scheme sent along goes to the relay as it is: the relay answers ALREADY_FROZEN before SCHEME_CHANGED.
      if (input.schemeVersion !== undefined && input.schemeVersion !== inForce.version)
        return {
          ok: false,
          code: 'SCHEME_CHANGED',
          message: `考核结果未冻结：${schemeChangedMessage(inForce, (at) => formatLocal(at, ref.calendar))}`,
        };
      const evaluatedAt = evaluationInstant(input.period, d.now());
      const inputs = await computeInputs(input.period, evaluatedAt, input.kind);
      let ack: z.infer<typeof FreezeAck>;
      try {
        ack = await d.relay.relayRequest(
          'assessment:freeze',
          { kind: input.kind, period: input.period, scheme: input.scheme ?? inForce.scheme, inputs, evaluatedAt },
          FreezeAck,
        );
      } catch (e) {
        const code = relayCode(e);
        if (code === 'OFFLINE') return { ok: false, code, message: FREEZE_OFFLINE_MESSAGE };
        // TIMEOUT: the relay may still have stored it; the next list shows it, and a retry answers the stored record.
        return { ok: false, code, message: `考核结果未确认冻结：${(e as Error).message}。请刷新已冻结列表后再决定是否重试。` };
      }
      if (!ack.ok) return { ok: false, code: ack.error.code, message: ack.error.message };
      remember([ack.value.assessment]);
      d.log.info(`assessment ${ack.value.assessment.id} frozen${ack.value.duplicate ? ' (already stored, identical)' : ''}`);
      return { ok: true, value: ack.value.assessment };
    },

    async list(q: AssessmentListQuery): Promise<Outcome<AssessmentListResult>> {
      if (d.relay.connected) {
        try {
          const ack = await d.relay.relayRequest('assessment:list', q, ListAck);
          if (!ack.ok) return { ok: false, code: ack.error.code, message: ack.error.message };
          remember(ack.value.assessments);
          return { ok: true, value: { assessments: [...ack.value.assessments].sort(newestFirst), offline: false } };
        } catch (e) {
          if (relayCode(e) === 'BAD_ANSWER')
            return { ok: false, code: 'BAD_ANSWER', message: `中继服务器返回的冻结列表无效：${(e as Error).message}` };
          // OFFLINE or TIMEOUT: fall back to the kept copy below.
        }
      }
      const cached = readCache();
      const value: AssessmentListResult = { assessments: cached.items.filter((f) => matches(f, q)).sort(newestFirst), offline: true };
      if (cached.at !== undefined) value.cachedAt = cached.at;
      return { ok: true, value };
    },
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
