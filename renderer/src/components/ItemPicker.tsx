import { Select, Space, Tag, Typography } from 'antd';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput, UnitLevel } from '../../../core/api/index.js';
import { useOp } from '../api/hooks.js';
import { useDebounced } from '../pages/dictionary/useDebounced.js';

export type ItemHit = OpOutput<'formulary.search'>['hits'][number];

/**
 * The one search box wherever a formulary item is picked: pinyin initials, full pinyin, Chinese, 医保代码,
 * 本位码 or 批准文号, answered by formulary.search as the user types (best matches first, as the hub ranks).
 */
export function ItemPicker({
  value,
  onChange,
  level,
  includeInactive = false,
  placeholder,
  style,
  autoFocus,
  id,
  selectedLabel,
}: {
  value?: number | null;
  onChange?: (id: number | null, hit: ItemHit | null) => void;
  level?: UnitLevel;
  includeInactive?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  autoFocus?: boolean;
  id?: string;
  /** What the box shows for a `value` it has not searched for (a saved line): e.g. 阿莫西林胶囊 0.25g 华北制药. */
  selectedLabel?: string;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<ItemHit | null>(null);
  const q = useDebounced(query.trim(), 150);
  const search = useOp(
    'formulary.search',
    { q, limit: 20, ...(level ? { level } : {}), includeInactive },
    { enabled: q.length > 0, placeholderData: keepPreviousData },
  );
  const hits = q.length > 0 ? (search.data?.hits ?? []) : [];
  // The chosen hit stays an option, so the box keeps showing its name once the query is cleared.
  const options = [...hits, ...(chosen && !hits.some((h) => h.id === chosen.id) ? [chosen] : [])];

  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setQuery, searchValue: query }}
      allowClear
      autoFocus={autoFocus}
      value={value ?? undefined}
      placeholder={placeholder ?? t('itemPicker.placeholder')}
      style={{ width: '100%', ...style }}
      loading={search.isFetching}
      notFoundContent={q ? t('itemPicker.empty') : null}
      popupMatchSelectWidth={560}
      data-testid="item-picker"
      optionLabelProp="label"
      onChange={(next) => {
        const hit = options.find((h) => h.id === next) ?? null;
        setChosen(hit);
        onChange?.(next ?? null, hit);
      }}
      options={[
        ...options.map((h) => ({
          value: h.id,
          label: `${h.genericName} ${h.spec} ${h.manufacturer}`,
          hit: h as ItemHit | null,
        })),
        ...(value != null && selectedLabel && !options.some((h) => h.id === value) ? [{ value, label: selectedLabel, hit: null }] : []),
      ]}
      optionRender={(option) => {
        const h = (option.data as { hit: ItemHit | null }).hit;
        if (!h) return <span>{option.label}</span>;
        return (
          <div data-testid="item-picker-option" style={{ lineHeight: 1.45 }}>
            <Space size={6}>
              <Typography.Text strong>{h.genericName}</Typography.Text>
              {h.tradeName && <Typography.Text type="secondary">（{h.tradeName}）</Typography.Text>}
              <span>{h.spec}</span>
              <Tag style={{ marginInlineEnd: 0 }}>{h.packText}</Tag>
              {h.status !== 'active' && <Tag color="warning">{t(`itemStatus.${h.status}`)}</Tag>}
            </Space>
            <div style={{ fontSize: 12, color: '#8c8c8c' }}>
              {h.manufacturer}
              {h.matched && <span style={{ marginLeft: 8 }}>· {t(`matched.${h.matched}`, { defaultValue: h.matched })}</span>}
              {h.insuranceCode && (
                <span className="mono" style={{ marginLeft: 8 }}>
                  {h.insuranceCode}
                </span>
              )}
            </div>
          </div>
        );
      }}
    />
  );
}
