import { useNavigate } from '@tanstack/react-router';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client.js';
import { useSetSession } from './useSession.js';

/** Ends the session on the hub, then forgets everything cached for this user, whatever the hub answered. */
export function useLogout() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const setSession = useSetSession();
  const navigate = useNavigate();
  return () => {
    void call('auth.logout', {})
      .catch(() => undefined)
      .finally(() => {
        setSession(null);
        void navigate({ to: '/login', replace: true });
        void message.success(t('userMenu.loggedOut'));
      });
  };
}
