import { keepPreviousData } from '@tanstack/react-query';
import { Drawer, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANGE_TYPES, type TraceFigure, type TraceLine } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { formatDateTime } from '../../labels.js';
import { yuan } from './reportShared.js';

export interface TraceTarget {
  unitId: number;
  unitName: string;
  figure: TraceFigure;
}

/** The lines one figure of one unit's month was computed from (report.trace), paged; their total is the figure. */
export function MonthlyReportTrace({ month, target, onClose }: { month: string; target: TraceTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const trace = useOp('report.trace', { month, unitId: target?.unitId ?? 0, figure: target?.figure ?? 'inflow', ...page }, { enabled: target !== null, placeholderData: keepPreviousData });
  const held = target?.figure === 'closing' || target?.figure === 'nearExpiry' || target?.figure === 'expired';
  const columns: ColumnsType<TraceLine> = [
    ...(held
      ? []
      : [
          { title: t('reports.trace.document'), dataIndex: 'documentNumber', width: 140, render: (v: string) => <span className="mono">{v}</span> },
          { title: t('reports.trace.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
          { title: t('reports.trace.type'), dataIndex: 'changeType', width: 100, render: (v: keyof typeof CHANGE_TYPES) => `${v} ${CHANGE_TYPES[v] ?? ''}` },
        ]),
    { title: t('reports.trace.item'), key: 'item', ellipsis: true, render: (_: unknown, l: TraceLine) => `${l.itemName} ${l.spec}` },
    { title: t('reports.trace.batch'), dataIndex: 'batchNo', width: 100 },
    { title: t('reports.trace.expiry'), dataIndex: 'expiry', width: 96 },
    { title: t('reports.trace.quantity'), key: 'q', width: 90, align: 'right', render: (_: unknown, l: TraceLine) => `${l.quantity.toLocaleString('zh-CN')} ${l.baseUnit}` },
    { title: t('reports.trace.value'), dataIndex: 'valueMicro', width: 110, align: 'right', render: (v: number) => yuan(v) },
  ];
  const data = trace.data;
  return (
    <Drawer
      open={target !== null}
      onClose={() => {
        setPage((p) => ({ ...p, page: 1 }));
        onClose();
      }}
      width={1100}
      title={target ? t('reports.trace.title', { unit: target.unitName, figure: t(`reports.trace.figures.${target.figure}`), month }) : ''}
      data-testid="report-trace"
    >
      {data && (
        <Typography.Paragraph type="secondary" data-testid="trace-total">
          {t('reports.trace.total', { count: data.total, amount: yuan(data.totalMicro) })}
        </Typography.Paragraph>
      )}
      <Table<TraceLine>
        size="small"
        rowKey={(l) => `${l.moveId ?? 'b'}-${l.batchNo}-${l.itemId}`}
        columns={columns}
        dataSource={data?.lines ?? []}
        loading={trace.isFetching}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showSizeChanger: false, onChange: (p) => setPage((s) => ({ ...s, page: p })) }}
      />
    </Drawer>
  );
}
