import { Button, Result } from 'antd';
import { Link, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors.js';
import { FullPageSpin } from './FullPageSpin.js';

/** An address that names no page (or an item id that is not a number). */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('errors.notFound')}
      extra={<Link to="/">{t('nav.home')}</Link>}
      data-testid="not-found"
    />
  );
}

/** The hub could not be asked (setup status, who is signed in) or a page's code failed to load. */
export function RouteError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const router = useRouter();
  return (
    <Result
      status="warning"
      title={t('common.loadFailed')}
      subTitle={errorMessage(error, t)}
      extra={<Button onClick={() => void router.invalidate()}>{t('common.retry')}</Button>}
    />
  );
}

/** Shown only when a page's code or its first answer takes a while. */
export function PendingPage() {
  return <FullPageSpin />;
}
