/**
 * Attachments in the workbench (issue 15.2): an image's thumbnail (from the core: its cache or the relay),
 * opened full size in a preview on click; a PDF opened as a download; an old names-only attachment as its
 * name. Files come through the workstation API ('file.get'), never from the page's own requests.
 */
import { FileOutlined, FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Image, Space, Tag, Tooltip, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import type { Attachment } from '../../../../shared/model.js';
import { t } from '../../../i18n/zh-CN.js';
import { downloadBlob } from '../../../lib/download.js';
import { useApi } from '../../../store/hooks.js';

const dataUrl = (mime: string, data: string) => `data:${mime};base64,${data}`;

function base64Bytes(data: string): Uint8Array {
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function ImageThumb({ a, size }: { a: Attachment & { sha256: string }; size: number }) {
  const api = useApi();
  const [thumb, setThumb] = useState<string | null>(null);
  const [full, setFull] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.call('file.get', { sha256: a.sha256, variant: 'thumb' }).then(
      (f) => live && setThumb(dataUrl(f.mime, f.data)),
      (e: Error) => live && setFailed(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, a.sha256]);
  if (failed)
    return (
      <Tooltip title={failed}>
        <Tag icon={<PaperClipOutlined />} data-testid="att-failed">
          {a.name} · {t.attachments.loadFailed}
        </Tag>
      </Tooltip>
    );
  return (
    <figure className="att-thumb" data-testid="att-thumb" data-sha={a.sha256} style={{ margin: 0, width: size }}>
      <Image
        width={size}
        height={Math.round((size * 3) / 4)}
        style={{ objectFit: 'cover', borderRadius: 4 }}
        src={thumb ?? undefined}
        alt={a.name}
        preview={{
          src: full ?? thumb ?? undefined,
          onOpenChange: (open) => {
            if (open && !full)
              api.call('file.get', { sha256: a.sha256, variant: 'full' }).then(
                (f) => setFull(dataUrl(f.mime, f.data)),
                (e: Error) => void message.error(e.message),
              );
          },
        }}
      />
      <figcaption style={{ fontSize: 12, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={a.name}>
        {a.name}
      </figcaption>
    </figure>
  );
}

function PdfButton({ a }: { a: Attachment & { sha256: string } }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="small"
      icon={<FilePdfOutlined />}
      loading={busy}
      data-testid="att-pdf"
      onClick={() => {
        setBusy(true);
        api
          .call('file.get', { sha256: a.sha256, variant: 'full' })
          .then(
            (f) => downloadBlob(base64Bytes(f.data), a.name.toLowerCase().endsWith('.pdf') ? a.name : `${a.name}.pdf`, 'application/pdf'),
            (e: Error) => void message.error(e.message),
          )
          .finally(() => setBusy(false));
      }}
    >
      {a.name}
    </Button>
  );
}

/** One attachment as the workbench shows it. */
export function AttachmentItem({ a, size = 112 }: { a: Attachment; size?: number }) {
  if (a.sha256 === undefined)
    return (
      <Tooltip title={t.attachments.nameOnly}>
        <Tag icon={a.kind === 'photo' ? <PaperClipOutlined /> : <FileOutlined />}>{a.name}</Tag>
      </Tooltip>
    );
  const stored = a as Attachment & { sha256: string };
  return a.mime === 'application/pdf' ? <PdfButton a={stored} /> : <ImageThumb a={stored} size={size} />;
}

/** A row of attachments (thumbnails first), or a quiet “none”. */
export function AttachmentList({
  items,
  empty,
  size,
  testId,
}: {
  items: readonly Attachment[];
  empty: string;
  size?: number;
  testId?: string;
}) {
  if (items.length === 0)
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {empty}
      </Typography.Text>
    );
  const ordered = [...items].sort((x, y) => Number(x.mime === 'application/pdf') - Number(y.mime === 'application/pdf'));
  return (
    <Space wrap align="start" data-testid={testId}>
      {ordered.map((a, i) => (
        <AttachmentItem key={`${a.sha256 ?? a.name}-${i}`} a={a} {...(size !== undefined ? { size } : {})} />
      ))}
    </Space>
  );
}
