import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** 在用 / 已停用, green or grey, wherever a thing can be switched off. */
export function ActiveTag({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return <Tag color={active ? 'success' : 'default'}>{active ? t('common.active') : t('common.inactive')}</Tag>;
}
