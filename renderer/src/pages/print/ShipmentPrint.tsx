import { useTranslation } from 'react-i18next';

/** Placeholder until the print view is built. */
export function ShipmentPrint() {
  const { t } = useTranslation();
  return <div>{t('shipments.title')}</div>;
}
