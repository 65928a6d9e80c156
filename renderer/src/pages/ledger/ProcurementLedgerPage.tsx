import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../layout/PageHeader.js';

/** 采购台账 (issue 10): being built. */
export function ProcurementLedgerPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.procurementLedger')} />
      <Empty description={t('ledger.title')} />
    </>
  );
}
