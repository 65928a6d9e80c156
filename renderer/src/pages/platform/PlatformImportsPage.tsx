import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../layout/PageHeader.js';

/** 导入平台数据 (issue 10): being built. */
export function PlatformImportsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.platformImports')} />
      <Empty description={t('platformImports.title')} />
    </>
  );
}
