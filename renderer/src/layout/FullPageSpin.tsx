import { Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={{ height: '100%' }}>
      <Spin size="large" description={t('app.loading')} />
    </Flex>
  );
}
