/** 处置前后对比 at verification (核查): the report's photos beside the department's result photos. */
import { Card, Col, Row } from 'antd';
import type { GridEvent } from '../../../../shared/gridEvent.js';
import type { Attachment } from '../../../../shared/model.js';
import { t } from '../../../i18n/zh-CN.js';
import { AttachmentList } from './AttachmentView.js';

/** The attachments of the latest result (反馈) on the case's timeline. */
export function resultAttachments(c: GridEvent): Attachment[] {
  for (let i = c.timeline.length - 1; i >= 0; i--) {
    const e = c.timeline[i]!;
    if (e.type === 'result_reported') {
      const atts = (e.data as { attachments?: Attachment[] } | undefined)?.attachments;
      return Array.isArray(atts) ? atts : [];
    }
  }
  return [];
}

export function BeforeAfter({ caseState }: { caseState: GridEvent }) {
  return (
    <Card size="small" title={t.attachments.beforeAfter} style={{ marginBottom: 12 }} data-testid="before-after">
      <Row gutter={12}>
        <Col span={12}>
          <div style={{ fontWeight: 500, marginBottom: 6 }}>{t.attachments.before}</div>
          <AttachmentList items={caseState.attachments} empty={t.attachments.noneBefore} size={140} testId="before-photos" />
        </Col>
        <Col span={12}>
          <div style={{ fontWeight: 500, marginBottom: 6 }}>{t.attachments.after}</div>
          <AttachmentList items={resultAttachments(caseState)} empty={t.attachments.noneAfter} size={140} testId="after-photos" />
        </Col>
      </Row>
    </Card>
  );
}
