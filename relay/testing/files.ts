/** Real files for the attachment tests (issue 15.2): small images made with sharp, a PDF, disguised files. */
import sharp from 'sharp';

/** A small image of one colour with a darker square in it (so before/after photos look different). */
export async function testImage(format: 'jpeg' | 'png' | 'webp', colour = '#3a7bd5', width = 640, height = 480): Promise<Buffer> {
  const square = await sharp({
    create: { width: Math.round(width / 3), height: Math.round(height / 3), channels: 3, background: '#222222' },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .composite([{ input: square, left: Math.round(width / 3), top: Math.round(height / 3) }])
    .toFormat(format)
    .toBuffer();
}

/** A minimal, well-formed one-page PDF. */
export function testPdf(): Buffer {
  const objects = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(Buffer.byteLength(body));
    body += o;
  }
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The start of a Windows program (MZ header, PE signature): what an .exe renamed .jpg carries. */
export function testExe(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

/** A web page, to be named .pdf. */
export function testHtml(): Buffer {
  return Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>', 'utf8');
}

/** A noisy image (does not compress): for files of several pieces or over a size limit. */
export function testNoiseImage(format: 'jpeg' | 'png', width = 800, height = 600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .toFormat(format)
    .toBuffer();
}

/**
 * A phone photo: an image with EXIF (GPS position in IFD3, camera make and model), XMP and an orientation,
 * as phones write them; the relay must store it without the metadata (shared/imageMetadata.ts).
 */
export async function testPhonePhoto(format: 'jpeg' | 'png' | 'webp' = 'jpeg', orientation = 6, colour = '#3a7bd5'): Promise<Buffer> {
  return sharp(await testImage(format, colour, 64, 48))
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Reporter-X1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 12/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '115/1 2/1 0/1' },
    })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description GPSLatitude="30,12.0N"/></rdf:RDF></x:xmpmeta>')
    .withMetadata({ orientation })
    .toBuffer();
}

/** Whether bytes still carry the phone photo's metadata (camera, GPS text, XMP). */
export function hasPhoneMetadata(bytes: Uint8Array): boolean {
  const t = Buffer.from(bytes).toString('latin1');
  return ['PhoneMaker', 'Reporter-X1', 'xmpmeta', 'GPS'].some((s) => t.includes(s));
}
