/** The case's attachments card body: the report's files and, once a department reported, its result files. */
import { Typography } from 'antd';
import type { GridEvent } from '../../../../shared/gridEvent.js';
import { t } from '../../../i18n/zh-CN.js';
import { AttachmentList } from './AttachmentView.js';
import { resultAttachments } from './BeforeAfter.js';

export function CaseAttachments({ caseState }: { caseState: GridEvent }) {
  const result = resultAttachments(caseState);
  if (caseState.attachments.length === 0 && result.length === 0)
    return <Typography.Text type="secondary">{t.case.noAttachments}</Typography.Text>;
  return (
    <div data-testid="case-attachments">
      <div style={{ marginBottom: 4 }}>{t.attachments.reportPhotos}</div>
      <AttachmentList items={caseState.attachments} empty={t.case.noAttachments} testId="report-attachments" />
      {result.length > 0 && (
        <>
          <div style={{ margin: '8px 0 4px' }}>{t.attachments.resultPhotos}</div>
          <AttachmentList items={result} empty={t.case.noAttachments} testId="result-attachments" />
        </>
      )}
    </div>
  );
}
