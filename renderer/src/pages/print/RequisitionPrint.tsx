import { useTranslation } from 'react-i18next';

/** Placeholder until the print view is built. */
export function RequisitionPrint() {
  const { t } = useTranslation();
  return <div>{t('requisitions.title')}</div>;
}
