/**
 * The district platform's photos (issue 15.2): small real JPEG images the simulator attaches to some
 * reports (现场照片, before) and results (处置后照片, after). The platform uploads each file first to the
 * relay's POST /district/files (raw bytes, x-signature over them with the webhook secret, x-file-name), and
 * its changes then name the stored file by sha256, size and type (docs/protocol.md "Attachments"). The same
 * bytes are stored once, so a few scenes serve every case.
 */
import sharp from 'sharp';
import type { Attachment } from '../../shared/model.js';
import { signBody } from '../auth.js';

export interface SimPhotos {
  before: Attachment[];
  after: Attachment[];
}

const W = 480;
const H = 360;

function scene(kind: 'before' | 'after', variant: number): string {
  const road = `<rect x="0" y="${H * 0.45}" width="${W}" height="${H * 0.55}" fill="#6b6b6b"/><rect x="0" y="0" width="${W}" height="${H * 0.45}" fill="${variant % 2 ? '#9fc5e8' : '#b4d7a8'}"/>`;
  const line = `<rect x="${W * 0.1}" y="${H * 0.72}" width="${W * 0.8}" height="6" fill="#f1f1f1"/>`;
  const mess =
    kind === 'before'
      ? `<ellipse cx="${W * (0.35 + 0.1 * variant)}" cy="${H * 0.7}" rx="70" ry="26" fill="#1d1d1d"/>` +
        `<rect x="${W * 0.62}" y="${H * 0.55}" width="46" height="30" fill="#8b5a2b" transform="rotate(12 ${W * 0.62} ${H * 0.55})"/>` +
        `<rect x="${W * 0.7}" y="${H * 0.62}" width="30" height="22" fill="#c0392b"/>`
      : `<ellipse cx="${W * (0.35 + 0.1 * variant)}" cy="${H * 0.7}" rx="70" ry="26" fill="#7a7a7a"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${road}${line}${mess}</svg>`;
}

export async function simPhotoBytes(kind: 'before' | 'after', variant: number): Promise<Buffer> {
  return sharp(Buffer.from(scene(kind, variant)))
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** Uploads the scenes once; null (names-only attachments) when the relay does not take them. */
export async function uploadSimPhotos(relayUrl: string, secret: string, log: (m: string) => void): Promise<SimPhotos | null> {
  const out: SimPhotos = { before: [], after: [] };
  try {
    for (const kind of ['before', 'after'] as const)
      for (let v = 0; v < 2; v++) {
        const bytes = await simPhotoBytes(kind, v);
        const name = kind === 'before' ? `现场照片${v + 1}.jpg` : `处置后照片${v + 1}.jpg`;
        const res = await fetch(relayUrl + '/district/files', {
          method: 'POST',
          headers: { 'x-signature': signBody(bytes, secret), 'x-file-name': encodeURIComponent(name), 'content-type': 'image/jpeg' },
          body: new Uint8Array(bytes),
        });
        const body = (await res.json()) as { ok: boolean; value?: { sha256: string; size: number; mime: 'image/jpeg' }; message?: string };
        if (!res.ok || !body.ok || !body.value) throw new Error(`POST /district/files: ${res.status} ${body.message ?? ''}`);
        out[kind].push({ name, kind: 'photo', sha256: body.value.sha256, size: body.value.size, mime: body.value.mime });
      }
    return out;
  } catch (e) {
    log(`photos not uploaded, attachments stay names only: ${(e as Error).message}`);
    return null;
  }
}
