/**
 * The published contracts (docs/contracts/), generated from the zod schemas: the JSON Schema bundle, the
 * AsyncAPI 3.0 document of the relay's Socket.IO events and the OpenAPI 3.1 document of its HTTP endpoints
 * (with the district platform's outbox endpoint as an OpenAPI webhook). Pure: same catalogue, same bytes.
 */
import { readFileSync } from 'node:fs';
import { SOCKET_EVENTS } from '../../relay/sockets.js';
import { MAX_PAYLOAD_BYTES, MAX_PUSH_BATCH } from '../../shared/protocol.js';
import { OPEN311_RATE_PER_MINUTE } from '../../relay/open311.js';
import { defaultCatalogue, type Catalogue } from './catalogue.js';
import { sortedObject, toDefs, usedDefs, type Json, type JsonObject } from './jsonSchema.js';

export const CONTRACT_FILES = ['schemas.json', 'relay.asyncapi.json', 'relay.openapi.json'] as const;
export type ContractFile = (typeof CONTRACT_FILES)[number];

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

// ---------------------------------------------------------------- JSON Schema bundle

export function schemaBundle(cat: Catalogue, version: string): JsonObject {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Grid command centre: relay wire schemas',
    description:
      `Generated from the zod schemas in shared/ by \`npm run contracts\` (version ${version}); do not edit. ` +
      'Validate a payload against one definition, e.g. {"$ref": "schemas.json#/$defs/LogEntry"}. See docs/contracts/README.md.',
    $defs: toDefs(cat, { target: 'draft-2020-12', refPrefix: '#/$defs/' }),
  };
}

// ---------------------------------------------------------------- AsyncAPI 3.0 (Socket.IO)

interface SocketRequest {
  event: (typeof SOCKET_EVENTS)[number];
  payload: string | null;
  value: string;
  who: string;
  summary: string;
}

/** Every client → relay request (relay/sockets.ts SOCKET_EVENTS), its payload and its ack value. */
export const SOCKET_REQUESTS: SocketRequest[] = [
  {
    event: 'pull',
    payload: 'PullRequest',
    value: 'PullResponse',
    who: 'any role',
    summary: 'Log entries after a cursor, or reset (the correctness path).',
  },
  {
    event: 'snapshot',
    payload: 'SnapshotRequest',
    value: 'SnapshotResponse',
    who: 'any role',
    summary: 'Cases in id order as of one log position; the first page carries the reference data.',
  },
  {
    event: 'push',
    payload: 'PushRequest',
    value: 'PushResponse',
    who: 'roles with case commands (not wall, not admin)',
    summary: 'Commands, idempotent by (clientId, n).',
  },
  { event: 'time', payload: null, value: 'TimeResponse', who: 'any role', summary: 'The relay clock (offset = now − (t0 + t1)/2).' },
  {
    event: 'presence:open',
    payload: 'PresenceOpen',
    value: 'PresenceOpenResponse',
    who: 'any role',
    summary: 'Which case this workstation has open.',
  },
  {
    event: 'ref:update',
    payload: 'RefChange',
    value: 'RefUpdateResponse',
    who: 'admin (sections assessmentScheme and precedentRuling: leader or admin; catalogProposal: submit by dispatcher, supervisor or admin, approve/return by leader)',
    summary: 'Replace one section of the reference data.',
  },
  {
    event: 'ref:fileDivision',
    payload: 'FileDivisionRequest',
    value: 'FileDivisionResponse',
    who: 'admin',
    summary: 'File (备案) a new division of the street.',
  },
  {
    event: 'user:save',
    payload: 'UserSaveRequest',
    value: 'UserSaveResponse',
    who: 'admin',
    summary: 'Create or change one user, optionally setting a new password (only its hash is kept).',
  },
  {
    event: 'assessment:freeze',
    payload: 'AssessmentFreezeRequest',
    value: 'AssessmentFreezeResponse',
    who: 'leader, admin',
    summary: 'Freeze an assessment: the relay scores, digests, stamps and stores it.',
  },
  {
    event: 'assessment:list',
    payload: 'AssessmentListRequest',
    value: 'AssessmentListResponse',
    who: 'any role',
    summary: 'Frozen assessments, newest first.',
  },
  {
    event: 'ref:history',
    payload: 'RefHistoryRequest',
    value: 'RefHistoryResponse',
    who: 'supervisor, leader, admin',
    summary: "The log's reference-data entries after a seq, ascending (the operation log's backfill).",
  },
  {
    event: 'sms:list',
    payload: 'SmsListRequest',
    value: 'SmsListResponse',
    who: 'supervisor, leader, admin',
    summary: 'The SMS log (短信记录), newest first, filtered and paged; mobiles masked except for the admin.',
  },
  {
    event: 'docNumber:allocate',
    payload: 'DocNumberRequest',
    value: 'DocNumberResponse',
    who: 'dispatcher, supervisor, leader, admin',
    summary: 'The next official document number (文号) of a pattern and year; the same request id answers the same number.',
  },
  {
    event: 'sms:settings:get',
    payload: null,
    value: 'SmsSettingsView',
    who: 'admin',
    summary:
      'The SMS settings in force (短信设置): gateway, auth mode, sign name, quiet hours, templates, change record; the key only as set or not.',
  },
  {
    event: 'sms:settings:save',
    payload: 'SmsSettingsSaveRequest',
    value: 'SmsSettingsView',
    who: 'admin',
    summary: 'Save the SMS settings at the relay (kept in its store, in force at once); a key left out keeps the key in force.',
  },
];

interface SocketEvent {
  event: string;
  payload: string;
  summary: string;
}

/** Every relay → client event. */
export const SOCKET_SERVER_EVENTS: SocketEvent[] = [
  { event: 'change', payload: 'LogEntry', summary: 'One committed log entry, in seq order (sockets without batch).' },
  {
    event: 'changes',
    payload: 'ChangesMessage',
    summary: 'The entries of one commit, in seq order (sockets that connected with batch: true).',
  },
  {
    event: 'presence',
    payload: 'PresenceList',
    summary: 'Online workstations, oldest first: on connect and whenever the list changes (coalesced).',
  },
  { event: 'assessment:frozen', payload: 'AssessmentFrozenNotice', summary: 'A new assessment was frozen: list them again.' },
  {
    event: 'district:link',
    payload: 'DistrictLink',
    summary: 'How forwarding to the district platform stands: on connect and on every change of state.',
  },
  { event: 'auth:expired', payload: 'WireError', summary: 'The token expired (TOKEN_EXPIRED); the socket is then disconnected.' },
  {
    event: 'auth:revoked',
    payload: 'WireError',
    summary: 'The user was deactivated or given another role (ACCOUNT_DISABLED, ROLE_CHANGED); the socket is then disconnected.',
  },
  { event: 'protocol_error', payload: 'ProtocolError', summary: 'A request sent without an ack callback failed (also UNKNOWN_EVENT).' },
  {
    event: 'connect_error',
    payload: 'ConnectError',
    summary: "Socket.IO's refusal of the handshake: data.code UNAUTHENTICATED, TOKEN_INVALID or TOKEN_EXPIRED.",
  },
];

/** A component key for an event name ('presence:open' → 'presence_open'). */
const key = (event: string) => event.replace(/[^a-zA-Z0-9._-]/g, '_');

const ackOf = (value: Json, failure: string): JsonObject => ({
  oneOf: [{ type: 'object', properties: { ok: { const: true }, value }, required: ['ok', 'value'] }, { $ref: failure }],
});

export function asyncApiDocument(cat: Catalogue, version: string): JsonObject {
  const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const messages: Record<string, JsonObject> = {};
  const operations: Record<string, JsonObject> = {};
  const channelMessages: Record<string, JsonObject> = {};
  const addMessage = (k: string, m: JsonObject) => {
    messages[k] = m;
    channelMessages[k] = { $ref: `#/components/messages/${k}` };
  };
  const channel = { $ref: '#/channels/socket' };
  const inChannel = (k: string) => ({ $ref: `#/channels/socket/messages/${k}` });

  for (const r of SOCKET_REQUESTS) {
    const k = key(r.event);
    addMessage(`${k}.request`, {
      name: r.event,
      title: `${r.event} request`,
      summary: r.summary,
      description:
        r.payload === null
          ? `socket.emit('${r.event}', ack): no payload.`
          : `socket.emit('${r.event}', payload, ack). A payload that fails its schema is answered BAD_REQUEST.`,
      ...(r.payload === null ? {} : { payload: schema(r.payload) }),
    });
    addMessage(`${k}.ack`, {
      name: r.event,
      title: `${r.event} ack`,
      summary: `The ack callback's argument: {ok: true, value: ${r.value}} or {ok: false, error}.`,
      payload: ackOf(schema(r.value), '#/components/schemas/AckFailure'),
    });
    operations[k] = {
      action: 'receive',
      channel,
      title: r.event,
      summary: r.summary,
      description: `Client → relay request with an ack. Who: ${r.who}.`,
      messages: [inChannel(`${k}.request`)],
      reply: { channel, messages: [inChannel(`${k}.ack`)] },
    };
  }
  // The handshake: not an event, the `auth` object of Socket.IO's CONNECT packet; refused with connect_error.
  addMessage('connect.auth', {
    name: 'connect',
    title: 'handshake auth',
    summary: 'io(relayUrl, { auth: HandshakeAuth }): the auth object of the Socket.IO CONNECT packet.',
    description:
      "Checked before the connection is accepted: token (POST /api/login) valid and issued to this clientId, user still active with the token's role; a refusal is a connect_error. batch: true opts in to changes instead of change.",
    payload: schema('HandshakeAuth'),
  });
  operations.connect = {
    action: 'receive',
    channel,
    title: 'connect',
    summary: 'The handshake (Socket.IO CONNECT with auth); accepted, or refused with connect_error.',
    messages: [inChannel('connect.auth')],
  };
  for (const e of SOCKET_SERVER_EVENTS) {
    const k = key(e.event);
    addMessage(k, { name: e.event, title: e.event, summary: e.summary, payload: schema(e.payload) });
    operations[k] = { action: 'send', channel, title: e.event, summary: e.summary, messages: [inChannel(k)] };
  }

  const doc = {
    asyncapi: '3.0.0',
    id: 'urn:grid-command-centre:relay:socket-io',
    info: {
      title: 'Grid command centre relay: Socket.IO',
      version,
      description: [
        'The Socket.IO side of the relay (relay/sockets.ts), generated from the zod schemas by `npm run contracts`; do not edit. Prose: docs/protocol.md §3.',
        '',
        "Described from the relay's side: `receive` operations are client → relay requests, each answered on its ack callback (the operation's reply); `send` operations are events the relay emits. Every message travels in the default namespace; its `name` is the Socket.IO event name.",
        '',
        'Connect with `io(relayUrl, { auth: HandshakeAuth })`: `auth.token` is the token of POST /api/login and `auth.clientId` the workstation id it was issued to; a refused handshake gets `connect_error`.',
        `Messages are at most ${MAX_PAYLOAD_BYTES} bytes; a push carries at most ${MAX_PUSH_BATCH} mutations.`,
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      relay: {
        host: '127.0.0.1:4800',
        protocol: 'ws',
        pathname: '/socket.io/',
        title: 'The relay (one port for HTTP and Socket.IO; --port, default 4800)',
        description: 'Socket.IO 4 (Engine.IO 4) over WebSocket; HTTP long-polling works too.',
        security: [{ $ref: '#/components/securitySchemes/handshakeAuth' }],
      },
    },
    channels: {
      socket: {
        address: '/',
        title: 'Default Socket.IO namespace',
        messages: sortedObject(channelMessages),
      },
    },
    operations: sortedObject(operations),
    components: {
      schemas: {} as Record<string, JsonObject>,
      messages: sortedObject(messages),
      securitySchemes: {
        handshakeAuth: {
          type: 'httpApiKey',
          name: 'auth',
          in: 'query',
          description:
            'Not a query parameter: the Socket.IO handshake `auth` object (schema HandshakeAuth: token, clientId, batch?), sent in the CONNECT packet (operation connect). AsyncAPI has no scheme for it; this entry names it.',
        },
      },
    },
  };
  // Only the definitions this document uses.
  doc.components.schemas = usedDefs(doc, toDefs(cat, { target: 'draft-7', refPrefix: '#/components/schemas/' }), '#/components/schemas/');
  return doc;
}

// ---------------------------------------------------------------- OpenAPI 3.1 (HTTP)

export function openApiDocument(cat: Catalogue, version: string): JsonObject {
  const schema = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
  const body = (s: JsonObject, description?: string): JsonObject => ({
    ...(description ? { description } : {}),
    content: { 'application/json': { schema: s } },
  });
  const okValue = (name: string) => ({
    type: 'object',
    properties: { ok: { const: true }, value: schema(name) },
    required: ['ok', 'value'],
  });
  const failure = (description: string) => ({ $ref: '#/components/responses/Failure', description }) as JsonObject;
  const geoFail = (description: string) => ({ $ref: '#/components/responses/Open311Failure', description }) as JsonObject;
  const signatureHeader: JsonObject = {
    name: 'x-signature',
    in: 'header',
    required: true,
    description: '`sha256=` and the hex HMAC-SHA256 of the raw body with the webhook secret; checked on the raw bytes before parsing.',
    schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
  };
  const open311Security: JsonObject[] = [{ open311Key: [] }, { open311Bearer: [] }];
  const fileNameHeader: JsonObject = {
    name: 'x-file-name',
    in: 'header',
    required: false,
    description: 'The file name, percent-encoded UTF-8 (its extension must agree with the content).',
    schema: { type: 'string' },
  };
  const shaParam: JsonObject = { name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } };
  const fileUploadResponses: JsonObject = {
    '200': body(
      {
        type: 'object',
        properties: {
          ok: { const: true },
          value: {
            type: 'object',
            properties: {
              sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
              size: { type: 'integer', minimum: 1 },
              mime: { enum: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] },
              duplicate: { type: 'boolean' },
            },
            required: ['sha256', 'size', 'mime', 'duplicate'],
          },
        },
        required: ['ok', 'value'],
      },
      'Stored (or stored before: duplicate)',
    ),
    '401': failure('UNAUTHENTICATED or BAD_SIGNATURE'),
    '413': failure('FILE_TOO_LARGE: over --max-file-mb'),
    '422': failure('FILE_DISGUISED, FILE_TYPE_REFUSED, FILE_EMPTY or FILE_UNREADABLE, with a Chinese message naming the file'),
  };
  const fileGetResponses = (description: string): JsonObject => ({
    '200': {
      description,
      headers: {
        'X-Content-Type-Options': { description: 'nosniff', schema: { type: 'string' } },
        'Content-Disposition': { description: 'attachment for PDF, inline for images', schema: { type: 'string' } },
      },
      content: { 'application/octet-stream': { schema: { type: 'string', contentEncoding: 'binary' } } },
    },
    '401': failure('UNAUTHENTICATED'),
    '404': failure('NOT_FOUND: not stored (or no thumbnail)'),
  });
  const list = (description: string): JsonObject => ({ name: '', in: 'query', required: false, description, schema: { type: 'string' } });

  const paths: Record<string, JsonObject> = {
    '/api/login': {
      post: {
        operationId: 'login',
        summary: 'Sign in: a token for the Socket.IO handshake and GET /api/ref',
        description:
          'Throttled per username and address (docs/protocol.md §2). The first login of a clientId registers it and answers its clientSecret once.',
        requestBody: { required: true, ...body(schema('LoginRequest')) },
        responses: {
          '200': body(okValue('LoginResponse'), 'Signed in'),
          '400': failure('BAD_JSON or BAD_REQUEST (schema)'),
          '401': failure('BAD_CREDENTIALS'),
          '409': failure('CLIENT_ID_TAKEN: the clientId is registered to another workstation'),
          '413': failure('PAYLOAD_TOO_LARGE'),
          '429': {
            description: 'TOO_MANY_ATTEMPTS: throttled',
            headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
            content: { 'application/json': { schema: schema('HttpFailure') } },
          },
        },
      },
    },
    '/api/ref': {
      get: {
        operationId: 'getRef',
        summary: 'The reference data and the log head',
        security: [{ bearerToken: [] }, { serviceTimestamp: [], serviceSignature: [] }],
        responses: { '200': body(okValue('RefResponse'), 'Reference data'), '401': failure('UNAUTHENTICATED') },
      },
    },
    '/district/webhook': {
      post: {
        operationId: 'districtWebhook',
        summary: 'One change from the district platform',
        description:
          "Idempotent by changeId. The engine decides at min(occurredAt, receipt time), never before the case's last entry (docs/protocol.md §4.1).",
        parameters: [signatureHeader],
        requestBody: { required: true, ...body(schema('DistrictChange')) },
        responses: {
          '200': body(
            schema('DistrictChangeResult'),
            'Stored ({ok: true, duplicate: false, seq}) or stored before ({ok: true, duplicate: true, seq})',
          ),
          '400': failure('BAD_JSON or BAD_REQUEST'),
          '401': failure('BAD_SIGNATURE: nothing changes'),
          '413': failure('PAYLOAD_TOO_LARGE'),
          '422': body(
            {
              allOf: [schema('DistrictChangeResult'), { type: 'object', properties: { ok: { const: false }, error: schema('WireError') } }],
            },
            'The engine refused the command ({ok: false, code, message}); nothing stored',
          ),
          '503': failure('UNAVAILABLE: not stored now; send again with the same changeId'),
        },
      },
    },
    '/district/webhook/batch': {
      post: {
        operationId: 'districtWebhookBatch',
        summary: `Several district changes (1..${MAX_PUSH_BATCH}) in one signed request, applied in order`,
        parameters: [signatureHeader],
        requestBody: { required: true, ...body(schema('DistrictChangeBatch')) },
        responses: {
          '200': body(schema('DistrictBatchResponse'), 'One result per change, in request order'),
          '400': failure('BAD_JSON or BAD_REQUEST'),
          '401': failure('BAD_SIGNATURE: nothing changes'),
          '413': failure('PAYLOAD_TOO_LARGE'),
          '503': failure('UNAVAILABLE'),
        },
      },
    },
    '/api/files': {
      post: {
        operationId: 'uploadFile',
        summary: 'Store an attachment file (JPEG, PNG, WebP, PDF; type checked by content), by its SHA-256',
        description:
          'A staff token (not the wall account). The same bytes are stored once (duplicate: true). docs/protocol.md §2 Attachments.',
        security: [{ bearerToken: [] }],
        parameters: [fileNameHeader],
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentEncoding: 'binary' } } } },
        responses: fileUploadResponses,
      },
    },
    '/district/files': {
      post: {
        operationId: 'districtUploadFile',
        summary: 'The district platform stores an attachment file before the change naming it',
        description:
          'Signed like the webhook (x-signature over the raw bytes). A change naming a file not stored is refused (422 INVALID_REFERENCE).',
        parameters: [signatureHeader, fileNameHeader],
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentEncoding: 'binary' } } } },
        responses: fileUploadResponses,
      },
    },
    '/api/files/{sha256}': {
      get: {
        operationId: 'getFile',
        summary: 'A stored file: its content type, nosniff, PDF as a download (attachment)',
        security: [{ bearerToken: [] }, { serviceTimestamp: [], serviceSignature: [] }],
        parameters: [
          shaParam,
          { name: 'name', in: 'query', required: false, description: 'Download name of a PDF', schema: { type: 'string' } },
        ],
        responses: fileGetResponses('The file (image/jpeg, image/png, image/webp or application/pdf)'),
      },
    },
    '/api/files/{sha256}/thumb': {
      get: {
        operationId: 'getFileThumbnail',
        summary: "An image's WebP thumbnail (longest side 320 px); 404 for a PDF",
        security: [{ bearerToken: [] }, { serviceTimestamp: [], serviceSignature: [] }],
        parameters: [shaParam],
        responses: fileGetResponses('The thumbnail (image/webp)'),
      },
    },
    '/healthz': {
      get: {
        operationId: 'health',
        summary: 'Health of the relay (no auth)',
        responses: {
          '200': body(
            { type: 'object', properties: { ok: { const: true }, value: schema('HealthValue') }, required: ['ok', 'value'] },
            'Healthy',
          ),
          '503': body(
            { allOf: [schema('HttpFailure'), { type: 'object', properties: { value: schema('HealthValue') }, required: ['value'] }] },
            'The store cannot store changes (UNAVAILABLE)',
          ),
        },
      },
    },
    '/open311/v2/services.json': {
      get: {
        operationId: 'open311Services',
        summary: 'Open311 GeoReport v2: the catalogue items as services',
        security: open311Security,
        responses: {
          '200': body({ type: 'array', items: schema('Open311Service') }, 'Services'),
          '401': geoFail('No or wrong read token'),
          '404': geoFail('Open311 not offered (the relay runs without --open311-token)'),
          '405': geoFail('Not GET'),
          '429': geoFail(`Over ${OPEN311_RATE_PER_MINUTE} requests per minute per token and address (retry-after)`),
        },
      },
    },
    '/open311/v2/requests.json': {
      get: {
        operationId: 'open311Requests',
        summary: 'Open311 GeoReport v2: requests (cases without personal data), newest first, at most 1,000',
        security: open311Security,
        parameters: [
          { ...list('Catalogue item codes, comma-separated'), name: 'service_code' },
          { ...list('open, closed, or both comma-separated'), name: 'status' },
          { ...list('W3C datetime; without an offset, street time. Default: 90 days before end_date'), name: 'start_date' },
          { ...list('W3C datetime. Default: now; at most 90 days after start_date when both are given'), name: 'end_date' },
          { ...list('Case codes, comma-separated (then the dates are ignored)'), name: 'service_request_id' },
        ],
        responses: {
          '200': body({ type: 'array', items: schema('Open311Request') }, 'Requests'),
          '400': geoFail('A bad filter, named'),
          '401': geoFail('No or wrong read token'),
          '404': geoFail('Open311 not offered'),
          '429': geoFail('Rate limited (retry-after)'),
        },
      },
    },
    '/open311/v2/requests/{service_request_id}.json': {
      get: {
        operationId: 'open311Request',
        summary: 'Open311 GeoReport v2: one request, as a one-element array',
        security: open311Security,
        parameters: [
          {
            name: 'service_request_id',
            in: 'path',
            required: true,
            description: 'The case code (percent-encoded)',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': body({ type: 'array', items: schema('Open311Request'), minItems: 1, maxItems: 1 }, 'The request'),
          '401': geoFail('No or wrong read token'),
          '404': geoFail('No such case, or Open311 not offered'),
          '429': geoFail('Rate limited (retry-after)'),
        },
      },
    },
  };

  const webhooks: JsonObject = {
    districtCommands: {
      post: {
        operationId: 'districtCommands',
        summary: 'The outbox: POST {districtUrl}/api/commands, implemented by the district platform',
        description: [
          'The relay forwards every event caused by a centre command to the district platform (relay/outbox.ts, docs/protocol.md §4.2).',
          'The relay is the client here: the platform serves `POST /api/commands` under the URL the relay is started with (--district-url).',
          'Per case, forwards arrive strictly in seq order; retries are unbounded, so the platform must deduplicate by idempotency-key.',
        ].join(' '),
        parameters: [
          {
            name: 'idempotency-key',
            in: 'header',
            required: true,
            description:
              "The event id, with `%` and every character outside printable ASCII percent-encoded as UTF-8 (shared/protocol.ts idempotencyHeader); read it back with decodeURIComponent. Equals the body's idempotencyKey.",
            schema: { type: 'string', pattern: '^[\\x21-\\x7e]+$' },
          },
          {
            ...signatureHeader,
            description:
              '`sha256=` and the hex HMAC-SHA256 of the body with the webhook secret, so the platform can authenticate the relay.',
          },
        ],
        requestBody: { required: true, ...body(schema('DistrictForward')) },
        responses: {
          '2XX': body(
            schema('DistrictForwardAnswer'),
            'Delivered ({ok: true}, or any 2xx without a refusal body); {ok: false, code, message} is a refusal',
          ),
          '4XX': body(
            schema('DistrictForwardAnswer'),
            'Refused ({ok: false, code, message}; any other 4xx is code HTTP_<status>): the relay appends a compensating upstream_rejected entry. 408 and 429 are retried instead.',
          ),
          '5XX': { description: 'Retried with exponential backoff and jitter, forever (as are network errors and a 10 s timeout)' },
        },
      },
    },
  };

  const doc = {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'Grid command centre relay: HTTP',
      version,
      description: [
        'The HTTP endpoints of the relay (relay/http.ts, relay/open311.ts), generated from the zod schemas by `npm run contracts`; do not edit. Prose: docs/protocol.md §2 and §4.',
        '',
        `Bodies are JSON, at most ${MAX_PAYLOAD_BYTES} bytes (else 413 and the connection closes). Unknown paths answer 404 NOT_FOUND, a wrong method 405 METHOD_NOT_ALLOWED.`,
        'The `webhooks` entry districtCommands is the other direction: the endpoint the district platform implements and the relay calls.',
      ].join('\n'),
    },
    servers: [{ url: 'http://127.0.0.1:4800', description: 'The relay (--port, default 4800)' }],
    paths,
    webhooks,
    components: {
      schemas: {} as Record<string, JsonObject>,
      responses: {
        Failure: body(schema('HttpFailure'), 'An error: {ok: false, error: {code, message}, code, message}'),
        Open311Failure: body(schema('Open311Errors'), 'A GeoReport error array [{code: HTTP status, description}]'),
      },
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'relay token (POST /api/login)',
          description: "A user still active with the token's role.",
        },
        serviceTimestamp: {
          type: 'apiKey',
          in: 'header',
          name: 'x-timestamp',
          description: 'District service signature, part 1: epoch ms, within 5 minutes of the relay clock.',
        },
        serviceSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'x-signature',
          description:
            'District service signature, part 2: `sha256=` and the hex HMAC-SHA256 of "GET /api/ref\\n" + x-timestamp with the webhook secret.',
        },
        open311Key: {
          type: 'apiKey',
          in: 'query',
          name: 'api_key',
          description: 'The read token the district hands out (--open311-token).',
        },
        open311Bearer: { type: 'http', scheme: 'bearer', description: 'The same read token as Authorization: Bearer.' },
      },
    },
  };
  // Only the definitions this document uses.
  doc.components.schemas = usedDefs(
    doc,
    toDefs(cat, { target: 'draft-2020-12', refPrefix: '#/components/schemas/', discriminators: true }),
    '#/components/schemas/',
  );
  return doc;
}

// ---------------------------------------------------------------- all of them

/** The documents' version: the package's. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** The file texts of docs/contracts/ (README.md aside), from a catalogue (default: today's shared schemas). */
export function generateContracts(cat: Catalogue = defaultCatalogue(), version = packageVersion()): Record<ContractFile, string> {
  return {
    'schemas.json': json(schemaBundle(cat, version)),
    'relay.asyncapi.json': json(asyncApiDocument(cat, version)),
    'relay.openapi.json': json(openApiDocument(cat, version)),
  };
}
