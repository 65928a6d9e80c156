import { useTranslation } from 'react-i18next';

/** Placeholder until the print view is built. */
export function PickListPrint() {
  const { t } = useTranslation();
  return <div>{t('shipments.title')}</div>;
}
