import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../layout/PageHeader.js';

/** 提醒推送 (issue 10): being built. */
export function AlertSettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.alertSettings')} />
      <Empty description={t('alerts.title')} />
    </>
  );
}
