import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../layout/PageHeader.js';

/** 集采监测 (issue 10): being built. */
export function VbpMonitoringPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.vbpMonitoring')} />
      <Empty description={t('vbp.title')} />
    </>
  );
}
