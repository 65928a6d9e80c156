import { Form, Input, Select, Switch } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ROLES, userCreate, userUpdate, type Role, type User } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { useOp } from '../../api/hooks.js';
import { FormModal } from '../../forms/FormModal.js';
import { useSubmit } from '../../forms/useSubmit.js';
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
  const client = useQueryClient();
  const [form] = Form.useForm<UserValues>();
  const role = Form.useWatch('role', form);
  const units = useOp('unit.list', { includeInactive: false });
  // A member pharmacist works in a member unit, never the general hospital (the hub says the same).
  const unitOptions = (units.data?.units ?? [])
    .filter((u) => role !== 'member_pharmacist' || !u.isLead)
    .map((u) => ({ value: u.id, label: `${u.code} ${u.name}` }));

  const { submit: send } = useSubmit(form);
  const refresh = () => client.invalidateQueries({ queryKey: ['user.list'] });
  const submit = (values: UserValues) =>
    user
      ? send({
          schema: userUpdate.input,
          input: { id: user.id, displayName: values.displayName, role: values.role, unitId: values.unitId, active: values.active },
          send: async (data) => {
            await call('user.update', data);
            await refresh();
          },
          success: t('users.saved'),
        })
      : // A new user's one-time password is shown in its own dialog instead of a toast.
        send({
          schema: userCreate.input,
          input: { username: values.username, displayName: values.displayName, role: values.role, unitId: values.unitId },
          send: async (data) => {
            const created = await call('user.create', data);
            onPassword({ headline: t('users.otpCreated', { name: created.user.displayName }), password: created.oneTimePassword });
            await refresh();
          },
        });

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
