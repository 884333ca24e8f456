/**
 * Deterministic identifiers and case numbers. The engine must give the same answer for the same input on
 * every machine (relay and offline workstations), so nothing here uses randomness or the wall clock.
 */

const MAX_ID = 64;

/** cyrb53: a small, well-distributed 53-bit string hash (not cryptographic). */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Base-36 hash of `text`, left-padded to `width` characters. */
export function hash36(text: string, width = 8): string {
  return hash53(text).toString(36).padStart(width, '0').slice(-width);
}

/** Keeps `readable` when it fits the 64-character id limit, else a hashed form with the same suffix. */
function fit(readable: string, caseId: string, suffix: string): string {
  return readable.length <= MAX_ID ? readable : `${hash36(caseId, 11)}${suffix}`;
}

/** Id of the timeline entry that makes `version` of `caseId`, tagged with the command that caused it. */
export function eventId(caseId: string, version: number, commandId: string | undefined): string {
  const suffix = `:${version}:${hash36(commandId ?? '', 6)}`;
  return fit(`${caseId}${suffix}`, caseId, suffix);
}

/** Id of the precedent recorded by the fallback dispatch that makes `version` of `caseId`. */
export function precedentIdFor(caseId: string, version: number): string {
  const suffix = `:${version}`;
  return fit(`prec:${caseId}${suffix}`, caseId, `:prec${suffix}`);
}

/** Id of the n-th clock of a case (n counts from 1), e.g. 'c3-handling'. */
export function clockIdFor(n: number, kind: string): string {
  return `c${n}-${kind}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The street-local calendar day of an instant, 'YYYY-MM-DD'. */
export function localDay(at: number, utcOffsetMinutes: number): string {
  const d = new Date(at + utcOffsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * Human case number: 'SJ' + local report day + '-' + six base-36 characters derived from the case id,
 * e.g. 'SJ20261126-0K3F9Q'. Same id and day always give the same number.
 */
export function caseCode(caseId: string, reportedAt: number, utcOffsetMinutes: number): string {
  return `SJ${localDay(reportedAt, utcOffsetMinutes).replaceAll('-', '')}-${hash36(caseId, 6).toUpperCase()}`;
}
