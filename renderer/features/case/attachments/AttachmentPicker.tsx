/**
 * The file picker of command forms (反馈 result, 中心登记): each picked file goes to the core in pieces
 * ('file.upload'), which checks it by content and uploads it (or keeps it until the relay is back). The
 * field's value is the list of stored attachments; a refused file is named with the core's Chinese reason.
 */
import { CloseOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Space, Typography, message } from 'antd';
import { useRef, useState } from 'react';
import { FILE_CHUNK_BYTES } from '../../../../shared/api.js';
import type { Attachment } from '../../../../shared/model.js';
import { t } from '../../../i18n/zh-CN.js';
import { useApi } from '../../../store/hooks.js';
import type { ApiClient } from '../../../api/client.js';
import { AttachmentItem } from './AttachmentView.js';

const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf';

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function uploadId(): string {
  return (globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`).replaceAll('-', '');
}

/** Sends one file to the core in pieces; the answer of the last piece. */
export async function sendFile(api: ApiClient, file: File): Promise<{ attachment: Attachment; uploaded: boolean }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const id = uploadId();
  const total = Math.max(1, Math.ceil(bytes.length / FILE_CHUNK_BYTES));
  for (let index = 0; index < total; index++) {
    const data = toBase64(bytes.subarray(index * FILE_CHUNK_BYTES, (index + 1) * FILE_CHUNK_BYTES));
    const r = await api.call('file.upload', { uploadId: id, name: file.name || 'file', index, total, data });
    if (r.done) return { attachment: r.attachment, uploaded: r.uploaded };
  }
  throw new Error(t.attachments.loadFailed);
}

export function AttachmentPicker({ value, onChange }: { value?: Attachment[]; onChange?: (v: Attachment[]) => void }) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const list = value ?? [];

  async function picked(files: FileList | null) {
    if (!files || files.length === 0) return;
    setBusy(true);
    let next = list;
    try {
      for (const f of Array.from(files)) {
        try {
          const r = await sendFile(api, f);
          if (!next.some((a) => a.sha256 === r.attachment.sha256)) next = [...next, r.attachment];
          onChange?.(next);
          void message.info(r.uploaded ? t.attachments.uploaded(f.name) : t.attachments.keptOffline(f.name));
        } catch (e) {
          void message.error((e as Error).message);
        }
      }
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()} data-testid="att-pick">
          {busy ? t.attachments.picking : t.attachments.pick}
        </Button>
        <Typography.Text type="secondary">{t.attachments.accept}</Typography.Text>
      </Space>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        style={{ display: 'none' }}
        data-testid="att-input"
        onChange={(e) => void picked(e.target.files)}
      />
      {list.length > 0 && (
        <Space wrap align="start" data-testid="att-picked">
          {list.map((a) => (
            <Space key={a.sha256 ?? a.name} direction="vertical" size={2} align="center">
              <AttachmentItem a={a} size={88} />
              <Button
                size="small"
                type="text"
                icon={<CloseOutlined />}
                onClick={() => onChange?.(list.filter((x) => x !== a))}
                aria-label={t.attachments.remove}
              >
                {t.attachments.remove}
              </Button>
            </Space>
          ))}
        </Space>
      )}
    </Space>
  );
}
