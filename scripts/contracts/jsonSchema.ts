/**
 * The catalogue as JSON Schema definitions (zod 4's z.toJSONSchema), one named definition per catalogue
 * entry, with references between them. Used for the bundle (draft 2020-12, `#/$defs/`), the OpenAPI
 * document (2020-12, `#/components/schemas/`) and the AsyncAPI document (draft-07, `#/components/schemas/`).
 */
import { z } from 'zod';
import type { Catalogue } from './catalogue.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface DefsOptions {
  target: 'draft-2020-12' | 'draft-7';
  /** Where a definition is referenced: '#/$defs/' or '#/components/schemas/'. */
  refPrefix: string;
  /** OpenAPI: a discriminated union whose options are all references gets a `discriminator` object. */
  discriminators?: boolean;
}

/**
 * Definitions that stand for another wherever they are referenced: the wire's CaseEvent envelope (data: any
 * object) is published as the typed union of every event type (data per type).
 */
const SUBSTITUTE: Record<string, string> = { CaseEventEnvelope: 'CaseEvent' };

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
export const sortedObject = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(o).sort(byKey));

/** The message of a refinement (refine/superRefine) zod keeps on the check, when it has a fixed one. */
function refinementText(check: unknown): string | undefined {
  const def = (check as { _zod?: { def?: { check?: string; error?: unknown } } })._zod?.def;
  if (def?.check !== 'custom') return undefined;
  let msg: unknown;
  try {
    msg = typeof def.error === 'function' ? (def.error as () => unknown)() : undefined;
  } catch {
    msg = undefined;
  }
  if (typeof msg === 'object' && msg !== null && 'message' in msg) msg = (msg as { message: unknown }).message;
  return typeof msg === 'string' && msg.length > 0 ? msg : 'a further rule checked in code';
}

/** Rewrite every `$ref` in a JSON value. */
function mapRefs(v: Json, f: (ref: string) => string): Json {
  if (Array.isArray(v)) return v.map((x) => mapRefs(x, f));
  if (v === null || typeof v !== 'object') return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) out[k] = k === '$ref' && typeof x === 'string' ? f(x) : mapRefs(x, f);
  return out;
}

function collectRefs(v: Json, into: Set<string>): void {
  if (Array.isArray(v)) for (const x of v) collectRefs(x, into);
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') into.add(x);
      else collectRefs(x, into);
    }
}

export function toDefs(cat: Catalogue, o: DefsOptions): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  const canonical = new Map<z.ZodType, string>();
  const aliases: Record<string, string> = {};
  for (const [name, entry] of cat) {
    const first = canonical.get(entry.schema);
    if (first !== undefined) aliases[name] = first;
    else {
      canonical.set(entry.schema, name);
      registry.add(entry.schema, { id: name });
    }
  }
  const localDefs = o.target === 'draft-7' ? 'definitions' : '$defs';
  const out = z.toJSONSchema(registry, {
    target: o.target,
    // What the relay accepts: a field with a default is optional (and says its default).
    io: 'input',
    // A zod feature without a JSON Schema form (transform output, Date, bigint, custom…) stops the generator.
    unrepresentable: 'throw',
    cycles: 'ref',
    reused: 'inline',
    uri: (id) => o.refPrefix + id,
    override: (ctx) => {
      const def = ctx.zodSchema._zod.def as { checks?: unknown[]; discriminator?: string };
      const rules = (def.checks ?? []).map(refinementText).filter((t): t is string => t !== undefined);
      if (rules.length > 0) ctx.jsonSchema.$comment = `Also checked by the relay (not expressible in JSON Schema): ${rules.join('; ')}.`;
      if (typeof def.discriminator === 'string') (ctx.jsonSchema as JsonObject)['x-discriminator'] = def.discriminator;
    },
  }) as unknown as { schemas: Record<string, JsonObject> };

  const defs: Record<string, JsonObject> = {};
  const sub = (ref: string) => {
    const name = ref.startsWith(o.refPrefix) ? ref.slice(o.refPrefix.length) : undefined;
    return name !== undefined && SUBSTITUTE[name] !== undefined ? o.refPrefix + SUBSTITUTE[name] : ref;
  };
  for (const [name, schema] of Object.entries(out.schemas)) {
    const { $schema: _s, $id: _i, [localDefs]: local, ...rest } = schema;
    let body: Json = rest;
    // Local definitions (recursive schemas) move up beside the others, as `<name>.<local>`.
    if (local && typeof local === 'object' && !Array.isArray(local)) {
      const localPrefix = `#/${localDefs}/`;
      const lift = (ref: string) => (ref.startsWith(localPrefix) ? `${o.refPrefix}${name}.${ref.slice(localPrefix.length)}` : ref);
      body = mapRefs(body, lift);
      for (const [k, v] of Object.entries(local)) defs[`${name}.${k}`] = mapRefs(mapRefs(v, lift), sub) as JsonObject;
    }
    const entry = cat.get(name);
    const described: JsonObject =
      entry?.description !== undefined && (body as JsonObject).description === undefined ? { description: entry.description } : {};
    defs[name] = { title: name, ...described, ...(mapRefs(body, sub) as JsonObject) };
  }
  for (const [alias, target] of Object.entries(aliases)) defs[alias] = { title: alias, $ref: o.refPrefix + target };

  // Discriminators: OpenAPI's `discriminator` where every option is a reference; else nothing extra.
  for (const schema of Object.values(defs))
    walkObjects(schema, (node) => {
      const prop = node['x-discriminator'];
      if (typeof prop !== 'string') return;
      delete node['x-discriminator'];
      const options = node.oneOf ?? node.anyOf;
      if (!o.discriminators || !Array.isArray(options)) return;
      const mapping: Record<string, string> = {};
      for (const opt of options) {
        const ref = (opt as JsonObject | null)?.$ref;
        if (typeof ref !== 'string') return;
        const target = defs[ref.slice(o.refPrefix.length)];
        const value = ((target?.properties as JsonObject | undefined)?.[prop] as JsonObject | undefined)?.const;
        if (typeof value !== 'string') return;
        mapping[value] = ref;
      }
      node.discriminator = { propertyName: prop, mapping };
    });

  // Publish the roots and what they reference, nothing else.
  const roots = [...cat].filter(([, entry]) => entry.root).map(([name]) => name);
  return reachableDefs(defs, roots, o.refPrefix);
}

/** The definitions `names` stand on: themselves and every definition they reference, transitively. */
export function reachableDefs(defs: Record<string, JsonObject>, names: Iterable<string>, refPrefix: string): Record<string, JsonObject> {
  const keep = new Set<string>();
  const visit = (name: string) => {
    if (keep.has(name) || defs[name] === undefined) return;
    keep.add(name);
    const refs = new Set<string>();
    collectRefs(defs[name]!, refs);
    for (const r of refs) if (r.startsWith(refPrefix)) visit(r.slice(refPrefix.length));
  };
  for (const name of names) visit(name);
  return sortedObject(Object.fromEntries(Object.entries(defs).filter(([k]) => keep.has(k))));
}

/** The definitions a document refers to outside its components.schemas (its paths, messages…). */
export function usedDefs(doc: JsonObject, defs: Record<string, JsonObject>, refPrefix: string): Record<string, JsonObject> {
  const refs = new Set<string>();
  collectRefs(doc, refs);
  const names = [...refs].filter((r) => r.startsWith(refPrefix)).map((r) => r.slice(refPrefix.length));
  return reachableDefs(defs, names, refPrefix);
}

function walkObjects(v: Json, f: (node: JsonObject) => void): void {
  if (Array.isArray(v)) for (const x of v) walkObjects(x, f);
  else if (v !== null && typeof v === 'object') {
    f(v);
    for (const x of Object.values(v)) walkObjects(x, f);
  }
}
