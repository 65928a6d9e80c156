import { Drawer, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { formatYuan, type OpOutput } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';

type Line = OpOutput<'vbp.trace'>['lines'][number];

export interface TraceTarget {
  itemId: number;
  itemName: string;
  /** null: the community's figure. */
  unitId: number | null;
  scopeName: string;
}

/** The stock moves a 集采 figure was computed from, with their document numbers (vbp.trace). */
export function VbpTraceDrawer({ target, asOf, onClose }: { target: TraceTarget | null; asOf: string; onClose: () => void }) {
  const { t } = useTranslation();
  const trace = useOp('vbp.trace', { itemId: target?.itemId ?? 0, asOf, ...(target?.unitId ? { unitId: target.unitId } : {}) }, { enabled: target !== null });
  const data = target ? trace.data : undefined;
  const columns: ColumnsType<Line> = [
    { title: t('vbp.trace.date'), dataIndex: 'date', width: 96 },
    {
      title: t('vbp.trace.document'),
      dataIndex: 'documentNumber',
      width: 142,
      render: (v: string, l) => (
        <span className="mono">
          {v} {l.reversal && <Tag color="red">{t('vbp.trace.reversal')}</Tag>}
        </span>
      ),
    },
    { title: t('vbp.trace.documentType'), dataIndex: 'documentTypeLabel', width: 100, ellipsis: true },
    { title: t('vbp.trace.changeType'), dataIndex: 'changeTypeLabel', width: 104, render: (v: string, l) => `${l.changeType} ${v}` },
    { title: t('vbp.trace.location'), key: 'location', ellipsis: true, render: (_: unknown, l) => `${l.unitName} · ${l.locationName}` },
    { title: t('vbp.trace.batchNo'), dataIndex: 'batchNo', width: 90 },
    { title: t('vbp.trace.quantity'), dataIndex: 'quantity', width: 86, align: 'right', render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : undefined}>{v.toLocaleString('zh-CN')}</Typography.Text> },
    { title: t('vbp.trace.amount'), dataIndex: 'amountMicro', width: 108, align: 'right', render: (v: number) => formatYuan(v) },
  ];
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      width={980}
      title={target ? t('vbp.trace.title', { item: target.itemName, scope: target.scopeName }) : ''}
      data-testid="vbp-trace-drawer"
      destroyOnHidden
    >
      {data && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('vbp.trace.subtitle', { from: data.yearStart, to: data.yearEnd, asOf: data.asOf, total: data.total.toLocaleString('zh-CN'), unit: data.baseUnit })}
        </Typography.Paragraph>
      )}
      <Table<Line>
        size="small"
        rowKey="moveId"
        loading={trace.isFetching}
        columns={columns}
        dataSource={data?.lines ?? []}
        pagination={(data?.lines.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        locale={{ emptyText: t('vbp.trace.empty') }}
        data-testid="vbp-trace-lines"
      />
    </Drawer>
  );
}
