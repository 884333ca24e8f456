/**
 * 短信记录 (issue 15.4): the relay's SMS log for supervisors, leaders and the admin — time (street time), kind,
 * recipient (mobile masked by the relay except for the admin), case number (opens the case), text, status,
 * attempts and the last error; filtered by period, kind, status and case number, paged. Online only: the log
 * is kept at the relay, so offline the page shows the core's Chinese reason.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ReloadOutlined } from '@ant-design/icons';
import type { SmsKind, SmsMessage, SmsStatus } from '../../../shared/sms.js';
import type { SmsListRequest, SmsListResponse } from '../../../shared/smsLog.js';
import { liveOptions, liveView, serverApi, type ServerCall } from '../../store/serverApi.js';
import { navigate } from '../ui/index.js';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { SmsSettingsPanel } from './SmsSettingsPanel.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtTime } from '../../lib/format.js';

const PAGE = 50;
const STATUS_COLOR: Record<SmsStatus, string> = { queued: 'gold', sent: 'blue', delivered: 'green', failed: 'red' };

/** The relay's SMS log through the renderer's one data layer (refetched on every visit and by 刷新). */
const smsQueries = serverApi.injectEndpoints({
  endpoints: (b) => ({
    smsList: b.query<SmsListResponse, SmsListRequest>({
      query: (input): ServerCall<'sms.list'> => ({ method: 'sms.list', input }),
    }),
  }),
});

/** The log for every role that may read it; the admin also gets the 短信设置 tab. */
export default function SmsPage() {
  const role = useAppSelector((st) => st.session.info?.user.role);
  if (role !== 'admin') return <SmsLog />;
  return (
    <div className="page" style={{ padding: '0 16px 16px' }}>
      <Tabs
        size="small"
        destroyOnHidden
        items={[
          { key: 'log', label: <span data-testid="sms-tab-log">{t.sms.tabs.log}</span>, children: <SmsLog inTab /> },
          { key: 'settings', label: <span data-testid="sms-tab-settings">{t.sms.tabs.settings}</span>, children: <SmsSettingsPanel /> },
        ]}
      />
    </div>
  );
}

/** `inTab`: inside the admin's tabs, which already pad the page. */
function SmsLog({ inTab = false }: { inTab?: boolean }) {
  const dispatch = useAppDispatch();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(7, 'day').startOf('day'), dayjs().endOf('day')]);
  const [kind, setKind] = useState<SmsKind | undefined>();
  const [status, setStatus] = useState<SmsStatus | undefined>();
  const [code, setCode] = useState('');
  const [caseCode, setCaseCode] = useState<string | undefined>();
  const [page, setPage] = useState(1);

  const query = useMemo(
    (): SmsListRequest => ({
      from: range[0].valueOf(),
      to: range[1].valueOf(),
      ...(kind ? { kind } : {}),
      ...(status ? { status } : {}),
      ...(caseCode ? { caseCode } : {}),
      offset: (page - 1) * PAGE,
      limit: PAGE,
    }),
    [range, kind, status, caseCode, page],
  );
  const view = liveView<SmsListResponse>(smsQueries.useSmsListQuery(query, liveOptions()));
  const { data: res, error, loading } = view;

  const s = t.sms;
  const c = s.columns;
  const kinds = (Object.keys(s.kinds) as SmsKind[]).map((k) => ({ value: k, label: s.kinds[k] }));
  const statuses = (Object.keys(s.statuses) as SmsStatus[]).map((k) => ({ value: k, label: s.statuses[k] }));
  return (
    <div className="page" data-testid="sms-page" style={{ padding: inTab ? '0 0 16px' : 16 }}>
      <Typography.Title level={4}>{s.title}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          value={range}
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && (setRange([v[0], v[1]]), setPage(1))}
          data-testid="sms-range"
        />
        <Select
          allowClear
          placeholder={s.kind}
          style={{ width: 140 }}
          options={kinds}
          value={kind}
          onChange={(v) => (setKind(v), setPage(1))}
          data-testid="sms-kind"
        />
        <Select
          allowClear
          placeholder={s.status}
          style={{ width: 120 }}
          options={statuses}
          value={status}
          onChange={(v) => (setStatus(v), setPage(1))}
          data-testid="sms-status"
        />
        <Input.Search
          allowClear
          placeholder={s.caseCode}
          style={{ width: 240 }}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onSearch={(v) => (setCaseCode(v.trim() || undefined), setPage(1))}
          enterButton={s.search}
          data-testid="sms-code"
        />
        <Button icon={<ReloadOutlined />} onClick={view.reload} data-testid="sms-refresh">
          {s.refresh}
        </Button>
        {res?.masked ? <Typography.Text type="secondary">{s.masked}</Typography.Text> : null}
      </Space>
      {error ? <Alert type="error" showIcon title={fmt(s.loadFailed, { msg: error })} style={{ marginBottom: 12 }} /> : null}
      <Table<SmsMessage>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={res?.messages ?? []}
        data-testid="sms-table"
        onRow={(r) => ({ 'data-testid': 'sms-row', 'data-status': r.status, 'data-kind': r.kind }) as never}
        pagination={false}
        columns={[
          { key: 'at', title: c.at, width: 140, render: (_, r) => fmtTime(r.createdAt) },
          { key: 'kind', title: c.kind, width: 90, render: (_, r) => s.kinds[r.kind] },
          {
            key: 'recipient',
            title: c.recipient,
            width: 170,
            render: (_, r) => (
              <span data-testid="sms-recipient">
                {r.recipient}
                <br />
                <Typography.Text type="secondary">{r.mobile}</Typography.Text>
              </span>
            ),
          },
          {
            key: 'code',
            title: c.code,
            width: 180,
            render: (_, r) => (
              <Typography.Link onClick={() => dispatch(navigate({ name: 'case', caseId: r.caseId }))} data-testid="sms-case">
                {r.caseCode}
              </Typography.Link>
            ),
          },
          { key: 'text', title: c.text, render: (_, r) => r.text },
          {
            key: 'status',
            title: c.status,
            width: 90,
            render: (_, r) => (
              <Tag color={STATUS_COLOR[r.status]} data-testid="sms-status-tag">
                {s.statuses[r.status]}
              </Tag>
            ),
          },
          { key: 'attempts', title: c.attempts, width: 80, render: (_, r) => r.attempts },
          { key: 'sentAt', title: c.sentAt, width: 140, render: (_, r) => fmtTime(r.sentAt) },
          { key: 'lastError', title: c.lastError, width: 180, render: (_, r) => r.lastError ?? t.app.dash },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={page <= 1} onClick={() => setPage((p) => p - 1)} data-testid="sms-prev">
          {s.prev}
        </Button>
        <Typography.Text>{fmt(s.pageInfo, { page })}</Typography.Text>
        <Button disabled={!res?.hasMore} onClick={() => setPage((p) => p + 1)} data-testid="sms-next">
          {s.more}
        </Button>
      </Space>
    </div>
  );
}
