import { SearchOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput } from '../../../../core/api/index.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { useDebounced } from './useDebounced.js';

export type DictionaryHit = OpOutput<'dictionary.search'>['hits'][number];

/**
 * A search box over the 医保药品代码库 with the results as you type (dictionary.search, best first), and a
 * table of hits. `action` adds a last column (the picker's 选用); `onOpen` opens a row's details.
 */
export function DictionarySearch({
  action,
  onOpen,
  height = 420,
  autoFocus,
}: {
  action?: (hit: DictionaryHit) => ReactNode;
  onOpen?: (hit: DictionaryHit) => void;
  height?: number;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 200);
  const search = useOp('dictionary.search', { q, limit: 50 }, { enabled: q.length > 0, placeholderData: keepPreviousData });
  const hits = q.length > 0 ? (search.data?.hits ?? []) : [];

  const columns: ColumnsType<DictionaryHit> = [
    {
      key: 'name',
      title: t('dictionary.registeredName'),
      width: 190,
      fixed: 'left',
      render: (_, h) => (
        <Space direction="vertical" size={0}>
          {onOpen ? <a onClick={() => onOpen(h)}>{h.registeredName}</a> : <span>{h.registeredName}</span>}
          {h.tradeName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {h.tradeName}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { key: 'spec', title: t('dictionary.spec'), dataIndex: 'spec', width: 120, ellipsis: true },
    { key: 'dosageForm', title: t('dictionary.dosageForm'), dataIndex: 'dosageForm', width: 80 },
    { key: 'pack', title: t('dictionary.pack'), dataIndex: 'packText', width: 100 },
    { key: 'manufacturer', title: t('dictionary.manufacturer'), dataIndex: 'manufacturer', width: 180, ellipsis: true },
    { key: 'code', title: t('dictionary.code'), dataIndex: 'code', width: 220, className: 'mono' },
    { key: 'approvalNo', title: t('dictionary.approvalNo'), dataIndex: 'approvalNo', width: 150, className: 'mono' },
    {
      key: 'tags',
      title: t('dictionary.matched'),
      width: 150,
      render: (_, h) => (
        <Space size={2} wrap>
          {h.matched && <Tag>{t(`matched.${h.matched}`, { defaultValue: h.matched })}</Tag>}
          {!h.present && <Tag color="error">{t('dictionary.goneTag')}</Tag>}
          {h.formularyItemId !== null && <Tag color="blue">{t('dictionary.inFormulary')}</Tag>}
        </Space>
      ),
    },
    ...(action
      ? [
          {
            key: 'action',
            title: t('common.actions'),
            width: 80,
            fixed: 'right' as const,
            render: (_: unknown, h: DictionaryHit) => action(h),
          },
        ]
      : []),
  ];

  return (
    <>
      <Input
        allowClear
        autoFocus={autoFocus}
        size="large"
        prefix={<SearchOutlined />}
        placeholder={t('dictionary.searchPlaceholder')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-label={t('dictionary.searchPlaceholder')}
        data-testid="dictionary-search"
        style={{ marginBottom: 12 }}
      />
      {search.isError && <Typography.Text type="danger">{errorMessage(search.error, t)}</Typography.Text>}
      <div data-testid="dictionary-results">
        <Table<DictionaryHit>
          size="small"
          rowKey="code"
          loading={search.isFetching}
          dataSource={hits}
          columns={columns}
          pagination={false}
          scroll={{ x: 1300, y: height }}
          locale={{ emptyText: q ? t('common.empty') : t('dictionary.searchHint') }}
        />
      </div>
    </>
  );
}
