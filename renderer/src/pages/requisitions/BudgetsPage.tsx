import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder until the page is built. */
export function BudgetsPage() {
  const { t } = useTranslation();
  return <Typography.Title level={4}>{t('requisitions.title')}</Typography.Title>;
}
