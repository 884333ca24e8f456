/**
 * Test support: a tiny writer of zipped Shapefiles (polygon .shp + .shx, a character-field .dbf, .cpg, and a
 * store-only .zip), enough to feed shpjs a real file. Pure TypeScript (shared/ takes no Node APIs); written
 * from the ESRI Shapefile Technical Description (1998), the dBase III file layout and PKWARE's APPNOTE.
 */
/** UTF-8 bytes of a string (shared/ is typed without DOM or Node, so no TextEncoder). */
function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

export interface ShpFeature {
  /** GeoJSON rings of one polygon (exterior counter-clockwise); written clockwise as the format wants. */
  rings: number[][][];
  attributes: Record<string, string>;
}

function shpAndShx(features: ShpFeature[]): { shp: Uint8Array; shx: Uint8Array } {
  const contents = features.map((f) => {
    const rings = f.rings.map((r, i) => (i === 0 ? [...r].reverse() : r)); // exterior clockwise in .shp
    const points = rings.flat();
    const len = 44 + 4 * rings.length + 16 * points.length;
    const b = new DataView(new ArrayBuffer(len));
    const xs = points.map((p) => p[0] as number);
    const ys = points.map((p) => p[1] as number);
    b.setInt32(0, 5, true);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => b.setFloat64(4 + 8 * i, v, true));
    b.setInt32(36, rings.length, true);
    b.setInt32(40, points.length, true);
    let start = 0;
    rings.forEach((r, i) => {
      b.setInt32(44 + 4 * i, start, true);
      start += r.length;
    });
    points.forEach((p, i) => {
      b.setFloat64(44 + 4 * rings.length + 16 * i, p[0] as number, true);
      b.setFloat64(52 + 4 * rings.length + 16 * i, p[1] as number, true);
    });
    return { bytes: new Uint8Array(b.buffer), xs, ys };
  });
  const shpLen = 100 + contents.reduce((s, c) => s + 8 + c.bytes.length, 0);
  const shxLen = 100 + 8 * contents.length;
  const header = (len: number) => {
    const h = new DataView(new ArrayBuffer(100));
    h.setInt32(0, 9994, false);
    h.setInt32(24, len / 2, false);
    h.setInt32(28, 1000, true);
    h.setInt32(32, 5, true);
    const xs = contents.flatMap((c) => c.xs);
    const ys = contents.flatMap((c) => c.ys);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => h.setFloat64(36 + 8 * i, v, true));
    return new Uint8Array(h.buffer);
  };
  const shp = new Uint8Array(shpLen);
  const shx = new Uint8Array(shxLen);
  shp.set(header(shpLen), 0);
  shx.set(header(shxLen), 0);
  let offset = 100;
  contents.forEach((c, i) => {
    const rh = new DataView(shp.buffer, offset, 8);
    rh.setInt32(0, i + 1, false);
    rh.setInt32(4, c.bytes.length / 2, false);
    shp.set(c.bytes, offset + 8);
    const xh = new DataView(shx.buffer, 100 + 8 * i, 8);
    xh.setInt32(0, offset / 2, false);
    xh.setInt32(4, c.bytes.length / 2, false);
    offset += 8 + c.bytes.length;
  });
  return { shp, shx };
}

function dbf(features: ShpFeature[]): Uint8Array {
  const names = [...new Set(features.flatMap((f) => Object.keys(f.attributes)))];
  const widths = names.map((n) => Math.max(1, ...features.map((f) => utf8(f.attributes[n] ?? '').length)));
  const headerLen = 32 + 32 * names.length + 1;
  const recordLen = 1 + widths.reduce((s, w) => s + w, 0);
  const out = new Uint8Array(headerLen + recordLen * features.length + 1);
  const v = new DataView(out.buffer);
  out[0] = 0x03;
  out[1] = 126;
  out[2] = 1;
  out[3] = 1;
  v.setInt32(4, features.length, true);
  v.setInt16(8, headerLen, true);
  v.setInt16(10, recordLen, true);
  names.forEach((n, i) => {
    out.set(utf8(n).slice(0, 10), 32 + 32 * i);
    out[32 + 32 * i + 11] = 'C'.charCodeAt(0);
    out[32 + 32 * i + 16] = widths[i] as number;
  });
  out[headerLen - 1] = 0x0d;
  features.forEach((f, r) => {
    let at = headerLen + r * recordLen;
    out[at++] = 0x20;
    names.forEach((n, i) => {
      const bytes = utf8(f.attributes[n] ?? '');
      out.fill(0x20, at, at + (widths[i] as number));
      out.set(bytes, at);
      at += widths[i] as number;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A store-only (uncompressed) zip of the named files. */
export function zipStore(files: Record<string, Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const n = utf8(name);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true); // UTF-8 names
    local.setUint16(8, 0, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, n.length, true);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint16(4, 20, true);
    cd.setUint16(6, 20, true);
    cd.setUint16(8, 0x0800, true);
    cd.setUint32(16, crc, true);
    cd.setUint32(20, data.length, true);
    cd.setUint32(24, data.length, true);
    cd.setUint16(28, n.length, true);
    cd.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), n, data);
    central.push(new Uint8Array(cd.buffer), n);
    offset += 30 + n.length + data.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, Object.keys(files).length, true);
  end.setUint16(10, Object.keys(files).length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A zipped polygon Shapefile of `features` named `layer` (.shp, .shx, .dbf, .cpg UTF-8, optional .prj). */
export function zippedShapefile(features: ShpFeature[], layer = 'grids', prj?: string): Uint8Array {
  const { shp, shx } = shpAndShx(features);
  return zipStore({
    [`${layer}.shp`]: shp,
    [`${layer}.shx`]: shx,
    [`${layer}.dbf`]: dbf(features),
    [`${layer}.cpg`]: utf8('UTF-8'),
    ...(prj ? { [`${layer}.prj`]: utf8(prj) } : {}),
  });
}
