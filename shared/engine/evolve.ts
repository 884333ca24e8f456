/**
 * evolve: folds one timeline entry into the case. Pure and calendar-free: every computed value (clocks,
 * deadlines, departments) travels in the entry's data. Throws EvolveError when the entry does not follow
 * the state (wrong case or version); the caller decides whether to pull, skip or reset.
 */
import type { CaseEvent, GridEvent } from '../gridEvent.js';
import type { EventData } from './eventData.js';
import type { Evolve } from './types.js';

/** Thrown by evolve when an entry cannot be applied to the given state. */
export class EvolveError extends Error {
  constructor(
    message: string,
    readonly expectedVersion: number,
    readonly gotVersion: number,
  ) {
    super(message);
    this.name = 'EvolveError';
  }
}

type DataOf<T extends CaseEvent['type']> = EventData<T>;
const data = <T extends CaseEvent['type']>(event: CaseEvent, _type: T): DataOf<T> => event.data as unknown as DataOf<T>;

/** Copy of `obj` without the given optional keys (keeps states free of explicit undefined). */
function omit<T extends object, K extends keyof T>(obj: T, ...keys: K[]): T {
  const out = { ...obj };
  for (const k of keys) delete out[k];
  return out;
}

function initial(event: CaseEvent): GridEvent {
  const d = data(event, 'reported');
  const c: GridEvent = {
    id: event.caseId,
    code: d.code,
    title: d.title,
    description: d.description,
    address: d.address,
    communityId: d.communityId,
    gridId: d.gridId,
    source: d.source,
    attachments: d.attachments,
    status: 'reported',
    reportedAt: d.reportedAt,
    updatedAt: event.at,
    coDepartmentIds: [],
    bounceCount: 0,
    mandatory: false,
    fallback: false,
    reworkCount: 0,
    extensionCount: 0,
    parkCount: 0,
    clocks: d.clocks,
    urges: [],
    accountability: [],
    version: 1,
    timeline: [event],
  };
  if (d.reporter) c.reporter = d.reporter;
  if (d.channel !== undefined) c.channel = d.channel;
  if (d.externalRef !== undefined) c.externalRef = d.externalRef;
  if (d.catalogItemId !== undefined) c.catalogItemId = d.catalogItemId;
  if (d.category !== undefined) c.category = d.category;
  if (d.location !== undefined) c.location = d.location;
  if (d.gridCheck !== undefined) c.gridCheck = d.gridCheck;
  return c;
}

function apply(s: GridEvent, event: CaseEvent): GridEvent {
  const at = event.at;
  switch (event.type) {
    case 'reported':
      throw new EvolveError(`case ${s.id} already exists; 'reported' must be its first entry`, s.version + 1, event.version);
    case 'accepted': {
      const d = data(event, 'accepted');
      const { catalogVersion: _v, ...rest } = s;
      return {
        ...rest,
        status: 'accepted',
        catalogItemId: d.catalogItemId,
        ...(d.catalogVersion !== undefined ? { catalogVersion: d.catalogVersion } : {}),
        category: d.category,
        grade: d.grade,
        acceptedAt: at,
        clocks: d.clocks,
      };
    }
    case 'rejected':
      return { ...omit(s, 'pendingExtension', 'pendingPark'), status: 'rejected', clocks: data(event, 'rejected').clocks };
    case 'self_handled':
      // A pending park request is moot once the matter is handled.
      return { ...omit(s, 'pendingPark'), status: 'self_handled', handledAt: at, clocks: data(event, 'self_handled').clocks };
    case 'dispatched': {
      const d = data(event, 'dispatched');
      const precedentId = d.precedentId ?? d.precedent?.id ?? s.precedentId;
      // A park request made before this dispatch concerned another holder: it is moot now.
      const next: GridEvent = {
        ...omit(s, 'pendingPark'),
        status: 'dispatched',
        leadDepartmentId: d.leadDepartmentId,
        coDepartmentIds: d.coDepartmentIds,
        mandatory: d.mandatory,
        fallback: d.fallback,
        dispatchedAt: at,
        clocks: d.clocks,
      };
      if (precedentId !== undefined) next.precedentId = precedentId;
      return next;
    }
    case 'signed':
      return { ...s, status: 'signed' };
    case 'bounced':
      // Back at the centre: the bouncing department no longer holds the case, nor do its requests stand.
      return {
        ...omit(s, 'leadDepartmentId', 'pendingExtension', 'pendingPark'),
        status: 'bounced',
        coDepartmentIds: [],
        mandatory: false,
        bounceCount: s.bounceCount + 1,
        clocks: data(event, 'bounced').clocks,
      };
    case 'result_reported':
      return {
        ...omit(s, 'pendingExtension', 'pendingPark'),
        status: 'handled',
        handledAt: at,
        clocks: data(event, 'result_reported').clocks,
      };
    case 'extension_requested': {
      const d = data(event, 'extension_requested');
      return { ...s, pendingExtension: { minutes: d.minutes, reason: d.reason, at, by: event.actor } };
    }
    case 'extension_decided': {
      const d = data(event, 'extension_decided');
      const next = omit(s, 'pendingExtension');
      return d.approve ? { ...next, extensionCount: s.extensionCount + 1, clocks: d.clocks } : { ...next, clocks: d.clocks };
    }
    case 'park_requested':
      return { ...s, pendingPark: { reason: data(event, 'park_requested').reason, at, by: event.actor } };
    case 'park_decided': {
      const d = data(event, 'park_decided');
      const next = omit(s, 'pendingPark');
      if (!d.approve) return next;
      return { ...next, status: 'parked', statusBeforePark: d.statusBeforePark ?? s.status, parkCount: s.parkCount + 1, clocks: d.clocks };
    }
    case 'resumed': {
      const d = data(event, 'resumed');
      return { ...omit(s, 'statusBeforePark'), status: d.status, clocks: d.clocks };
    }
    case 'verified': {
      const d = data(event, 'verified');
      return d.passed ? { ...s, status: 'verified', verifiedAt: at, clocks: d.clocks } : { ...s, clocks: d.clocks };
    }
    case 'rework_ordered': {
      const d = data(event, 'rework_ordered');
      const next: GridEvent = { ...s, status: d.status, reworkCount: s.reworkCount + 1, clocks: d.clocks };
      if (d.satisfaction !== undefined) next.satisfaction = d.satisfaction;
      return next;
    }
    case 'closed': {
      const d = data(event, 'closed');
      return {
        ...omit(s, 'pendingExtension', 'pendingPark'),
        status: 'closed',
        closedAt: at,
        satisfaction: d.satisfaction,
        clocks: d.clocks,
      };
    }
    case 'urged':
      return { ...s, urges: [...s.urges, data(event, 'urged').urge] };
    case 'urge_replied': {
      const d = data(event, 'urge_replied');
      return { ...s, urges: s.urges.map((u) => (u.id === d.urgeId ? { ...u, reply: d.reply } : u)) };
    }
    case 'accountability_recorded':
      return { ...s, accountability: [...s.accountability, data(event, 'accountability_recorded').record] };
    case 'deadlines_recalculated': {
      const d = data(event, 'deadlines_recalculated');
      const moved = new Map((d.urges ?? []).map((u) => [u.urgeId, u.newDeadline]));
      return {
        ...s,
        clocks: d.clocks,
        ...(moved.size > 0 ? { urges: s.urges.map((u) => (moved.has(u.id) ? { ...u, replyDeadline: moved.get(u.id)! } : u)) } : {}),
      };
    }
    case 'upstream_rejected': {
      const d = data(event, 'upstream_rejected');
      const next: GridEvent = { ...s, upstreamIssue: { commandId: d.commandId, code: d.code, message: d.message, at } };
      if (d.status !== undefined) next.status = d.status;
      if (d.clocks !== undefined) next.clocks = d.clocks;
      return next;
    }
    case 'merged': {
      // Closed as merged: out of every queue and count; its own requests are moot.
      const d = data(event, 'merged');
      return {
        ...omit(s, 'pendingExtension', 'pendingPark'),
        status: 'closed',
        mergedInto: d.intoCaseId,
        statusBeforeMerge: d.statusBeforeMerge,
        clocks: d.clocks,
      };
    }
    case 'duplicate_merged':
      return { ...s, mergedCaseIds: withId(s.mergedCaseIds, data(event, 'duplicate_merged').duplicateCaseId) };
    case 'unmerged': {
      const d = data(event, 'unmerged');
      return { ...omit(s, 'mergedInto', 'statusBeforeMerge'), status: d.status, clocks: d.clocks };
    }
    case 'duplicate_unmerged': {
      const id = data(event, 'duplicate_unmerged').duplicateCaseId;
      return setList(
        s,
        'mergedCaseIds',
        (s.mergedCaseIds ?? []).filter((x) => x !== id),
      );
    }
    case 'merge_closed': {
      // Final: mergedInto stays (the duplicate never counts as a case of its own); no unmerge any more.
      const d = data(event, 'merge_closed');
      const next: GridEvent = { ...omit(s, 'statusBeforeMerge'), status: 'closed', closedAt: at, clocks: d.clocks };
      if (d.verifiedAt !== undefined) next.verifiedAt = d.verifiedAt;
      return next;
    }
    case 'linked':
      return { ...s, relatedCaseIds: withId(s.relatedCaseIds, data(event, 'linked').otherCaseId) };
    case 'unlinked': {
      const id = data(event, 'unlinked').otherCaseId;
      return setList(
        s,
        'relatedCaseIds',
        (s.relatedCaseIds ?? []).filter((x) => x !== id),
      );
    }
    case 'reopened': {
      const d = data(event, 'reopened');
      return { ...omit(s, 'closedAt', 'verifiedAt'), status: 'accepted', reopenCount: d.reopenCount, clocks: d.clocks };
    }
    case 'located': {
      const d = data(event, 'located');
      const next: GridEvent = { ...omit(s, 'gridCheck'), location: d.location };
      if (d.gridId !== undefined) next.gridId = d.gridId;
      if (d.communityId !== undefined) next.communityId = d.communityId;
      if (d.gridCheck !== undefined) next.gridCheck = d.gridCheck;
      return next;
    }
  }
}

/** `ids` with `id` added once (insertion order kept). */
const withId = (ids: readonly string[] | undefined, id: string): string[] => (ids?.includes(id) ? [...ids] : [...(ids ?? []), id]);

/** The state with list `key` set to `ids`, or without the key when the list is empty. */
function setList<K extends 'mergedCaseIds' | 'relatedCaseIds'>(s: GridEvent, key: K, ids: string[]): GridEvent {
  if (ids.length > 0) return { ...s, [key]: ids };
  return omit(s, key);
}

/** Folds one entry into the case; throws EvolveError on a case or version mismatch. */
export const evolve: Evolve = (state, event) => {
  if (state === null) {
    if (event.type !== 'reported' || event.version !== 1) {
      throw new EvolveError(
        `case ${event.caseId} is unknown: its first entry must be 'reported' version 1, got '${event.type}' version ${event.version}`,
        1,
        event.version,
      );
    }
    return initial(event);
  }
  if (event.caseId !== state.id)
    throw new EvolveError(`entry for case ${event.caseId} applied to case ${state.id}`, state.version + 1, event.version);
  if (event.version !== state.version + 1) {
    throw new EvolveError(
      `version mismatch on case ${state.id}: expected ${state.version + 1}, got ${event.version}`,
      state.version + 1,
      event.version,
    );
  }
  const next = apply(state, event);
  return { ...next, version: event.version, updatedAt: event.at, timeline: [...state.timeline, event] };
};

/** Folds a whole timeline from nothing (throws on gaps or foreign entries). */
export function foldEvents(events: readonly CaseEvent[], from: GridEvent | null = null): GridEvent | null {
  let s = from;
  for (const e of events) s = evolve(s, e);
  return s;
}
