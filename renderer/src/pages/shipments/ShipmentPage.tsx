import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder until the page is built. */
export function ShipmentPage() {
  const { t } = useTranslation();
  return <Typography.Title level={4}>{t('shipments.title')}</Typography.Title>;
}
