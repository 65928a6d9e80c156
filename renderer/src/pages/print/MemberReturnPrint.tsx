import { useTranslation } from 'react-i18next';

/** Placeholder until the print view is built. */
export function MemberReturnPrint() {
  const { t } = useTranslation();
  return <div>{t('shipments.title')}</div>;
}
