/**
 * Reference-data administration from the workstation: an admin's change (e.g. a new holiday year or an
 * ad-hoc closure in the working calendar) goes to the relay as an acknowledged 'ref:update' request. The
 * relay is the only writer of reference data, so this works online only; the change comes back through the
 * log like every other 'ref' entry, and we pull right away so the caller's next 'ref.get' already shows it.
 */
import { z } from 'zod';
import {
  FileDivisionResponse,
  RefUpdateResponse,
  UserSaveResponse,
  WireError,
  type FileDivisionRequest,
  type RefChange,
  type UserSaveRequest,
} from '../../../shared/protocol.js';

/** What refAdmin needs from the sync engine (its socket to the relay). */
export interface RefRelay {
  readonly connected: boolean;
  relayRequest<T extends z.ZodType>(event: string, payload: unknown, schema: T): Promise<z.infer<T>>;
  pull(): Promise<void>;
}

export type RefUpdateOutcome = { ok: true; value: { seq?: number; recalculated?: number } } | { ok: false; code: string; message: string };

export const OFFLINE_MESSAGE = '离线状态下不能修改基础数据，请恢复连接后重试。';

const RefUpdateAck = z.union([
  z.object({ ok: z.literal(true), value: RefUpdateResponse }),
  z.object({ ok: z.literal(false), error: WireError }),
]);

const FileDivisionAck = z.union([
  z.object({ ok: z.literal(true), value: FileDivisionResponse }),
  z.object({ ok: z.literal(false), error: WireError }),
]);

type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** One acknowledged admin request to the relay; never throws. Relay refusals keep the relay's code and message. */
async function adminRequest<T>(
  relay: RefRelay,
  event: string,
  payload: unknown,
  schema: z.ZodType<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>,
): Promise<Outcome<T>> {
  if (!relay.connected) return { ok: false, code: 'OFFLINE', message: OFFLINE_MESSAGE };
  let ack: { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  try {
    ack = await relay.relayRequest(event, payload, schema);
  } catch (e) {
    const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'RELAY_ERROR';
    // The socket may drop between the check above and the emit: same answer as offline.
    if (code === 'OFFLINE') return { ok: false, code, message: OFFLINE_MESSAGE };
    return { ok: false, code, message: `基础数据未保存：${(e as Error).message}` };
  }
  if (!ack.ok) return { ok: false, code: ack.error.code, message: ack.error.message };
  // Best effort: the live 'change' message or the next pull applies it anyway.
  await relay.pull().catch(() => undefined);
  return { ok: true, value: ack.value };
}

/** Sends `change` to the relay; never throws. */
export async function updateRef(relay: RefRelay, change: RefChange): Promise<RefUpdateOutcome> {
  const out = await adminRequest(relay, 'ref:update', change, RefUpdateAck);
  return out.ok ? { ok: true, value: { seq: out.value.seq, recalculated: out.value.recalculated } } : out;
}

/** Files a division at the relay (备案); never throws. */
export function fileDivision(relay: RefRelay, req: FileDivisionRequest): Promise<Outcome<FileDivisionResponse>> {
  return adminRequest(relay, 'ref:fileDivision', req, FileDivisionAck);
}

const UserSaveAck = z.union([
  z.object({ ok: z.literal(true), value: UserSaveResponse }),
  z.object({ ok: z.literal(false), error: WireError }),
]);

/** Creates or changes one user at the relay (with an optional new password); never throws. */
export function saveUser(relay: RefRelay, req: UserSaveRequest): Promise<Outcome<UserSaveResponse>> {
  return adminRequest(relay, 'user:save', req, UserSaveAck);
}
