import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../layout/PageHeader.js';

/** Placeholder until the page is built. */
export function VouchersPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('vouchers.title')} />;
}
