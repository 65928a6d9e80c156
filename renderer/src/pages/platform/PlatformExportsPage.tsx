import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../layout/PageHeader.js';

/** 导出平台文件 (issue 10): being built. */
export function PlatformExportsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.platformExports')} />
      <Empty description={t('platform.title')} />
    </>
  );
}
