/** The scheme editor: version and rules of the scheme of one kind, saved locally or reset to the default. */
import { Button, Drawer, Form, Input, Space } from 'antd';
import { AssessmentScheme } from '../../../../shared/assessment/types.js';
import { DEFAULT_SCHEMES } from '../../../../shared/assessment/defaults.js';
import { a } from '../strings.js';
import { RuleEditor } from './RuleEditor.js';

export function SchemeDrawer({
  editing,
  setEditing,
  saveScheme,
}: {
  editing: AssessmentScheme | null;
  setEditing: (s: AssessmentScheme | null) => void;
  saveScheme: (s: AssessmentScheme) => void;
}) {
  return (
    <Drawer
      open={editing !== null}
      onClose={() => setEditing(null)}
      size={640}
      title={`${a.scheme} · ${editing ? a.kinds[editing.kind] : ''}`}
    >
      {editing ? (
        <Form layout="vertical">
          <Form.Item label={a.schemeVersion}>
            <Input
              data-testid="scheme-version"
              value={editing.version}
              onChange={(e) => setEditing({ ...editing, version: e.target.value })}
            />
          </Form.Item>
          {editing.rules.map((r, i) => (
            <RuleEditor
              key={r.id}
              rule={r}
              onChange={(nr) => setEditing({ ...editing, rules: editing.rules.map((x, j) => (j === i ? nr : x)) })}
            />
          ))}
          <Space>
            <Button type="primary" data-testid="save-scheme" onClick={() => saveScheme(editing)}>
              {a.saveScheme}
            </Button>
            <Button onClick={() => setEditing(AssessmentScheme.parse(DEFAULT_SCHEMES[editing.kind]))}>{a.resetScheme}</Button>
          </Space>
        </Form>
      ) : null}
    </Drawer>
  );
}
