import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { authChangePassword } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { useSubmit } from '../../forms/useSubmit.js';
import { clearErrorsOnChange } from '../../forms/zodForm.js';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const EMPTY: PasswordValues = { currentPassword: '', newPassword: '', confirmPassword: '' };

/** Current password, new password twice; the policy comes from the same schema the hub applies. */
export function ChangePasswordForm({ onChanged, block = false }: { onChanged: () => void; block?: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PasswordValues>();
  const { submit: send, busy } = useSubmit(form);

  const submit = async () => {
    const values = form.getFieldsValue();
    const changed = await send({
      schema: authChangePassword.input,
      input: { currentPassword: values.currentPassword, newPassword: values.newPassword },
      extra: () => (values.newPassword !== values.confirmPassword ? [{ name: 'confirmPassword', message: t('password.mismatch') }] : []),
      send: (data) => call('auth.changePassword', data),
      success: t('password.changed'),
    });
    if (!changed) return;
    form.resetFields();
    onChanged();
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={EMPTY}
      onValuesChange={clearErrorsOnChange(form)}
      onFinish={submit}
      requiredMark={false}
      style={{ maxWidth: block ? undefined : 400 }}
    >
      <Form.Item name="currentPassword" label={t('password.currentPassword')}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('password.newPassword')} extra={t('setup.passwordHelp')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="confirmPassword" label={t('password.confirmPassword')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} block={block}>
        {t('password.submit')}
      </Button>
    </Form>
  );
}
