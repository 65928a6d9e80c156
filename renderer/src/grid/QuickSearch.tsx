import { SearchOutlined } from '@ant-design/icons';
import { Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** The quick-search box above a grid: filters the rows already loaded, as the user types. */
export function QuickSearch({ value, onChange, width = 240 }: { value: string; onChange: (value: string) => void; width?: number }) {
  const { t } = useTranslation();
  return (
    <Input
      allowClear
      prefix={<SearchOutlined />}
      placeholder={t('common.searchPlaceholder')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      style={{ width }}
      aria-label={t('common.search')}
    />
  );
}
