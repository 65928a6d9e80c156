import { App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authChangePassword } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { clearErrorsOnChange, showApiError, validateWith } from '../../forms/zodForm.js';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const EMPTY: PasswordValues = { currentPassword: '', newPassword: '', confirmPassword: '' };

/** Current password, new password twice; the policy comes from the same schema the hub applies. */
export function ChangePasswordForm({ onChanged, block = false }: { onChanged: () => void; block?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const values = form.getFieldsValue();
    const checked = validateWith(form, authChangePassword.input, {
      currentPassword: values.currentPassword,
      newPassword: values.newPassword,
    });
    if (!checked.ok) return;
    if (values.newPassword !== values.confirmPassword) {
      form.setFields([{ name: 'confirmPassword', errors: [t('password.mismatch')] }]);
      return;
    }
    setBusy(true);
    try {
      await call('auth.changePassword', checked.data);
      form.resetFields();
      void message.success(t('password.changed'));
      onChanged();
    } catch (error) {
      if (!showApiError(form, error)) void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
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
