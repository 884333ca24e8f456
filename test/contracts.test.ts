/**
 * The published contracts (docs/contracts/): up to date with the zod schemas (the drift check), valid for
 * their official parsers (@asyncapi/parser for AsyncAPI 3, @readme/openapi-parser for OpenAPI 3.1), complete
 * (every socket event, HTTP route, event type and command), and true to what the engine really writes
 * (a demo history validated with a JSON Schema validator against the bundle alone).
 */
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { validate as validateOpenApi } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultCatalogue } from '../scripts/contracts/catalogue.js';
import { generateContracts, SOCKET_REQUESTS, SOCKET_SERVER_EVENTS } from '../scripts/contracts/documents.js';
import { driftMessage, driftOf } from '../scripts/contracts/drift.js';
import { SOCKET_EVENTS } from '../relay/sockets.js';
import { CaseEventType } from '../shared/gridEvent.js';
import { COMMAND_TYPES } from '../shared/commands.js';
import { EVENT_DATA_SCHEMAS } from '../shared/engine/eventData.js';
import { HandshakeAuth, LoginRequest } from '../shared/protocol.js';
import { createDemoRefData, generateDemoHistory } from '../shared/demo/index.js';

type Obj = Record<string, unknown>;
const files = generateContracts();
const bundle = JSON.parse(files['schemas.json']) as { $defs: Record<string, Obj> };
const asyncapi = JSON.parse(files['relay.asyncapi.json']) as Obj & {
  operations: Record<string, Obj>;
  components: { messages: Record<string, Obj> };
};
const openapi = JSON.parse(files['relay.openapi.json']) as Obj & { paths: Record<string, Obj>; webhooks: Record<string, Obj> };

describe('docs/contracts/ (drift check)', () => {
  it('matches what the zod schemas give', () => {
    const differing = driftOf(files);
    // On failure: run `npm run contracts`, review the diff of docs/contracts/ and commit it.
    expect(differing, driftMessage(differing)).toEqual([]);
  });

  it('fails when a schema changes and the documents are not regenerated', () => {
    const cat = defaultCatalogue();
    const otp = { otp: z.string().length(6).optional() };
    // A login field (HTTP) alone: the bundle and the OpenAPI document differ.
    cat.set('LoginRequest', { ...cat.get('LoginRequest')!, schema: LoginRequest.extend(otp) });
    expect(driftOf(generateContracts(cat)).sort()).toEqual(['relay.openapi.json', 'schemas.json']);
    // And a handshake field (Socket.IO): the AsyncAPI document too.
    cat.set('HandshakeAuth', { ...cat.get('HandshakeAuth')!, schema: HandshakeAuth.extend(otp) });
    const changed = generateContracts(cat);
    expect(driftOf(changed).sort()).toEqual(['relay.asyncapi.json', 'relay.openapi.json', 'schemas.json']);
    expect(driftMessage(['schemas.json'])).toContain('run npm run contracts');
    expect(changed['schemas.json']).toContain('"otp"');
    expect(files['schemas.json']).not.toContain('"otp"');
  });

  it('is deterministic (same schemas, same bytes)', () => {
    expect(generateContracts()).toEqual(files);
  });
});

describe('official parsers', () => {
  it('AsyncAPI 3.0: @asyncapi/parser finds no error or warning', async () => {
    const { document, diagnostics } = await new Parser().parse(files['relay.asyncapi.json']);
    // Severity 0 error, 1 warning (2 information, 3 hint: e.g. "a newer AsyncAPI version exists").
    const serious = diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`);
    expect(serious).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
    // The requests, the handshake (connect) and the relay's events.
    expect(document!.operations().all().length).toBe(SOCKET_REQUESTS.length + 1 + SOCKET_SERVER_EVENTS.length);
  });

  it('OpenAPI 3.1: @readme/openapi-parser validates it', async () => {
    const result = await validateOpenApi(JSON.parse(files['relay.openapi.json']));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('the parsers are not vacuous: they refuse a broken document', async () => {
    const broken = {
      asyncapi: '3.0.0',
      info: { title: 't', version: '1' },
      channels: { c: { address: '/' } },
      operations: { o: { action: 'fetch', channel: { $ref: '#/channels/c' } } },
    };
    const { diagnostics } = await new Parser().parse(JSON.stringify(broken));
    expect(diagnostics.some((d) => d.severity === 0)).toBe(true);
    const bad = JSON.parse(files['relay.openapi.json']) as { paths: Record<string, Record<string, Obj>> };
    bad.paths['/healthz']!.get!.responses = { '200': { content: {} } };
    const result = await validateOpenApi(bad as never);
    expect(result.valid).toBe(false);
  });
});

describe('complete', () => {
  it('has every Socket.IO request the relay answers, with its ack reply, and every event it sends', () => {
    expect(SOCKET_REQUESTS.map((r) => r.event).sort()).toEqual([...SOCKET_EVENTS].sort());
    const names = (action: string) =>
      Object.values(asyncapi.operations)
        .filter((o) => o.action === action)
        .map((o) => o.title)
        .sort();
    expect(names('receive')).toEqual([...SOCKET_EVENTS, 'connect'].sort());
    for (const op of Object.values(asyncapi.operations).filter((o) => o.action === 'receive' && o.title !== 'connect'))
      expect(op.reply).toBeDefined();
    // The handshake auth, with its schema.
    expect(asyncapi.components.messages['connect.auth']!.payload).toEqual({ $ref: '#/components/schemas/HandshakeAuth' });
    // The events relay/sockets.ts emits.
    const source = readFileSync(new URL('../relay/sockets.ts', import.meta.url), 'utf8');
    const emitted = new Set([...source.matchAll(/\.emit\('([^']+)'/g)].map((m) => m[1]!));
    expect(names('send')).toEqual([...emitted, 'connect_error'].sort());
  });

  it('has every HTTP route of relay/http.ts and the Open311 paths, and the outbox as a webhook', () => {
    const source = readFileSync(new URL('../relay/http.ts', import.meta.url), 'utf8');
    const routes = [...source.matchAll(/'(GET|POST) (\/[^']*)': async/g)].map((m) => `${m[1]!.toLowerCase()} ${m[2]}`);
    expect(routes.length).toBeGreaterThanOrEqual(5);
    const documented = Object.entries(openapi.paths).flatMap(([p, item]) => Object.keys(item).map((method) => `${method} ${p}`));
    for (const r of routes) expect(documented).toContain(r);
    for (const p of ['/open311/v2/services.json', '/open311/v2/requests.json', '/open311/v2/requests/{service_request_id}.json'])
      expect(openapi.paths[p]).toBeDefined();
    const forward = (openapi.webhooks.districtCommands as { post: { parameters: { name: string }[] } }).post;
    expect(forward.parameters.map((p) => p.name)).toEqual(['idempotency-key', 'x-signature']);
  });

  it('has every event type with its own data schema, and every command', () => {
    const union = (bundle.$defs.CaseEvent!.oneOf as { $ref: string }[]).map((o) => o.$ref);
    expect(union).toEqual(CaseEventType.options.map((t) => `#/$defs/CaseEvent.${t}`));
    for (const t of CaseEventType.options) {
      const def = bundle.$defs[`CaseEvent.${t}`] as { properties: Record<string, Obj> };
      expect(def.properties.type).toMatchObject({ const: t });
      expect(def.properties.data!.$ref, t).toMatch(/^#\/\$defs\/\w+Data$/);
      expect(EVENT_DATA_SCHEMAS[t]).toBeDefined();
    }
    const commands = (bundle.$defs.Command!.oneOf as { $ref: string }[]).map(
      (o) => bundle.$defs[o.$ref.slice('#/$defs/'.length)] as { properties: { type: { const: string } } },
    );
    expect(commands.map((c) => c.properties.type.const)).toEqual(COMMAND_TYPES);
  });
});

describe('the bundle with a plain JSON Schema validator (Ajv, draft 2020-12, strict)', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addSchema(JSON.parse(files['schemas.json']) as object, 'schemas.json');
  const check = (name: string) => ajv.getSchema(`schemas.json#/$defs/${name}`)!;

  it('accepts what the engine writes: every entry, case and the reference data of a demo history', () => {
    const ref = createDemoRefData();
    const { events, cases } = generateDemoHistory({ seed: 7, now: Date.UTC(2026, 10, 26, 6, 30), days: 12, casesPerDay: 10, ref });
    const types = new Set(events.map((e) => e.type));
    expect(types.size).toBeGreaterThan(10);
    const event = check('CaseEvent');
    for (const e of events) expect(event(e) ? [] : [e.type, event.errors]).toEqual([]);
    const gridEvent = check('GridEvent');
    for (const c of cases) expect(gridEvent(c) ? [] : gridEvent.errors).toEqual([]);
    const entry = check('LogEntry');
    expect(entry({ seq: 1, changeId: events[0]!.id, at: events[0]!.at, origin: 'centre', kind: 'case', event: events[0] })).toBe(true);
    expect(check('RefData')(ref) ? [] : check('RefData').errors).toEqual([]);
  });

  it('refuses what the relay refuses', () => {
    const push = check('PushRequest');
    expect(push({ mutations: [{ id: 'm1', n: 1, command: { type: 'sign', caseId: 'c1' } }] })).toBe(true);
    expect(push({ mutations: [] })).toBe(false);
    expect(push({ mutations: [{ id: 'm1', n: 1, command: { type: 'teleport', caseId: 'c1' } }] })).toBe(false);
    const signed = check('CaseEvent');
    const base = {
      id: 'e1',
      caseId: 'c1',
      version: 2,
      type: 'signed',
      at: 1,
      actor: { id: 'd1', name: '城管科', role: 'department', unitId: 'd1' },
    };
    expect(signed({ ...base, data: { departmentId: 'd1' } })).toBe(true);
    // The typed form checks `data` by the event type; the envelope does not.
    expect(signed({ ...base, data: {} })).toBe(false);
    expect(check('CaseEventEnvelope')({ ...base, data: {} })).toBe(true);
  });
});
