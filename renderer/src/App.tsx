import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOp } from './api/hooks.js';
import { errorMessage } from './api/errors.js';
import { FullPageSpin } from './layout/FullPageSpin.js';
import { AppShell } from './layout/AppShell.js';
import { ForcePasswordChange } from './pages/login/ForcePasswordChange.js';
import { LoginPage } from './pages/login/LoginPage.js';
import { SetupWizard } from './pages/setup/SetupWizard.js';
import { Redirect, usePath } from './router.js';
import { SessionContext } from './session/SessionContext.js';
import { useSession } from './session/useSession.js';

function LoadError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('common.loadFailed')}
      subTitle={errorMessage(error, t)}
      extra={<Button onClick={retry}>{t('common.retry')}</Button>}
    />
  );
}

/** Decides what the window shows: the setup wizard, the login, the forced password change, or the app. */
export function App() {
  const path = usePath();
  const status = useOp('setup.status', {}, { staleTime: Infinity });
  const initialized = status.data?.initialized === true;
  const session = useSession();

  if (status.isPending) return <FullPageSpin />;
  if (status.isError) return <LoadError error={status.error} retry={() => void status.refetch()} />;
  if (!initialized) return <SetupWizard />;

  if (session.isPending) return <FullPageSpin />;
  if (session.isError) return <LoadError error={session.error} retry={() => void session.refetch()} />;
  const user = session.data;
  if (!user) return path === '/login' ? <LoginPage /> : <Redirect to="/login" />;
  if (user.mustChangePassword) return <ForcePasswordChange user={user} />;
  return (
    <SessionContext.Provider value={user}>
      <AppShell />
    </SessionContext.Provider>
  );
}
