/**
 * Attachment files (issue 15.2): what may be stored (JPEG, PNG, WebP images and PDF documents), how big, and
 * the check by content. The type is decided by the file's bytes (file-type's magic-number detection), never
 * by its name: a renamed program or web page is refused, and so is a name whose extension claims another
 * allowed type than the content has. Used by the relay's file store and the workstation's core before it
 * keeps a picked file.
 */
import { fileTypeFromBuffer } from 'file-type/core';
import { FileMime, Sha256Hex } from './model.js';

export { FileMime, Sha256Hex };

/** Default per-file limit (the relay's --max-file-mb overrides it). */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** The extensions a name may carry for each allowed type. */
const EXTENSIONS: Record<FileMime, readonly string[]> = {
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
};
const LABEL: Record<FileMime, string> = {
  'image/jpeg': 'JPEG 图片',
  'image/png': 'PNG 图片',
  'image/webp': 'WebP 图片',
  'application/pdf': 'PDF 文档',
};

/** The file extension of a name (lower case, without the dot), or '' when it has none. */
export function extensionOf(name: string): string {
  const m = /\.([^./\\]+)$/u.exec(name.trim());
  return m ? m[1]!.toLowerCase() : '';
}

export function mimeLabel(mime: FileMime): string {
  return LABEL[mime];
}

export function kindOf(mime: FileMime): 'photo' | 'document' {
  return mime === 'application/pdf' ? 'document' : 'photo';
}

export type ContentCheck =
  | { ok: true; mime: FileMime; kind: 'photo' | 'document' }
  | { ok: false; code: 'FILE_EMPTY' | 'FILE_TOO_LARGE' | 'FILE_TYPE_REFUSED' | 'FILE_DISGUISED'; message: string };

function megabytes(n: number): string {
  const mb = n / (1024 * 1024);
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}

/**
 * Checks a file by its bytes: not empty, at most `maxBytes`, of an allowed type by content, and not named
 * as another type than it is. Messages in Chinese for the person who picked or sent the file.
 */
export async function checkFileContent(bytes: Uint8Array, name: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<ContentCheck> {
  const shown = name.trim() || '文件';
  if (bytes.length === 0) return { ok: false, code: 'FILE_EMPTY', message: `“${shown}”是空文件，不能作为附件。` };
  if (bytes.length > maxBytes)
    return {
      ok: false,
      code: 'FILE_TOO_LARGE',
      message: `“${shown}”有 ${megabytes(bytes.length)} MB，超过了每个附件 ${megabytes(maxBytes)} MB 的上限。`,
    };
  const detected = await fileTypeFromBuffer(bytes);
  const mime = FileMime.safeParse(detected?.mime);
  const ext = extensionOf(name);
  const claimed = (Object.keys(EXTENSIONS) as FileMime[]).find((m) => EXTENSIONS[m].includes(ext));
  if (!mime.success) {
    const what = detected ? `${detected.ext.toUpperCase()} 文件` : '无法识别类型的文件';
    return {
      ok: false,
      code: claimed ? 'FILE_DISGUISED' : 'FILE_TYPE_REFUSED',
      message: claimed
        ? `“${shown}”名为${LABEL[claimed]}，但内容是${what}，已拒收。附件只接受 JPEG、PNG、WebP 图片和 PDF 文档。`
        : `“${shown}”是${what}，附件只接受 JPEG、PNG、WebP 图片和 PDF 文档。`,
    };
  }
  if (claimed && claimed !== mime.data)
    return {
      ok: false,
      code: 'FILE_DISGUISED',
      message: `“${shown}”名为${LABEL[claimed]}，但内容是${LABEL[mime.data]}，文件名与内容不符，已拒收。`,
    };
  return { ok: true, mime: mime.data, kind: kindOf(mime.data) };
}
