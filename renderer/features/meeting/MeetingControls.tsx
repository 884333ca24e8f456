/** The presenter's buttons under the slide: back, position, next, record a decision, chair and attendees, print the minutes, full screen. */
import { Button, Space } from 'antd';
import { FullscreenOutlined, LeftOutlined, PrinterOutlined, RightOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { m, fmt } from './strings.js';

export function MeetingControls({
  index,
  count,
  go,
  onRecord,
  onInfo,
  hasData,
}: {
  index: number;
  /** How many slides the agenda has. */
  count: number;
  go: (i: number) => void;
  onRecord: () => void;
  /** Opens the chair and attendees dialog. */
  onInfo: () => void;
  hasData: boolean;
}) {
  return (
    <div className="meeting-controls">
      <Space size="large" wrap>
        <Button size="large" data-testid="meeting-back" icon={<LeftOutlined />} onClick={() => go(index - 1)} disabled={index === 0}>
          {m.back}
        </Button>
        <span data-testid="meeting-position" className="meeting-position">
          {fmt(m.position, { i: Math.min(index, count - 1) + 1, n: count })}
        </span>
        <Button size="large" data-testid="meeting-next" onClick={() => go(index + 1)} disabled={index >= count - 1}>
          {m.next} <RightOutlined />
        </Button>
        <Button
          size="large"
          type="primary"
          data-testid="record-decision"
          icon={<SolutionOutlined />}
          onClick={onRecord}
          disabled={!hasData}
        >
          {m.recordDecision}
        </Button>
        <Button size="large" data-testid="meeting-info" icon={<TeamOutlined />} onClick={onInfo}>
          {m.info.button}
        </Button>
        <Button size="large" data-testid="print-minutes" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!hasData}>
          {m.printMinutes}
        </Button>
        <Button
          size="large"
          icon={<FullscreenOutlined />}
          onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
        >
          {m.fullscreen}
        </Button>
      </Space>
    </div>
  );
}
