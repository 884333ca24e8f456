/**
 * (Here beside the relay's file store because it needs Node and sharp; the code is shared/imageMetadata.ts.)
 * Metadata removal from attachment images (issue 15.2): real JPEG, PNG and WebP files made with sharp with
 * EXIF (GPS, camera), XMP, comments and text chunks; after stripping the GPS and the rest are gone, the
 * pixels are the same, and the orientation still turns the photo the right way up.
 */
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { crc32, exifOrientation, ImageStructureError, orientationTiff, stripImageMetadata } from '../../shared/imageMetadata.js';

type Fmt = 'jpeg' | 'png' | 'webp';
const MIME = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');
const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description GPSLatitude="30,12.0N"/></rdf:RDF></x:xmpmeta>';

/** A phone photo: EXIF with GPS (IFD3), camera make and model, an orientation, and XMP. */
async function phonePhoto(fmt: Fmt, orientation = 6, width = 64, height = 48): Promise<Buffer> {
  const square = await sharp({ create: { width: 16, height: 12, channels: 3, background: '#222222' } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#3a7bd5' } })
    .composite([{ input: square, left: 8, top: 6 }])
    .toFormat(fmt)
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Reporter-X1', Software: 'CameraApp' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 12/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '115/1 2/1 0/1' },
    })
    .withXmp(XMP)
    .withMetadata({ orientation })
    .toBuffer();
}

const raw = (b: Uint8Array) => sharp(b).raw().toBuffer();
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

// ------------------------------------------------------------------ helpers that write metadata by hand

function jpegSegment(marker: number, payload: Uint8Array): Buffer {
  const len = payload.length + 2;
  return Buffer.concat([Buffer.from([0xff, marker, len >> 8, len & 0xff]), payload]);
}
/** Inserts segments right after SOI. */
function withJpegSegments(jpeg: Buffer, segs: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segs, jpeg.subarray(2)]);
}
function pngChunk(type: string, data: Uint8Array): Buffer {
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** Inserts chunks right after IHDR. */
function withPngChunks(png: Buffer, chunks: Buffer[]): Buffer {
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, ihdrEnd), ...chunks, png.subarray(ihdrEnd)]);
}
function pngChunkTypes(png: Uint8Array): string[] {
  const b = Buffer.from(png);
  const out: string[] = [];
  for (let p = 8; p < b.length; p += 12 + b.readUInt32BE(p)) out.push(b.toString('latin1', p + 4, p + 8));
  return out;
}
function webpChunkTypes(webp: Uint8Array): string[] {
  const b = Buffer.from(webp);
  const out: string[] = [];
  for (let p = 12; p + 8 <= b.length;) {
    out.push(b.toString('latin1', p, p + 4));
    const len = b.readUInt32LE(p + 4);
    p += 8 + len + (len & 1);
  }
  return out;
}

describe('stripImageMetadata on real phone photos', () => {
  for (const fmt of ['jpeg', 'png', 'webp'] as const) {
    it(`${fmt}: GPS, camera and XMP are gone, the pixels are the same, the orientation is kept`, async () => {
      const photo = await phonePhoto(fmt, 6);
      const before = await sharp(photo).metadata();
      expect(before.orientation).toBe(6);
      expect(text(photo)).toContain('PhoneMaker');
      expect(before.xmp).toBeDefined();

      const stripped = stripImageMetadata(photo, MIME[fmt]);
      expect(stripped.length).toBeLessThan(photo.length);
      const after = await sharp(stripped).metadata();
      // The only EXIF left is the orientation-only block: no GPS IFD, no make or model.
      // (sharp shows a JPEG's APP1 with its "Exif" header, the PNG and WebP chunks as the bare TIFF block.)
      const only = fmt === 'jpeg' ? Buffer.concat([EXIF_HEADER, orientationTiff(6)]) : Buffer.from(orientationTiff(6));
      expect(Buffer.from(after.exif ?? []).toString('hex')).toBe(only.toString('hex'));
      expect(after.orientation).toBe(6);
      expect(after.xmp).toBeUndefined();
      for (const s of ['PhoneMaker', 'Reporter-X1', 'CameraApp', 'xmpmeta', 'GPS']) expect(text(stripped)).not.toContain(s);
      // Lossless: the decoded pixels are byte for byte those of the original.
      expect((await raw(stripped)).equals(await raw(photo))).toBe(true);
      // Right way up: auto-orienting turns the 64×48 photo to 48×64 as it does the original.
      const upright = await sharp(stripped).rotate().toBuffer({ resolveWithObject: true });
      expect([upright.info.width, upright.info.height]).toEqual([48, 64]);
      expect((await sharp(stripped).rotate().raw().toBuffer()).equals(await sharp(photo).rotate().raw().toBuffer())).toBe(true);
      // A fixed point.
      expect(Buffer.from(stripImageMetadata(stripped, MIME[fmt])).equals(Buffer.from(stripped))).toBe(true);
    });
  }

  it('drops the EXIF block entirely when the orientation is the normal one', async () => {
    for (const fmt of ['jpeg', 'png', 'webp'] as const) {
      const stripped = stripImageMetadata(await phonePhoto(fmt, 1), MIME[fmt]);
      const after = await sharp(stripped).metadata();
      expect(after.exif, fmt).toBeUndefined();
      expect(after.orientation ?? 1).toBe(1);
    }
  });

  it('a photo without metadata comes out unchanged', async () => {
    const plain = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#123456' } })
      .jpeg()
      .toBuffer();
    expect(Buffer.from(stripImageMetadata(plain, 'image/jpeg')).equals(plain)).toBe(true);
    const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    expect(Buffer.from(stripImageMetadata(png, 'image/png')).equals(png)).toBe(true);
  });
});

describe('JPEG segments', () => {
  it('removes comments, IPTC, MPF and bytes after the end; keeps JFIF, the ICC profile and Adobe', async () => {
    const base = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#aa3300' } })
      .jpeg()
      .withIccProfile('srgb')
      .toBuffer();
    const photo = Buffer.concat([
      withJpegSegments(base, [
        jpegSegment(0xfe, Buffer.from('taken at 黄石东路1号 by 13800138000', 'utf8')),
        jpegSegment(0xed, Buffer.from('Photoshop 3.0\0IPTC city Huangshi', 'latin1')),
        jpegSegment(0xe2, Buffer.from('MPF\0II*\0 second image with its own EXIF', 'latin1')),
        jpegSegment(0xee, Buffer.from('Adobe\0\x64\0\0\0\0\x01', 'latin1')),
      ]),
      Buffer.from('trailer: Samsung location data', 'latin1'),
    ]);
    const stripped = stripImageMetadata(photo, 'image/jpeg');
    const t = text(stripped);
    for (const s of ['taken at', 'IPTC', 'MPF', 'trailer']) expect(t).not.toContain(s);
    expect(t).toContain('ICC_PROFILE');
    expect(t).toContain('Adobe');
    expect(Buffer.from(stripped.subarray(-2)).equals(Buffer.from([0xff, 0xd9]))).toBe(true);
    expect((await sharp(stripped).metadata()).icc).toBeDefined();
  });

  it('keeps a progressive JPEG decodable and its pixels the same (tables between scans)', async () => {
    const photo = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#77aa33' } })
      .jpeg({ progressive: true })
      .withExif({ IFD0: { Make: 'PhoneMaker' } })
      .toBuffer();
    const stripped = stripImageMetadata(photo, 'image/jpeg');
    expect(text(stripped)).not.toContain('PhoneMaker');
    expect((await raw(stripped)).equals(await raw(photo))).toBe(true);
  });

  it('refuses a broken structure (a segment running past the end, no JPEG start)', async () => {
    const photo = await phonePhoto('jpeg');
    expect(() => stripImageMetadata(photo.subarray(0, 30), 'image/jpeg')).toThrow(ImageStructureError);
    expect(() => stripImageMetadata(Buffer.from('not a jpeg at all'), 'image/jpeg')).toThrow(ImageStructureError);
  });
});

describe('PNG chunks', () => {
  it('drops tEXt, iTXt, zTXt, tIME, eXIf (orientation kept) and unknown ancillary chunks, with valid CRCs', async () => {
    const base = await sharp({ create: { width: 30, height: 20, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const exif = Buffer.concat([
      Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x02]),
      Buffer.from([0x01, 0x0f, 0x00, 0x02, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x26]), // Make → offset 38
      Buffer.from([0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x00, 0x00]), // Orientation 8
      Buffer.from([0x00, 0x00, 0x00, 0x00]),
      Buffer.from('Abc\0', 'latin1'),
    ]);
    expect(exifOrientation(exif)).toBe(8);
    const png = withPngChunks(base, [
      pngChunk('tEXt', Buffer.from('Author\0张三 13800138000', 'utf8')),
      pngChunk('iTXt', Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>', 'latin1')),
      pngChunk('zTXt', Buffer.from('Comment\0\0xyz', 'latin1')),
      pngChunk('tIME', Buffer.from([0x07, 0xea, 12, 3, 10, 0, 0])),
      pngChunk('prVt', Buffer.from('private location 30.2,115.0', 'latin1')),
      pngChunk('eXIf', exif),
    ]);
    expect((await sharp(png).metadata()).orientation).toBe(8);
    const stripped = stripImageMetadata(png, 'image/png');
    expect(pngChunkTypes(stripped)).toEqual(['IHDR', 'eXIf', 'pHYs', 'IDAT', 'IEND']);
    expect(text(stripped)).not.toMatch(/Author|xmpmeta|private|Abc/u);
    // sharp (libpng) checks every CRC: it decodes, with the same pixels and the orientation.
    expect((await raw(stripped)).equals(await raw(png))).toBe(true);
    expect((await sharp(stripped).metadata()).orientation).toBe(8);
  });
});

describe('WebP chunks', () => {
  it('drops XMP and unknown chunks, keeps the orientation as the only EXIF, fixes the VP8X flags and the RIFF size', async () => {
    const photo = await phonePhoto('webp', 3);
    expect(webpChunkTypes(photo)).toEqual(expect.arrayContaining(['VP8X', 'EXIF', 'XMP ']));
    const stripped = Buffer.from(stripImageMetadata(photo, 'image/webp'));
    expect(webpChunkTypes(stripped)).not.toContain('XMP ');
    expect(stripped.readUInt32LE(4)).toBe(stripped.length - 8);
    const flags = stripped[20]!;
    expect(flags & 0x04).toBe(0); // no XMP
    expect(flags & 0x08).toBe(0x08); // the orientation-only EXIF
    expect((await sharp(stripped).metadata()).orientation).toBe(3);
    const none = Buffer.from(stripImageMetadata(await phonePhoto('webp', 1), 'image/webp'));
    expect(webpChunkTypes(none)).not.toContain('EXIF');
    expect(none[20]! & 0x0c).toBe(0);
  });
});

describe('properties', () => {
  /** Metadata a phone or an editor might add: APPn/COM segments (JPEG), ancillary chunks (PNG). */
  const payload = fc.uint8Array({ minLength: 0, maxLength: 200 });
  const jpegMeta = fc.array(fc.record({ marker: fc.constantFrom(0xe1, 0xe3, 0xe5, 0xe9, 0xec, 0xed, 0xef, 0xfe), payload }), {
    maxLength: 6,
  });
  const pngMeta = fc.array(fc.record({ type: fc.constantFrom('tEXt', 'iTXt', 'zTXt', 'tIME', 'eXIf', 'prVt', 'abCd'), payload }), {
    maxLength: 6,
  });

  it('stripping is idempotent, never grows the file, and keeps the pixels (JPEG with any APPn/COM metadata)', async () => {
    const photo = await phonePhoto('jpeg', 5);
    const pixels = await raw(photo);
    await fc.assert(
      fc.asyncProperty(jpegMeta, fc.integer({ min: 1, max: 8 }), async (segs, orientation) => {
        const withOrientation = jpegSegment(0xe1, Buffer.concat([EXIF_HEADER, orientationTiff(orientation)]));
        const input = withJpegSegments(photo, [...segs.map((s) => jpegSegment(s.marker, s.payload)), withOrientation]);
        const once = stripImageMetadata(input, 'image/jpeg');
        expect(once.length).toBeLessThanOrEqual(input.length);
        expect(Buffer.from(stripImageMetadata(once, 'image/jpeg')).equals(Buffer.from(once))).toBe(true);
        expect((await raw(once)).equals(pixels)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('stripping is idempotent and never grows the file (PNG with any ancillary chunks)', async () => {
    const png = await sharp({ create: { width: 12, height: 9, channels: 3, background: '#102030' } })
      .png()
      .toBuffer();
    const pixels = await raw(png);
    await fc.assert(
      fc.asyncProperty(pngMeta, async (chunks) => {
        const input = withPngChunks(
          png,
          chunks.map((c) => pngChunk(c.type, c.payload)),
        );
        const once = stripImageMetadata(input, 'image/png');
        expect(once.length).toBeLessThanOrEqual(input.length);
        expect(pngChunkTypes(once).filter((t) => t !== 'eXIf')).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
        expect(Buffer.from(stripImageMetadata(once, 'image/png')).equals(Buffer.from(once))).toBe(true);
        expect((await raw(once)).equals(pixels)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('on arbitrary bytes it either refuses the structure or gives a fixed point no longer than its input', () => {
    const starts = {
      jpeg: [0xff, 0xd8],
      png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      webp: [...Buffer.from('RIFF\0\0\0\0WEBP')],
    };
    fc.assert(
      fc.property(fc.constantFrom<Fmt>('jpeg', 'png', 'webp'), fc.uint8Array({ maxLength: 400 }), fc.boolean(), (fmt, tail, fixSize) => {
        const input = Buffer.concat([Buffer.from(starts[fmt]), tail]);
        if (fmt === 'webp' && fixSize) input.writeUInt32LE(input.length - 8, 4);
        let once: Uint8Array;
        try {
          once = stripImageMetadata(input, MIME[fmt]);
        } catch (e) {
          expect(e).toBeInstanceOf(ImageStructureError);
          return;
        }
        expect(once.length).toBeLessThanOrEqual(input.length);
        expect(Buffer.from(stripImageMetadata(once, MIME[fmt])).equals(Buffer.from(once))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('the orientation read back is the one written, for every orientation', () => {
    for (let o = 1; o <= 8; o++) expect(exifOrientation(orientationTiff(o))).toBe(o);
    expect(exifOrientation(orientationTiff(9))).toBe(1);
  });
});
