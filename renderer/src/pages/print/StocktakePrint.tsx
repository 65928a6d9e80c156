import { useTranslation } from 'react-i18next';

/** Placeholder until the print view is built. */
export function StocktakePrint() {
  const { t } = useTranslation();
  return <div>{t('memberStock.title')}</div>;
}
