/**
 * Files named by commands (issue 15.2): every attachment with a `sha256` must be held by the relay's file
 * store before a command naming it is applied, whoever sent it (a district change: relay/http.ts, 422 for
 * the request; a workstation push: relay/hub.ts, the mutation rejected). Uploads come first (POST
 * /api/files, POST /district/files) and name the file by the hash their answer returns.
 */
import type { Attachment } from '../../shared/model.js';

/** The stored files a command's attachments name (any command type with an `attachments` list). */
export function fileRefs(command: unknown): Array<Pick<Attachment, 'name'> & { sha256: string }> {
  const atts = (command as { attachments?: unknown } | null)?.attachments;
  if (!Array.isArray(atts)) return [];
  const out: Array<{ name: string; sha256: string }> = [];
  for (const a of atts as Array<{ name?: unknown; sha256?: unknown }>)
    if (typeof a?.sha256 === 'string') out.push({ name: typeof a.name === 'string' ? a.name : '', sha256: a.sha256 });
  return out;
}

/** The Chinese refusal for the first attachment of the command whose file is not stored, or null. */
export async function missingFile(command: unknown, hasFile: (sha256: string) => Promise<boolean>): Promise<string | null> {
  for (const a of fileRefs(command))
    if (!(await hasFile(a.sha256))) return `附件“${a.name || '附件'}”的文件（${a.sha256.slice(0, 12)}…）尚未上传到中继，请先上传文件。`;
  return null;
}
