import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { Button, Card, Checkbox, DatePicker, Flex, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, UNIT_SCOPED_ROLES, type OpOutput } from '../../../../core/api/index.js';
import { exportUrl } from '../../api/client.js';
import { useOp } from '../../api/hooks.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan, useSessionUser } from '../../session/SessionContext.js';
import { VbpSettingsModal } from './VbpSettingsModal.js';
import { VbpTraceDrawer, type TraceTarget } from './VbpTraceDrawer.js';

type Product = OpOutput<'vbp.monitor'>['products'][number];
type UnitRow = Product['units'][number];
type Figures = Pick<UnitRow, 'agreed' | 'bought' | 'completionBp' | 'elapsedBp' | 'gap' | 'projection' | 'behind' | 'savingsMicro'>;

const pct = (bp: number | null) => (bp === null ? '—' : `${Math.trunc(bp / 10) / 10}%`);
const qty = (n: number | null) => (n === null ? '—' : n.toLocaleString('zh-CN'));

/** Completion as a bar, with a dark marker where the elapsed share of the agreement year stands. */
export function VbpProgress({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  const completion = Math.max(0, Math.min(100, (figures.completionBp ?? 0) / 100));
  const elapsed = Math.min(100, figures.elapsedBp / 100);
  const color = figures.completionBp === null ? '#d9d9d9' : figures.behind ? '#ff4d4f' : completion >= elapsed ? '#52c41a' : '#1677ff';
  return (
    <Tooltip title={t('vbp.progressTitle', { completion: pct(figures.completionBp), elapsed: pct(figures.elapsedBp) })}>
      <Flex align="center" gap={8} data-testid="vbp-progress">
        <div style={{ position: 'relative', flex: 1, height: 10, background: '#f0f0f0', borderRadius: 5, minWidth: 80 }}>
          <div style={{ position: 'absolute', left: 0, top: 0, bottom: 0, width: `${completion}%`, background: color, borderRadius: 5 }} />
          <div style={{ position: 'absolute', left: `calc(${elapsed}% - 1px)`, top: -3, bottom: -3, width: 2, background: '#262626' }} />
        </div>
        <Typography.Text style={{ fontSize: 12, width: 92, whiteSpace: 'nowrap' }}>
          {pct(figures.completionBp)} / {pct(figures.elapsedBp)}
        </Typography.Text>
      </Flex>
    </Tooltip>
  );
}

function StatusTag({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  if (figures.completionBp === null) return <Tag>{t('vbp.noAgreed')}</Tag>;
  return figures.behind ? <Tag color="red">{t('vbp.behind')}</Tag> : <Tag color="green">{t('vbp.onTrack')}</Tag>;
}

function Stat({ label, value, danger }: { label: string; value: string; danger?: boolean }) {
  return (
    <div style={{ minWidth: 110 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <div style={{ fontSize: 20, fontWeight: 600, color: danger ? '#cf1322' : undefined }}>{value}</div>
    </div>
  );
}

/** 集采监测: per 中选 product and member unit, as of a date — completion against time, projection, savings, and the lines behind each figure. */
export function VbpMonitoringPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const member = UNIT_SCOPED_ROLES.includes(user.role);
  const canManage = useCan('vbp.manage');
  const [asOf, setAsOf] = useState(dayjs().format('YYYY-MM-DD'));
  const [unitId, setUnitId] = useState<number | undefined>();
  const [behindOnly, setBehindOnly] = useState(false);
  const [trace, setTrace] = useState<TraceTarget | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const input = { asOf, behindOnly, ...(unitId ? { unitId } : {}) };
  const monitor = useOp('vbp.monitor', input, { placeholderData: keepPreviousData });
  const units = useOp('unit.list', {}, { enabled: !member });
  const data = monitor.data;

  const figureColumns = <T extends Figures>(): ColumnsType<T> => [
    { title: t('vbp.col.agreed'), dataIndex: 'agreed', width: 92, align: 'right', render: (v: number) => qty(v) },
    { title: t('vbp.col.bought'), dataIndex: 'bought', width: 92, align: 'right', render: (v: number) => qty(v) },
    { title: t('vbp.col.progress'), key: 'progress', width: 220, render: (_: unknown, r: T) => <VbpProgress figures={r} /> },
    { title: t('vbp.col.projection'), dataIndex: 'projection', width: 92, align: 'right', render: (v: number | null) => qty(v) },
    { title: t('vbp.col.savings'), dataIndex: 'savingsMicro', width: 104, align: 'right', render: (v: number | null) => (v === null ? '—' : formatYuan(v)) },
    { title: t('vbp.col.status'), key: 'status', width: 72, render: (_: unknown, r: T) => <StatusTag figures={r} /> },
  ];

  const productColumns: ColumnsType<Product> = [
    {
      title: t('vbp.col.product'),
      key: 'product',
      ellipsis: true,
      render: (_: unknown, p) => (
        <div style={{ lineHeight: 1.35 }}>
          <Typography.Text strong>
            {p.itemName} {p.spec}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis={{ tooltip: p.manufacturer }}>
            {p.itemCode} · {p.manufacturer}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('vbp.col.batch'),
      key: 'batch',
      width: 200,
      render: (_: unknown, p) => (
        <div style={{ lineHeight: 1.35 }}>
          <Typography.Text style={{ fontSize: 13 }}>{p.batch}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.yearStart} ~ {p.yearEnd}
              {p.calendarYear ? ` ${t('vbp.calendarYear')}` : ''}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    ...figureColumns<Product>(),
    {
      title: t('vbp.col.actions'),
      key: 'trace',
      width: 60,
      render: (_: unknown, p) =>
        member ? null : (
          <Button size="small" type="link" data-testid={`vbp-trace-${p.itemCode}`} onClick={() => setTrace({ itemId: p.itemId, itemName: `${p.itemName} ${p.spec}`, unitId: null, scopeName: t('vbp.community') })}>
            {t('vbp.col.trace')}
          </Button>
        ),
    },
  ];

  const unitTable = (p: Product) => {
    const columns: ColumnsType<UnitRow> = [
      { title: t('vbp.col.unit'), dataIndex: 'unitName', ellipsis: true },
      { title: '', key: 'pad', width: 200, render: () => null },
      ...figureColumns<UnitRow>(),
      {
        title: '',
        key: 'trace',
        width: 60,
        render: (_: unknown, u) => (
          <Button size="small" type="link" data-testid={`vbp-trace-${p.itemCode}-${u.unitCode}`} onClick={() => setTrace({ itemId: p.itemId, itemName: `${p.itemName} ${p.spec}`, unitId: u.unitId, scopeName: u.unitName })}>
            {t('vbp.col.trace')}
          </Button>
        ),
      },
    ];
    return <Table<UnitRow> size="small" rowKey="unitId" columns={columns} dataSource={p.units} pagination={false} showHeader={false} data-testid={`vbp-units-${p.itemCode}`} />;
  };

  const totals = data?.totals;
  return (
    <>
      <PageHeader
        title={t('vbp.title')}
        subtitle={member ? t('vbp.memberSubtitle', { unit: user.unitName }) : t('vbp.subtitle')}
        actions={
          <>
            <Typography.Text type="secondary">{t('vbp.asOf')}</Typography.Text>
            <DatePicker allowClear={false} value={dayjs(asOf)} onChange={(d) => d && setAsOf(d.format('YYYY-MM-DD'))} style={{ width: 130 }} data-testid="vbp-asof" />
            {!member && (
              <Select
                allowClear
                placeholder={t('vbp.allUnits')}
                style={{ width: 170 }}
                value={unitId}
                onChange={(v: number | undefined) => setUnitId(v)}
                options={(units.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))}
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="vbp-unit"
              />
            )}
            <Checkbox checked={behindOnly} onChange={(e) => setBehindOnly(e.target.checked)} data-testid="vbp-behind-only">
              {t('vbp.behindOnly')}
            </Checkbox>
            <Button icon={<DownloadOutlined />} href={exportUrl('vbp.monitor', input)} download>
              {t('vbp.export')}
            </Button>
            {canManage && (
              <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-testid="vbp-settings">
                {t('vbp.settings')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={32} wrap align="center">
          <Stat label={t('vbp.summary.products')} value={String(totals?.products ?? '—')} />
          <Stat label={t('vbp.summary.behindProducts')} value={String(totals?.behindProducts ?? '—')} danger={(totals?.behindProducts ?? 0) > 0} />
          {!member && <Stat label={t('vbp.summary.behindUnits')} value={String(totals?.behindUnits ?? '—')} danger={(totals?.behindUnits ?? 0) > 0} />}
          <Stat label={t('vbp.summary.completionByAmount')} value={pct(totals?.completionByAmountBp ?? null)} />
          <Stat label={t('vbp.summary.savings')} value={totals ? `¥${formatYuan(totals.savingsMicro)}` : '—'} />
          <Typography.Text type="secondary" style={{ marginLeft: 'auto', fontSize: 12 }}>
            {data ? t('vbp.summary.margin', { margin: data.marginPp }) : ''}
          </Typography.Text>
        </Flex>
      </Card>
      <Table<Product>
        size="small"
        rowKey="itemId"
        loading={monitor.isFetching && !data}
        columns={productColumns}
        dataSource={data?.products ?? []}
        pagination={data && data.products.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        expandable={{
          expandedRowRender: unitTable,
          rowExpandable: (p) => p.units.length > 0,
          ...(member ? { expandedRowKeys: (data?.products ?? []).map((p) => p.itemId) } : {}),
        }}
        locale={{ emptyText: behindOnly ? t('vbp.emptyBehind') : t('vbp.empty') }}
        scroll={{ y: 'calc(100vh - 330px)' }}
        data-testid="vbp-table"
      />
      <VbpTraceDrawer target={trace} asOf={asOf} onClose={() => setTrace(null)} />
      {canManage && <VbpSettingsModal open={settingsOpen} onClose={() => setSettingsOpen(false)} />}
    </>
  );
}
