/**
 * The named zod schemas the published contracts are generated from (docs/contracts/, `npm run contracts`).
 *
 * Roots are what crosses the wire (every log entry, event type, command, request and response); every other
 * zod schema exported by the shared modules below is registered under its export name too, so that a schema
 * used in several places (Id, Instant, Actor, CaseClock…) becomes one named definition. Only the roots and
 * what they reference end up in the documents.
 */
import { z } from 'zod';
import * as model from '../../shared/model.js';
import * as commands from '../../shared/commands.js';
import * as gridEvent from '../../shared/gridEvent.js';
import * as eventData from '../../shared/engine/eventData.js';
import * as refData from '../../shared/refData.js';
import * as docNumber from '../../shared/docNumber.js';
import * as calendar from '../../shared/calendar/types.js';
import * as geo from '../../shared/geo/types.js';
import * as assessmentTypes from '../../shared/assessment/types.js';
import * as streetSchemes from '../../shared/assessment/streetSchemes.js';
import * as precedentRuling from '../../shared/engine/precedentRuling.js';
import * as assessmentApi from '../../shared/assessment/api.js';
import * as protocol from '../../shared/protocol.js';
import * as smsLog from '../../shared/smsLog.js';
import * as sms from '../../shared/sms.js';
import { CaseEventType } from '../../shared/gridEvent.js';
import { EVENT_DATA_SCHEMAS } from '../../shared/engine/eventData.js';
import type { Open311Request as Open311RequestType, Open311Service as Open311ServiceType } from '../../relay/open311.js';

export interface CatalogueEntry {
  schema: z.ZodType;
  /** A root is always published; other entries only when a published schema refers to them. */
  root: boolean;
  description?: string;
}

/** Name → schema, in publication order (names are the zod export names; see docs/contracts/README.md). */
export type Catalogue = Map<string, CatalogueEntry>;

/** The name of one event type's typed timeline entry, e.g. `CaseEvent.dispatched`. */
export const typedEventName = (type: string) => `CaseEvent.${type}`;

// ---- Schemas the relay answers with that have no zod schema of their own (plain TypeScript in relay/).

/** The Ack envelope's refusal, on socket acks. */
export const AckFailure = z.object({ ok: z.literal(false), error: protocol.WireError });
/** Every HTTP error of the relay's own endpoints: the Ack refusal with code and message repeated at the top. */
export const HttpFailure = z.object({ ok: z.literal(false), error: protocol.WireError, code: z.string(), message: z.string() });
/** Answer of 'presence:open'. */
export const PresenceOpenResponse = z.object({ openCaseId: model.Id.nullable() });
/** The `connect_error` a refused Socket.IO handshake gets: a Chinese sentence and `data` {code, message}. */
export const ConnectError = z.object({ message: z.string(), data: protocol.WireError });
/** GET /healthz value (relay/server.ts): the figures monitors read; more fields may appear. */
export const HealthValue = z.looseObject({
  head: z.number().int().nonnegative(),
  floor: z.number().int().nonnegative(),
  cases: z.number().int().nonnegative(),
  clients: z.number().int().nonnegative(),
  outbox: z.looseObject({
    pending: z.number().int(),
    delivered: z.number().int(),
    rejected: z.number().int(),
    oldestPendingSeq: z.number().int().optional(),
  }),
  forwarder: z.looseObject({ delivered: z.number().int(), rejected: z.number().int(), retries: z.number().int() }).nullable(),
  district: protocol.DistrictLink.optional(),
  store: z.looseObject({
    state: z.enum(['ok', 'failing', 'down']),
    writer: z.string(),
    errors: z.array(z.looseObject({ op: z.string(), code: z.string(), message: z.string(), at: model.Instant.optional() })),
  }),
  serverTime: model.Instant,
});
/** Open311 GeoReport v2 service (relay/open311.ts Open311Service). */
export const Open311Service = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.literal(false),
  type: z.literal('realtime'),
  keywords: z.string(),
  group: z.string(),
});
/** Open311 GeoReport v2 request: one case, without personal data (relay/open311.ts Open311Request). */
export const Open311Request = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string(),
  service_name: z.string().nullable(),
  service_code: z.string().nullable(),
  description: z.string(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string(),
  address_id: z.null(),
  zipcode: z.null(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.null(),
});
/** GeoReport error array: [{code: HTTP status, description: Chinese sentence}]. */
export const Open311Errors = z.array(z.object({ code: z.number().int(), description: z.string() }));

// The Open311 schemas above restate interfaces of relay/open311.ts: typecheck fails when they part.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _open311Service: Same<z.infer<typeof Open311Service>, Open311ServiceType> = true;
const _open311Request: Same<z.infer<typeof Open311Request>, Open311RequestType> = true;
void _open311Service;
void _open311Request;

/** One event type's timeline entry: the CaseEvent envelope with `type` fixed and `data` of that type's schema. */
export function typedEvent(type: CaseEventType): z.ZodType {
  return gridEvent.CaseEvent.extend({ type: z.literal(type), data: EVENT_DATA_SCHEMAS[type] });
}

const isZod = (v: unknown): v is z.ZodType => v instanceof z.ZodType;

/** The catalogue as the shared schemas give it today. */
export function defaultCatalogue(): Catalogue {
  const cat: Catalogue = new Map();
  const root = (name: string, schema: z.ZodType, description?: string) => cat.set(name, { schema, root: true, description });

  // Log, case events (typed per event type) and cases.
  root('LogEntry', protocol.LogEntry, "One entry of the relay's durable, gap-free, ordered change log (kind case or ref).");
  root('RefChange', protocol.RefChange, 'A change to one section of the reference data.');
  const typed = CaseEventType.options.map((t) => typedEvent(t));
  root(
    'CaseEvent',
    z.discriminatedUnion('type', typed as unknown as [z.ZodObject, ...z.ZodObject[]]),
    "One timeline entry, by event type: `data` is that type's schema (shared/engine/eventData.ts). The relay validates the envelope (CaseEventEnvelope); the engine writes `data` as given here.",
  );
  CaseEventType.options.forEach((t, i) => root(typedEventName(t), typed[i]!, `The '${t}' timeline entry.`));
  root(
    'CaseEventEnvelope',
    gridEvent.CaseEvent,
    'The CaseEvent envelope as the relay validates it (`data` any object); for consumers that must accept event types added later.',
  );
  root('CaseEventType', CaseEventType);
  root('GridEvent', gridEvent.GridEvent, 'A case with its timeline (snapshot pages).');
  root('Command', commands.Command, 'What an actor asks to happen to a case (push mutations, district webhook).');

  // HTTP.
  root('LoginRequest', protocol.LoginRequest);
  root('LoginResponse', protocol.LoginResponse);
  root('RefResponse', protocol.RefResponse);
  root('DistrictChange', protocol.DistrictChange);
  root('DistrictChangeBatch', protocol.DistrictChangeBatch);
  root('DistrictChangeResult', protocol.DistrictChangeResult);
  root('DistrictBatchResponse', protocol.DistrictBatchResponse);
  root('DistrictForward', protocol.DistrictForward);
  root('DistrictForwardAnswer', protocol.DistrictForwardAnswer);
  root('HttpFailure', HttpFailure, "Error body of the relay's own HTTP endpoints.");
  root('HealthValue', HealthValue);
  root('Open311Service', Open311Service);
  root('Open311Request', Open311Request);
  root('Open311Errors', Open311Errors);

  // Socket.IO.
  root('WireError', protocol.WireError);
  root('AckFailure', AckFailure, "The Ack envelope's refusal: {ok: false, error}.");
  root('HandshakeAuth', protocol.HandshakeAuth);
  root('ConnectError', ConnectError);
  root('PullRequest', protocol.PullRequest);
  root('PullResponse', protocol.PullResponse);
  root('SnapshotRequest', protocol.SnapshotRequest);
  root('SnapshotResponse', protocol.SnapshotResponse);
  root('PushRequest', protocol.PushRequest);
  root('PushResponse', protocol.PushResponse);
  root('TimeResponse', protocol.TimeResponse);
  root('PresenceOpen', protocol.PresenceOpen);
  root('PresenceOpenResponse', PresenceOpenResponse);
  root('PresenceList', protocol.PresenceList);
  root('RefUpdateResponse', protocol.RefUpdateResponse);
  root('FileDivisionRequest', protocol.FileDivisionRequest);
  root('FileDivisionResponse', protocol.FileDivisionResponse);
  root('UserSaveRequest', protocol.UserSaveRequest);
  root('UserSaveResponse', protocol.UserSaveResponse);
  root('AssessmentFreezeRequest', protocol.AssessmentFreezeRequest);
  root('AssessmentFreezeResponse', protocol.AssessmentFreezeResponse);
  root('AssessmentListRequest', protocol.AssessmentListRequest);
  root('AssessmentListResponse', protocol.AssessmentListResponse);
  root('AssessmentFrozenNotice', protocol.AssessmentFrozenNotice);
  root('DocNumberRequest', docNumber.DocNumberRequest);
  root('DocNumberResponse', docNumber.DocNumberResponse);
  root('SmsListRequest', smsLog.SmsListRequest);
  root('SmsListResponse', smsLog.SmsListResponse);
  root('SmsSettingsSaveRequest', sms.SmsSettingsSaveRequest);
  root('SmsSettingsView', sms.SmsSettingsView);
  root('RefHistoryRequest', protocol.RefHistoryRequest);
  root('RefHistoryResponse', protocol.RefHistoryResponse);
  root('ChangesMessage', protocol.ChangesMessage);
  root('DistrictLink', protocol.DistrictLink);
  root('ProtocolError', protocol.ProtocolError);

  // Every exported schema of the shared modules, by export name (first name wins for a schema exported twice).
  const modules = [
    model,
    commands,
    gridEvent,
    eventData,
    refData,
    calendar,
    geo,
    assessmentTypes,
    streetSchemes,
    precedentRuling,
    assessmentApi,
    protocol,
  ];
  for (const mod of modules)
    for (const [name, value] of Object.entries(mod).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      if (isZod(value) && !cat.has(name)) cat.set(name, { schema: value, root: false });
  return cat;
}
