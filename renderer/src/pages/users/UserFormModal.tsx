import { App, Form, Input, Select, Switch } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ROLES, userCreate, userUpdate, type Role, type User } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { FormModal } from '../../forms/FormModal.js';
import { showApiError, validateWith } from '../../forms/zodForm.js';
import { roleLabel } from '../../labels.js';
import type { OneTimePassword } from './OneTimePasswordModal.js';

interface UserValues {
  username: string;
  displayName: string;
  role: Role | undefined;
  unitId: number | undefined;
  active: boolean;
}

/** New user (hands back a one-time password) or an edit of role, unit, name and status. */
export function UserFormModal({
  user,
  onClose,
  onPassword,
}: {
  user: User | null;
  onClose: () => void;
  onPassword: (otp: OneTimePassword) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<UserValues>();
  const role = Form.useWatch('role', form);
  const units = useOp('unit.list', { includeInactive: false });
  // A member pharmacist works in a member unit, never the general hospital (the hub says the same).
  const unitOptions = (units.data?.units ?? [])
    .filter((u) => role !== 'member_pharmacist' || !u.isLead)
    .map((u) => ({ value: u.id, label: `${u.code} ${u.name}` }));

  const submit = async (values: UserValues): Promise<boolean> => {
    try {
      if (user) {
        const checked = validateWith(form, userUpdate.input, {
          id: user.id,
          displayName: values.displayName,
          role: values.role,
          unitId: values.unitId,
          active: values.active,
        });
        if (!checked.ok) return false;
        await call('user.update', checked.data);
        void message.success(t('users.saved'));
      } else {
        const checked = validateWith(form, userCreate.input, {
          username: values.username,
          displayName: values.displayName,
          role: values.role,
          unitId: values.unitId,
        });
        if (!checked.ok) return false;
        const created = await call('user.create', checked.data);
        onPassword({ headline: t('users.otpCreated', { name: created.user.displayName }), password: created.oneTimePassword });
      }
      await client.invalidateQueries({ queryKey: ['user.list'] });
      return true;
    } catch (error) {
      if (!showApiError(form, error)) void message.error(errorMessage(error, t));
      return false;
    }
  };

  const initial: UserValues = user
    ? { username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, active: user.active }
    : { username: '', displayName: '', role: undefined, unitId: undefined, active: true };

  return (
    <FormModal
      open
      title={user ? t('users.editTitle') : t('users.createTitle')}
      form={form}
      initialValues={initial}
      onSubmit={submit}
      onClose={onClose}
      width={480}
    >
      <Form.Item name="username" label={t('users.username')} extra={user ? undefined : t('setup.usernameHelp')}>
        <Input disabled={user !== null} autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label={t('users.displayName')}>
        <Input />
      </Form.Item>
      <Form.Item name="role" label={t('users.role')}>
        <Select options={ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))} data-testid="user-role" />
      </Form.Item>
      <Form.Item name="unitId" label={t('users.unit')}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('users.unitPlaceholder')}
          loading={units.isPending}
          options={unitOptions}
          data-testid="user-unit"
        />
      </Form.Item>
      {user && (
        <Form.Item name="active" label={t('users.activeField')} valuePropName="checked">
          <Switch checkedChildren={t('common.active')} unCheckedChildren={t('common.inactive')} />
        </Form.Item>
      )}
    </FormModal>
  );
}
