import { Alert, Button, Flex } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../../layout/AuthLayout.js';
import { ChangePasswordForm } from '../profile/ChangePasswordForm.js';
import { sessionQuery, useSession } from '../../session/useSession.js';
import { useLogout } from '../../session/useLogout.js';

const route = getRouteApi('/change-password');

/** A one-time password works for nothing but this: the hub refuses every other call until it is changed. */
export function ForcePasswordChange() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const { redirect } = route.useSearch();
  const user = useSession().data;
  const logout = useLogout();
  // Signed out from here: the logout moves to the login page itself.
  if (!user) return null;
  const changed = async () => {
    await client.invalidateQueries({ queryKey: sessionQuery.queryKey });
    await navigate({ href: redirect ?? '/', replace: true });
  };
  return (
    <AuthLayout title={t('password.forcedTitle')} width={440}>
      <Alert
        type="info"
        showIcon
        title={`${user.displayName}（${user.username}）`}
        description={t('password.forcedHint')}
        style={{ marginBottom: 20 }}
      />
      <ChangePasswordForm block onChanged={() => void changed()} />
      <Flex justify="center" style={{ marginTop: 12 }}>
        <Button type="link" onClick={logout}>
          {t('userMenu.logout')}
        </Button>
      </Flex>
    </AuthLayout>
  );
}
