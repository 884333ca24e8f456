/**
 * What both conformance suites share: named steps with ✓/✗, validation against the published JSON Schema
 * bundle (docs/contracts/schemas.json, Ajv draft 2020-12), HMAC signatures as docs/protocol.md states them,
 * and small HTTP helpers.
 *
 * The suites drive an implementation through the documented wire only: this folder imports no relay/,
 * electron/ or shared/ code (test/conformance.test.ts checks that), so an outside team can run it, or
 * rewrite it, from the documents alone.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

export type StepStatus = 'pass' | 'fail' | 'skip';

export interface StepResult {
  name: string;
  status: StepStatus;
  /** Why it failed or was skipped; for a passed step, what it covered (when it says). */
  message?: string;
  ms: number;
}

export interface SuiteResult {
  suite: string;
  steps: StepResult[];
  /** Every step passed. */
  ok: boolean;
}

/** A step's failure: the message names what the implementation did against what the documents say. */
export class StepFailure extends Error {
  override name = 'StepFailure';
}

/** Throws a StepFailure with `message` unless `cond` holds. */
export function expect(cond: unknown, message: string): asserts cond {
  if (!cond) throw new StepFailure(message);
}

/** Runs named steps in order; a step whose prerequisites did not pass is skipped (and counts as not passed). */
export class Suite {
  readonly steps: StepResult[] = [];
  constructor(
    readonly name: string,
    private readonly onStep: (r: StepResult) => void = () => undefined,
  ) {}

  passed(name: string): boolean {
    return this.steps.some((s) => s.name === name && s.status === 'pass');
  }

  async step<T>(name: string, needs: string[], fn: (note: (detail: string) => void) => Promise<T>): Promise<T | undefined> {
    const t0 = Date.now();
    const missing = needs.filter((n) => !this.passed(n));
    if (missing.length > 0) {
      this.record({ name, status: 'skip', message: `needs ${missing.map((m) => `"${m}"`).join(', ')}`, ms: 0 });
      return undefined;
    }
    let detail: string | undefined;
    try {
      const value = await fn((d) => (detail = d));
      this.record({ name, status: 'pass', ms: Date.now() - t0, ...(detail ? { message: detail } : {}) });
      return value;
    } catch (err) {
      const e = err as Error;
      const message = e instanceof StepFailure ? e.message : `${e.name}: ${e.message}`;
      this.record({ name, status: 'fail', message, ms: Date.now() - t0 });
      return undefined;
    }
  }

  result(): SuiteResult {
    return { suite: this.name, steps: [...this.steps], ok: this.steps.length > 0 && this.steps.every((s) => s.status === 'pass') };
  }

  private record(r: StepResult): void {
    this.steps.push(r);
    this.onStep(r);
  }
}

/** One line per step: `✓ name (12 ms)`, `✗ name: why`, `- name: skipped, needs …`. */
export function formatStep(r: StepResult): string {
  if (r.status === 'pass') return `  ✓ ${r.name} (${r.ms} ms${r.message ? `; ${r.message}` : ''})`;
  if (r.status === 'skip') return `  - ${r.name}: skipped, ${r.message ?? ''}`;
  return `  ✗ ${r.name}: ${r.message ?? 'failed'}`;
}

// ---------------------------------------------------------------- the published schemas

export const DEFAULT_SCHEMAS = new URL('../../docs/contracts/schemas.json', import.meta.url);

/** The JSON Schema bundle, loaded once: `check('LogEntry', value, 'pull entry 3')` throws a StepFailure naming the errors. */
export class Contracts {
  private readonly ajv = new Ajv2020({ strict: true, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();
  readonly names: ReadonlySet<string>;

  constructor(file: string | URL = DEFAULT_SCHEMAS) {
    const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as { $defs: Record<string, unknown> };
    this.names = new Set(Object.keys(bundle.$defs));
    this.ajv.addSchema(bundle, 'schemas.json');
  }

  /** Is `value` valid against definition `name`? (No throw.) */
  valid(name: string, value: unknown): boolean {
    return this.validator(name)(value);
  }

  check(name: string, value: unknown, what: string): void {
    const v = this.validator(name);
    if (v(value)) return;
    const errors = (v.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`)
      .join('; ');
    throw new StepFailure(`${what} does not match ${name} in schemas.json: ${errors}; got ${preview(value)}`);
  }

  private validator(name: string): ValidateFunction {
    let v = this.cache.get(name);
    if (!v) {
      if (!this.names.has(name)) throw new Error(`schemas.json has no definition ${name}`);
      v = this.ajv.getSchema(`schemas.json#/$defs/${name}`)!;
      this.cache.set(name, v);
    }
    return v;
  }
}

/** A short JSON rendering for failure messages. */
export function preview(value: unknown, max = 300): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > max ? s.slice(0, max) + '…' : s;
}

// ---------------------------------------------------------------- signatures (docs/protocol.md §2, §4)

/** `x-signature` of a body: `sha256=` + hex HMAC-SHA256(secret, raw body). */
export function signBody(body: string, secret: string): string {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex');
}

/** The district service signature of `GET /api/ref`: HMAC of `"GET /api/ref\n" + timestamp`. */
export function signService(method: string, path: string, timestamp: number, secret: string): string {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(`${method} ${path}\n${timestamp}`).digest('hex');
}

/** `idempotency-key` header: `%` and everything outside printable ASCII percent-encoded as UTF-8. */
export function idempotencyHeader(key: string): string {
  return key.replace(/[^\x21-\x24\x26-\x7e]/gu, (ch) => encodeURIComponent(ch));
}

/** A random id part, so repeated runs against one implementation never collide. */
export const randomPart = (): string => crypto.randomBytes(5).toString('hex');

// ---------------------------------------------------------------- HTTP

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export async function http(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: init.body }),
    signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** `POST url` with a JSON body (given as the exact text that is signed). */
export function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return http(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep equality of JSON values, ignoring key order (and keys whose value is undefined). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}
