import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../layout/PageHeader.js';

/** 医保进销存上报 (issue 10): being built. */
export function MedinsReportsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.medinsReports')} />
      <Empty description={t('medins.title')} />
    </>
  );
}
