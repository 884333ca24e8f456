/** Sign-in screen. An offline sign-in (cached credentials in the core) is explained, not hidden. */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useAppDispatch, useAppSelector } from '../../store/hooks.js';
import { login } from './sessionSlice.js';
import { t } from '../../i18n/zh-CN.js';
import { errorText } from '../../store/listener.js';

export function LoginPage() {
  const dispatch = useAppDispatch();
  const { status, error } = useAppSelector((s) => s.session);
  const onFinish = (v: { username: string; password: string }) => {
    void dispatch(login({ username: v.username.trim(), password: v.password }));
  };
  return (
    <div className="login-screen" data-testid="login-page">
      <Card className="login-card">
        <div className="login-brand">
          <Typography.Title level={3}>{t.app.title}</Typography.Title>
          <Typography.Text type="secondary">{t.app.subtitle}</Typography.Text>
        </div>
        <Typography.Title level={5}>{t.login.title}</Typography.Title>
        {error && (
          <Alert
            type="error"
            showIcon
            title={t.login.failed}
            description={errorText(error)}
            data-testid="login-error"
            style={{ marginBottom: 16 }}
          />
        )}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="off">
          <Form.Item name="username" label={t.login.username} rules={[{ required: true, message: t.login.usernameRequired }]}>
            <Input prefix={<UserOutlined />} data-testid="login-username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t.login.password} rules={[{ required: true, message: t.login.passwordRequired }]}>
            <Input.Password prefix={<LockOutlined />} data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={status === 'signingIn'} data-testid="login-submit">
            {t.login.submit}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="login-hint">
          {t.login.hint}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
