import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../layout/PageHeader.js';

/** 完整性检查 (issue 10): being built. */
export function IntegrityPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.integrity')} />
      <Empty description={t('ledger.title')} />
    </>
  );
}
