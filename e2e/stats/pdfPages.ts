/**
 * The pages of a PDF that Chromium's page.pdf() wrote: how many, and whether each draws any text (a page
 * whose content stream shows no glyphs is blank). Enough of PDF for Chromium's (Skia's) output: objects
 * `n 0 obj … endobj`, page objects `/Type /Page` with `/Contents n 0 R`, content streams plain or
 * FlateDecode. No PDF library is among the dependencies.
 */
import zlib from 'node:zlib';

export interface PdfPage {
  /** The MediaBox width and height, in points. */
  size: [number, number];
  /** The page shows text (a Tj or TJ operator in its content stream). */
  hasText: boolean;
}

export function pdfPages(pdf: Buffer): PdfPage[] {
  const s = pdf.toString('latin1');
  const objects = new Map<number, string>();
  for (const m of s.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(Number(m[1]), m[2]!);
  const pages: PdfPage[] = [];
  for (const body of objects.values()) {
    if (!/\/Type\s*\/Page(?![a-zA-Z])/.test(body)) continue;
    const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(body);
    const ref = /\/Contents\s+(\d+) 0 R/.exec(body);
    let text = '';
    const content = ref ? objects.get(Number(ref[1])) : undefined;
    const stream = content ? /stream\r?\n([\s\S]*?)\r?\nendstream/.exec(content) : null;
    if (content && stream) {
      const raw = Buffer.from(stream[1]!, 'latin1');
      text = (/\/FlateDecode/.test(content.slice(0, content.indexOf('stream'))) ? zlib.inflateSync(raw) : raw).toString('latin1');
    }
    pages.push({
      size: box ? [Number(box[3]) - Number(box[1]), Number(box[4]) - Number(box[2])] : [0, 0],
      hasText: /(^|[\s\])>])T[jJ](?![a-zA-Z])/.test(text),
    });
  }
  return pages;
}
