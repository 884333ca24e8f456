/** The keyboard help sheet (?). */
import { Modal, Typography } from 'antd';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { setHelpOpen } from '../ui/index.js';
import { t } from '../../i18n/zh-CN.js';

const LINES = [
  t.shortcuts.move,
  t.shortcuts.open,
  t.shortcuts.accept,
  t.shortcuts.dispatch,
  t.shortcuts.urge,
  t.shortcuts.verify,
  t.shortcuts.close,
  t.shortcuts.submit,
  t.shortcuts.search,
  t.shortcuts.back,
  t.shortcuts.help,
];

export function HelpSheet() {
  const open = useAppSelector((s) => s.ui.helpOpen);
  const dispatch = useAppDispatch();
  return (
    <Modal open={open} title={t.shortcuts.title} footer={null} onCancel={() => dispatch(setHelpOpen(false))} data-testid="help-sheet">
      <div data-testid="help-sheet-body">
        {LINES.map((l) => (
          <Typography.Paragraph key={l} className="help-line">
            {l}
          </Typography.Paragraph>
        ))}
      </div>
    </Modal>
  );
}
