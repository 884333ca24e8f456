/**
 * Lossless removal of metadata from attachment images (issue 15.2): photos from phones carry the
 * reporter's position (EXIF GPS), the device, times and editing history. The pixels are never decoded or
 * re-encoded: the file's segments (JPEG) or chunks (PNG, WebP) are filtered and the kept ones copied byte
 * for byte, so the image looks exactly as before. The one EXIF tag kept is the orientation (how the camera
 * was held), rewritten as a minimal EXIF block holding only that tag, so photos still show the right way up.
 *
 * Kept: what decoding or colour needs (JPEG: frame, tables, scans, JFIF APP0, ICC profile APP2, Adobe APP14;
 * PNG: critical chunks and the rendering ones (tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, bKGD, pHYs, cICP, …) and
 * APNG animation; WebP: VP8/VP8L/VP8X/ALPH/ANIM/ANMF/ICCP). Dropped: everything else, in particular JPEG
 * APP1 (EXIF, XMP), APP13 (IPTC), MPF and other APPn, comments; PNG tEXt/iTXt/zTXt/tIME/eXIf (the eXIf
 * orientation is kept as above); WebP EXIF (orientation kept) and XMP; bytes after the image's end.
 *
 * The result is a fixed point (stripping stripped bytes gives the same bytes) and never longer than the
 * input. The relay's file store strips every image before hashing it, and the workstation strips a picked
 * image before it hashes and keeps it, so both name the same content address (docs/protocol.md
 * "Attachments"). Pure (Uint8Array in and out): used by relay/ and electron/core.
 */
import type { FileMime } from './model.js';

export class ImageStructureError extends Error {}

/** Removes metadata from an image of the given type; PDFs are returned as they are. Throws ImageStructureError. */
export function stripImageMetadata(bytes: Uint8Array, mime: FileMime): Uint8Array {
  switch (mime) {
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/png':
      return stripPng(bytes);
    case 'image/webp':
      return stripWebp(bytes);
    default:
      return bytes;
  }
}

// ------------------------------------------------------------------ EXIF orientation (TIFF structure)

/** The orientation (1–8) in a TIFF-structured EXIF block (from its "II"/"MM" header), or 1 when none. */
export function exifOrientation(tiff: Uint8Array): number {
  if (tiff.length < 8) return 1;
  const le = tiff[0] === 0x49 && tiff[1] === 0x49;
  const be = tiff[0] === 0x4d && tiff[1] === 0x4d;
  if (!le && !be) return 1;
  const u16 = (o: number) => (le ? tiff[o]! | (tiff[o + 1]! << 8) : (tiff[o]! << 8) | tiff[o + 1]!);
  const u32 = (o: number) => (le ? u16(o) + u16(o + 2) * 0x10000 : u16(o) * 0x10000 + u16(o + 2));
  if (u16(2) !== 42) return 1;
  const ifd = u32(4);
  if (ifd < 8 || ifd + 2 > tiff.length) return 1;
  const count = u16(ifd);
  // The whole IFD with its next-IFD offset must be there (so the orientation-only block is never longer).
  if (ifd + 2 + count * 12 + 4 > tiff.length) return 1;
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    // Tag 0x0112 Orientation, type SHORT (3), one value, stored in the first two bytes of the value field.
    if (u16(e) === 0x0112 && u16(e + 2) === 3 && u32(e + 4) === 1) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
}

/** A minimal little-endian TIFF block whose IFD0 holds only the orientation tag (26 bytes). */
export function orientationTiff(orientation: number): Uint8Array {
  // prettier-ignore
  return Uint8Array.from([
    0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, // "II", 42, IFD0 at 8
    0x01, 0x00, // one entry
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, orientation & 0xff, 0x00, 0x00, 0x00, // 0x0112 SHORT ×1
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
}

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0"

function startsWith(bytes: Uint8Array, at: number, prefix: readonly number[] | string): boolean {
  const p = typeof prefix === 'string' ? [...prefix].map((c) => c.charCodeAt(0)) : prefix;
  if (at + p.length > bytes.length) return false;
  for (let i = 0; i < p.length; i++) if (bytes[at + i] !== p[i]) return false;
  return true;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ------------------------------------------------------------------ JPEG

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

/** Whether a marker segment (with its payload) is kept as it is. */
function keepJpegSegment(marker: number, payload: Uint8Array): boolean {
  if (marker === 0xfe) return false; // COM
  if (marker < 0xe0 || marker > 0xef) return true; // frame, tables, DRI, DNL, EXP…: needed to decode
  if (marker === 0xe0) return startsWith(payload, 0, 'JFIF\0') || startsWith(payload, 0, 'JFXX\0'); // APP0
  if (marker === 0xe2) return startsWith(payload, 0, 'ICC_PROFILE\0'); // APP2 colour profile (not MPF)
  if (marker === 0xee) return startsWith(payload, 0, 'Adobe'); // APP14: colour transform of the scan
  return false;
}

function stripJpeg(b: Uint8Array): Uint8Array {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== SOI) throw new ImageStructureError('not a JPEG stream');
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  let orientationDone = false;
  let p = 2;
  let inScan = false;
  for (;;) {
    if (inScan) {
      // Entropy-coded data: runs to the next marker that is not a stuffed 0xFF00, a restart (RSTn) or fill.
      const start = p;
      while (p < b.length) {
        if (b[p] === 0xff && p + 1 < b.length) {
          const n = b[p + 1]!;
          if (n === 0x00 || (n >= 0xd0 && n <= 0xd7)) {
            p += 2;
            continue;
          }
          if (n === 0xff) {
            p += 1;
            continue;
          }
          break;
        }
        p += 1;
      }
      parts.push(b.subarray(start, p));
      if (p >= b.length) break; // truncated after the scan: kept as it is (a decoder copes or refuses)
      inScan = false;
    }
    if (p >= b.length) throw new ImageStructureError('JPEG ends before its image data');
    if (b[p] !== 0xff) throw new ImageStructureError(`no JPEG marker at byte ${p}`);
    let m = p + 1;
    while (m < b.length && b[m] === 0xff) m += 1; // fill bytes before a marker
    if (m >= b.length) throw new ImageStructureError('JPEG ends inside a marker');
    const marker = b[m]!;
    if (marker === EOI) {
      parts.push(Uint8Array.of(0xff, EOI)); // anything after the end of the image is dropped
      break;
    }
    if (marker === SOI || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(Uint8Array.of(0xff, marker)); // markers without a length
      p = m + 1;
      continue;
    }
    if (m + 3 > b.length) throw new ImageStructureError('JPEG ends inside a segment length');
    const len = (b[m + 1]! << 8) | b[m + 2]!;
    if (len < 2 || m + 1 + len > b.length) throw new ImageStructureError(`JPEG segment 0x${marker.toString(16)} overruns the file`);
    const payload = b.subarray(m + 3, m + 1 + len);
    const end = m + 1 + len;
    if (marker === 0xe1 && startsWith(payload, 0, EXIF_HEADER)) {
      const o = orientationDone ? 1 : exifOrientation(payload.subarray(EXIF_HEADER.length));
      orientationDone = true;
      if (o !== 1) {
        const tiff = orientationTiff(o);
        const seg = new Uint8Array(4 + EXIF_HEADER.length + tiff.length);
        seg.set([0xff, 0xe1, (seg.length - 2) >> 8, (seg.length - 2) & 0xff]);
        seg.set(EXIF_HEADER, 4);
        seg.set(tiff, 4 + EXIF_HEADER.length);
        parts.push(seg);
      }
    } else if (keepJpegSegment(marker, payload)) parts.push(Uint8Array.of(0xff, marker), b.subarray(m + 1, end));
    p = end;
    if (marker === SOS) inScan = true;
  }
  return concat(parts);
}

// ------------------------------------------------------------------ PNG

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Ancillary chunks that change how the image is shown (kept); every other ancillary chunk is dropped. */
const PNG_KEEP = new Set([
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'bKGD',
  'pHYs',
  'hIST',
  'sPLT',
  'cICP',
  'mDCV',
  'cLLI',
  'acTL',
  'fcTL',
  'fdAT',
]);

let crcTable: Uint32Array | null = null;
/** CRC-32 (ISO 3309, as PNG uses) of the given bytes. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const x of bytes) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u32be(v: number): Uint8Array {
  return Uint8Array.of((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}

function stripPng(b: Uint8Array): Uint8Array {
  if (!startsWith(b, 0, PNG_SIGNATURE)) throw new ImageStructureError('not a PNG file');
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  let orientationDone = false;
  let p = 8;
  let ended = false;
  while (!ended) {
    if (p + 12 > b.length) throw new ImageStructureError('PNG ends before its IEND chunk');
    const len = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
    if (len > b.length - p - 12) throw new ImageStructureError('PNG chunk overruns the file');
    const type = String.fromCharCode(b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!);
    if (!/^[A-Za-z]{4}$/u.test(type)) throw new ImageStructureError(`bad PNG chunk type at byte ${p}`);
    const end = p + 12 + len;
    const critical = type.charCodeAt(0) < 0x61; // upper-case first letter
    if (type === 'eXIf') {
      const o = orientationDone ? 1 : exifOrientation(b.subarray(p + 8, p + 8 + len));
      orientationDone = true;
      if (o !== 1) {
        const typeAndData = concat([Uint8Array.of(0x65, 0x58, 0x49, 0x66), orientationTiff(o)]);
        parts.push(u32be(typeAndData.length - 4), typeAndData, u32be(crc32(typeAndData)));
      }
    } else if (critical || PNG_KEEP.has(type)) parts.push(b.subarray(p, end));
    if (type === 'IEND') ended = true; // anything after it is dropped
    p = end;
  }
  return concat(parts);
}

// ------------------------------------------------------------------ WebP (RIFF)

const WEBP_KEEP = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function le32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}
function le32Bytes(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

function stripWebp(b: Uint8Array): Uint8Array {
  if (!startsWith(b, 0, 'RIFF') || !startsWith(b, 8, 'WEBP')) throw new ImageStructureError('not a WebP file');
  const riffEnd = 8 + le32(b, 4);
  if (riffEnd > b.length || riffEnd < 12) throw new ImageStructureError('WebP RIFF size overruns the file');
  const chunks: Uint8Array[] = [];
  let vp8x: Uint8Array | null = null;
  let orientation = 1;
  let orientationDone = false;
  let p = 12;
  while (p < riffEnd) {
    if (p + 8 > riffEnd) throw new ImageStructureError('WebP ends inside a chunk header');
    const type = String.fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!);
    const len = le32(b, p + 4);
    const padded = len + (len & 1);
    if (len > riffEnd - p - 8) throw new ImageStructureError('WebP chunk overruns the file');
    const end = Math.min(p + 8 + padded, riffEnd);
    if (type === 'EXIF') {
      if (!orientationDone) {
        const data = b.subarray(p + 8, p + 8 + len);
        // The EXIF chunk holds the TIFF block, sometimes (wrongly, but common) behind an "Exif\0\0" header.
        orientation = exifOrientation(startsWith(data, 0, EXIF_HEADER) ? data.subarray(EXIF_HEADER.length) : data);
        orientationDone = true;
      }
    } else if (WEBP_KEEP.has(type)) {
      const chunk = b.slice(p, end);
      if (type === 'VP8X' && vp8x === null) vp8x = chunk;
      chunks.push(chunk);
    }
    p = end;
  }
  if (vp8x) {
    if (vp8x.length < 9) throw new ImageStructureError('WebP VP8X chunk too short');
    vp8x[8] = vp8x[8]! & ~(VP8X_EXIF | VP8X_XMP);
    // The orientation goes back as the only EXIF content; an EXIF chunk is allowed only in the extended format.
    if (orientation !== 1) {
      vp8x[8] = vp8x[8]! | VP8X_EXIF;
      const tiff = orientationTiff(orientation);
      chunks.push(concat([Uint8Array.from([0x45, 0x58, 0x49, 0x46]), le32Bytes(tiff.length), tiff]));
    }
  }
  const body = concat(chunks);
  return concat([Uint8Array.from([0x52, 0x49, 0x46, 0x46]), le32Bytes(4 + body.length), Uint8Array.from([0x57, 0x45, 0x42, 0x50]), body]);
}
