/** The outbox row as stored, as the core works with it, and as the API shows it. */
import type { OutboxItem } from '../../../shared/api.js';
import type { Command } from '../../../shared/commands.js';
import type { Actor } from '../../../shared/model.js';

/** One outbox row as stored. */
export interface OutboxRecord {
  n: number;
  id: string;
  caseId: string;
  userId: string;
  actor: Actor;
  command: Command;
  status: 'pending' | 'rejected';
  createdAt: number;
  attempts: number;
  appliedSeq: number | null;
  error?: { code: string; message: string };
}

export interface OutboxDbRow {
  n: number;
  id: string;
  case_id: string;
  user_id: string;
  actor: string;
  command: string;
  status: 'pending' | 'rejected';
  created_at: number;
  attempts: number;
  applied_seq: number | null;
  error_code: string | null;
  error_message: string | null;
}

export function outboxRecord(r: OutboxDbRow): OutboxRecord {
  const rec: OutboxRecord = {
    n: r.n,
    id: r.id,
    caseId: r.case_id,
    userId: r.user_id,
    actor: JSON.parse(r.actor) as Actor,
    command: JSON.parse(r.command) as Command,
    status: r.status,
    createdAt: r.created_at,
    attempts: r.attempts,
    appliedSeq: r.applied_seq,
  };
  if (r.error_code !== null) rec.error = { code: r.error_code, message: r.error_message ?? '' };
  return rec;
}

export function outboxItem(r: OutboxRecord): OutboxItem {
  const item: OutboxItem = { id: r.id, n: r.n, caseId: r.caseId, command: r.command, status: r.status, createdAt: r.createdAt, attempts: r.attempts };
  if (r.error) item.error = r.error;
  return item;
}
