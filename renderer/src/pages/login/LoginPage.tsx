import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authLogin } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { clearErrorsOnChange, showApiError, validateWith } from '../../forms/zodForm.js';
import { AuthLayout } from '../../layout/AuthLayout.js';
import { useSetSession } from '../../session/useSession.js';

interface LoginValues {
  username: string;
  password: string;
}

const route = getRouteApi('/login');

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // Where the user was going (a deep link, or the page their session expired on); checked by the route.
  const { redirect } = route.useSearch();
  const [form] = Form.useForm<LoginValues>();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setSession = useSetSession();

  const submit = async () => {
    setFailure(null);
    const checked = validateWith(form, authLogin.input, form.getFieldsValue());
    if (!checked.ok) return;
    setBusy(true);
    try {
      const { user } = await call('auth.login', checked.data);
      setSession(user);
      await navigate({ href: redirect ?? '/', replace: true });
    } catch (error) {
      // Wrong password, locked (423) or deactivated: the hub's message says which.
      if (!showApiError(form, error)) setFailure(errorMessage(error, t));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('login.title')} subtitle={t('login.welcome')} width={400}>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onValuesChange={clearErrorsOnChange(form)}
        initialValues={{ username: '', password: '' }}
        onFinish={submit}
      >
        <Form.Item name="username" label={t('login.username')}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          {t('login.submit')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
