import { Alert, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChangeRequestRow } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';

/** The items a batch request (an import, the initial formulary) added or changed, one row each. */
export function BatchRows({ requestId }: { requestId: number }) {
  const { t } = useTranslation();
  const detail = useOp('changeRequest.get', { id: requestId });
  if (detail.error) return <Alert type="error" showIcon title={detail.error.message} style={{ marginTop: 20 }} />;
  return (
    <Table<ChangeRequestRow>
      style={{ marginTop: 20 }}
      size="small"
      title={() => t('changeRequest.batchRows', { count: detail.data?.rows.length ?? 0 })}
      loading={detail.isLoading}
      dataSource={detail.data?.rows ?? []}
      rowKey="line"
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      data-testid="change-request-rows"
      columns={[
        { title: t('changeRequest.rowLine'), dataIndex: 'line', width: 56 },
        {
          title: t('changeRequest.kind'),
          dataIndex: 'kind',
          width: 70,
          render: (kind: ChangeRequestRow['kind']) => <Tag color={kind === 'add' ? 'green' : 'blue'}>{t(`changeKind.${kind}`)}</Tag>,
        },
        { title: t('changeRequest.rowItem'), key: 'item', render: (_, row) => `${row.itemCode ? `${row.itemCode} ` : ''}${row.itemName}` },
        { title: t('changeRequest.rowSource'), dataIndex: 'sourceRow', width: 70, render: (n: number | null) => n ?? '—' },
        {
          title: t('changeRequest.rowChanges'),
          key: 'changes',
          render: (_, row) =>
            row.changes.length === 0
              ? '—'
              : row.changes.map((c) => (
                  <div key={c.field}>
                    {c.label}：{c.from === '' ? '' : `${c.from} → `}
                    {c.to}
                  </div>
                )),
        },
      ]}
    />
  );
}
