/**
 * The scheme editor (leaders and admins only: the page does not render it for other roles, and the core
 * and relay refuse their saves): the rules of one kind's scheme, saved on the relay as the next version.
 */
import { Alert, Button, Drawer, Form, Space, Typography } from 'antd';
import { AssessmentScheme } from '../../../../shared/assessment/types.js';
import { DEFAULT_SCHEMES } from '../../../../shared/assessment/defaults.js';
import { a, fmt } from '../strings.js';
import { RuleEditor } from './RuleEditor.js';

/** A draft of one kind's scheme and the version it was started from (0: the built-in default). */
export interface SchemeDraft {
  scheme: AssessmentScheme;
  basedOn: number;
}

export function SchemeDrawer({
  editing,
  setEditing,
  saveScheme,
  saving,
}: {
  editing: SchemeDraft | null;
  setEditing: (s: SchemeDraft | null) => void;
  saveScheme: (s: SchemeDraft) => void;
  saving: boolean;
}) {
  const edit = (scheme: AssessmentScheme) => editing && setEditing({ ...editing, scheme });
  return (
    <Drawer
      open={editing !== null}
      onClose={() => setEditing(null)}
      size={640}
      title={`${a.scheme} · ${editing ? a.kinds[editing.scheme.kind] : ''}`}
    >
      {editing ? (
        <Form layout="vertical" data-testid="scheme-editor">
          <Alert type="info" style={{ marginBottom: 12 }} title={a.schemeEditorNote} />
          <Form.Item label={a.schemeVersion}>
            <Typography.Text data-testid="scheme-based-on">
              {editing.basedOn > 0 ? fmt(a.schemeBasedOn, { version: editing.basedOn }) : a.schemeBasedOnDefault}
            </Typography.Text>
          </Form.Item>
          {editing.scheme.rules.map((r, i) => (
            <RuleEditor
              key={r.id}
              rule={r}
              onChange={(nr) => edit({ ...editing.scheme, rules: editing.scheme.rules.map((x, j) => (j === i ? nr : x)) })}
            />
          ))}
          <Space>
            <Button type="primary" data-testid="save-scheme" loading={saving} onClick={() => saveScheme(editing)}>
              {a.saveScheme}
            </Button>
            <Button onClick={() => edit(AssessmentScheme.parse(DEFAULT_SCHEMES[editing.scheme.kind]))}>{a.resetScheme}</Button>
          </Space>
        </Form>
      ) : null}
    </Drawer>
  );
}
