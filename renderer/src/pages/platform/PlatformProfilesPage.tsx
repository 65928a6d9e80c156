import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../layout/PageHeader.js';

/** 平台配置 (issue 10): being built. */
export function PlatformProfilesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.platformProfiles')} />
      <Empty description={t('platform.title')} />
    </>
  );
}
