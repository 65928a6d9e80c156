import { Alert, Button, Flex } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../core/api/index.js';
import { AuthLayout } from '../../layout/AuthLayout.js';
import { ChangePasswordForm } from '../profile/ChangePasswordForm.js';
import { SESSION_KEY } from '../../session/useSession.js';
import { useLogout } from '../../session/useLogout.js';

/** A one-time password works for nothing but this: the hub refuses every other call until it is changed. */
export function ForcePasswordChange({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const logout = useLogout();
  return (
    <AuthLayout title={t('password.forcedTitle')} width={440}>
      <Alert
        type="info"
        showIcon
        title={`${user.displayName}（${user.username}）`}
        description={t('password.forcedHint')}
        style={{ marginBottom: 20 }}
      />
      <ChangePasswordForm block onChanged={() => void client.invalidateQueries({ queryKey: SESSION_KEY })} />
      <Flex justify="center" style={{ marginTop: 12 }}>
        <Button type="link" onClick={logout}>
          {t('userMenu.logout')}
        </Button>
      </Flex>
    </AuthLayout>
  );
}
