import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../layout/PageHeader.js';

/** 提醒 (issue 10): being built. */
export function AlertsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.alerts')} />
      <Empty description={t('alerts.title')} />
    </>
  );
}
