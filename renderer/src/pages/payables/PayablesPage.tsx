import { DownloadOutlined, MedicineBoxOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PayableRow } from '../../../../core/api/index.js';
import { call, exportUrl } from '../../api/client.js';
import { useAction } from '../../api/useAction.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan } from '../../session/SessionContext.js';
import { communityToday, newRequestId, SELECTED_KEY, yuan } from './payablesShared.js';

type Status = 'open' | 'settled' | 'all';

/** 应付款: the totals, ageing by supplier, average days to payment, and the payables themselves (overdue in red); tick rows → 加入付款单. */
export function PayablesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canPay = useCan('payment.manage');
  const [supplierId, setSupplierId] = useState<number | undefined>();
  const [status, setStatus] = useState<Status>('open');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [vbpOnly, setVbpOnly] = useState(false);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [settling, setSettling] = useState(false);
  const [tab, setTab] = useState<'list' | 'ageing'>('list');
  const filter = {
    ...(supplierId ? { supplierId } : {}),
    status,
    overdueOnly,
    ...(vbpOnly ? { vbp: true } : {}),
    page: 1,
    pageSize: 10_000,
  };
  const list = useOp('payable.list', filter, { placeholderData: keepPreviousData });
  const ageing = useOp('payable.ageing', {});
  const days = useOp('payable.paymentDays', {});
  const suppliers = useOp('supplier.list', { includeInactive: true });
  const toggle = (id: number, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const columns = useMemo<ColDef<PayableRow>[]>(() => {
    const red = ({ data }: { data?: PayableRow }) => (data && data.overdueDays > 0 ? { color: '#cf1322', background: '#fff1f0' } : null);
    const cols: ColDef<PayableRow>[] = [
      {
        colId: 'pick',
        headerName: '',
        width: 48,
        minWidth: 48,
        maxWidth: 48,
        sortable: false,
        filter: false,
        suppressHeaderMenuButton: true,
        suppressHeaderFilterButton: true,
        pinned: 'left',
        cellRenderer: ({ data }: { data?: PayableRow }) =>
          data && data.status === 'open' && data.openMicro > data.committedMicro ? (
            <Checkbox
              checked={selected.has(data.id)}
              onChange={(e) => toggle(data.id, e.target.checked)}
              data-testid={`payable-pick-${data.id}`}
            />
          ) : null,
      },
      {
        field: 'supplierName',
        headerName: t('payables.list.supplier'),
        width: 220,
        pinned: 'left',
        tooltipField: 'supplierName',
        cellRenderer: ({ data }: { data?: PayableRow }) =>
          data ? (
            <span>
              {data.supplierName} {data.sme && <Tag color="gold">{t('payables.list.sme')}</Tag>}
            </span>
          ) : null,
      },
      { field: 'invoiceNumber', headerName: t('payables.list.invoice'), width: 176, cellClass: 'mono', tooltipField: 'invoiceNumber' },
      {
        field: 'itemName',
        headerName: t('payables.list.item'),
        width: 150,
        tooltipField: 'itemName',
        cellRenderer: ({ data }: { data?: PayableRow }) =>
          data ? (
            <span>
              {data.itemName} {data.vbp && <Tag color="blue">{t('payables.list.vbp')}</Tag>}
            </span>
          ) : null,
      },
      { field: 'dueOn', headerName: t('payables.list.dueOn'), width: 100 },
      {
        field: 'overdueDays',
        headerName: t('payables.list.overdueDays'),
        width: 100,
        type: 'rightAligned',
        valueFormatter: ({ value }) => ((value as number) > 0 ? String(value) : ''),
      },
      {
        field: 'openMicro',
        headerName: t('payables.list.open'),
        width: 104,
        type: 'rightAligned',
        valueFormatter: ({ value }) => yuan(value as number),
      },
      {
        field: 'interestMicro',
        headerName: t('payables.list.interest'),
        width: 100,
        type: 'rightAligned',
        valueFormatter: ({ value }) => ((value as number) > 0 ? yuan(value as number) : ''),
      },
      { field: 'ruleLabel', headerName: t('payables.list.rule'), width: 170, tooltipField: 'ruleLabel' },
      { field: 'acceptedOn', headerName: t('payables.list.acceptedOn'), width: 100 },
      {
        field: 'amountMicro',
        headerName: t('payables.list.amount'),
        width: 104,
        type: 'rightAligned',
        valueFormatter: ({ value }) => yuan(value as number),
      },
      {
        field: 'paidMicro',
        headerName: t('payables.list.paid'),
        width: 104,
        type: 'rightAligned',
        valueFormatter: ({ value }) => yuan(value as number),
      },
      {
        field: 'committedMicro',
        headerName: t('payables.list.committed'),
        width: 110,
        type: 'rightAligned',
        valueFormatter: ({ value }) => (value ? yuan(value as number) : ''),
      },
    ];
    return cols.map((c) => ({ ...c, cellStyle: red }));
  }, [t, selected]);
  const totals = ageing.data?.totals;
  const avg = (v: number | null | undefined) =>
    v === null || v === undefined ? t('payables.stats.none') : t('payables.stats.days', { days: v });
  const addToBatch = () => {
    sessionStorage.setItem(SELECTED_KEY, JSON.stringify([...selected]));
    void navigate({ to: '/payment-batches' });
  };
  const bucketCol = (key: 'd0to30' | 'd31to60' | 'd61to90' | 'over90') => ({
    title: t(`payables.ageing.${key}`),
    key,
    align: 'right' as const,
    render: (_: unknown, r: { buckets: Record<typeof key, number> }) => yuan(r.buckets[key]),
  });
  return (
    <>
      <PageHeader
        title={t('payables.list.title')}
        subtitle={t('payables.list.subtitle')}
        actions={
          canPay && (
            <Space>
              <Button
                icon={<MedicineBoxOutlined />}
                disabled={selected.size === 0}
                onClick={() => setSettling(true)}
                data-testid="payables-settle-insurance"
              >
                {t('payables.insurance.action', { count: selected.size })}
              </Button>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={selected.size === 0}
                onClick={addToBatch}
                data-testid="payables-add-to-batch"
              >
                {t('payables.list.addToBatch', { count: selected.size })}
              </Button>
            </Space>
          )
        }
      />
      <Row gutter={12} style={{ marginBottom: 12 }} data-testid="payables-stats">
        {(
          [
            ['open', totals?.openMicro, undefined],
            ['dueNext7', totals?.dueNext7Micro, '#d48806'],
            ['dueNext30', totals?.dueNext30Micro, undefined],
            ['overdue', totals?.overdueMicro, '#cf1322'],
            ['interest', totals?.interestMicro, '#cf1322'],
          ] as const
        ).map(([key, value, color]) => (
          <Col key={key} flex="1">
            <Card size="small">
              <Statistic
                title={t(`payables.stats.${key}`)}
                value={yuan(value ?? 0)}
                suffix={t('payables.common.yuanSuffix')}
                valueStyle={color ? { color, fontSize: 20 } : { fontSize: 20 }}
              />
            </Card>
          </Col>
        ))}
        <Col flex="1">
          <Card size="small">
            <Statistic
              title={<Tooltip title={t('payables.paymentDays.title')}>{t('payables.stats.averageDays')}</Tooltip>}
              value={avg(days.data?.overall.averageDays)}
              valueStyle={{ fontSize: 20 }}
            />
          </Card>
        </Col>
        <Col flex="1">
          <Card size="small">
            <Statistic
              title={<Tooltip title={t('payables.paymentDays.title')}>{t('payables.stats.vbpAverageDays')}</Tooltip>}
              value={avg(days.data?.vbp.averageDays)}
              valueStyle={{ fontSize: 20, color: (days.data?.vbp.averageDays ?? 0) > 30 ? '#cf1322' : undefined }}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as 'list' | 'ageing')}
          tabBarExtraContent={
            tab === 'list' ? (
              <Space wrap>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  style={{ width: 240 }}
                  placeholder={t('payables.list.allSuppliers')}
                  value={supplierId}
                  onChange={setSupplierId}
                  options={(suppliers.data?.suppliers ?? []).map((s) => ({ value: s.id, label: s.name }))}
                />
                <Select<Status>
                  style={{ width: 110 }}
                  value={status}
                  onChange={setStatus}
                  options={(['open', 'settled', 'all'] as const).map((s) => ({ value: s, label: t(`payables.list.status.${s}`) }))}
                />
                <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} data-testid="payables-overdue-only">
                  {t('payables.list.overdueOnly')}
                </Checkbox>
                <Checkbox checked={vbpOnly} onChange={(e) => setVbpOnly(e.target.checked)}>
                  {t('payables.list.vbpOnly')}
                </Checkbox>
                <Button icon={<DownloadOutlined />} href={exportUrl('payable.list', filter)} download>
                  {t('payables.list.export')}
                </Button>
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('payables.ageing.basis')}</Typography.Text>
            )
          }
          items={[
            {
              key: 'list',
              label: <span data-testid="payables-tab-list">{t('payables.tabs.list')}</span>,
              children: (
                <DataGrid
                  testId="payables-grid"
                  rows={list.data?.rows}
                  columns={columns}
                  rowId={(r) => String(r.id)}
                  loading={list.isPending}
                  height="calc(100vh - 372px)"
                />
              ),
            },
            {
              key: 'ageing',
              label: <span data-testid="payables-tab-ageing">{t('payables.tabs.ageing')}</span>,
              children: (
                <Table
                  size="small"
                  rowKey="supplierId"
                  data-testid="payables-ageing"
                  loading={ageing.isPending}
                  pagination={false}
                  dataSource={ageing.data?.suppliers ?? []}
                  scroll={{ x: 1060, y: 'calc(100vh - 440px)' }}
                  columns={[
                    {
                      title: t('payables.list.supplier'),
                      dataIndex: 'supplierName',
                      width: 230,
                      fixed: 'left',
                      render: (v: string, r) => (
                        <span>
                          {v} {r.sme && <Tag color="gold">{t('payables.list.sme')}</Tag>}
                        </span>
                      ),
                    },
                    { title: t('payables.list.open'), dataIndex: 'openMicro', align: 'right', render: (v: number) => <b>{yuan(v)}</b> },
                    bucketCol('d0to30'),
                    bucketCol('d31to60'),
                    bucketCol('d61to90'),
                    bucketCol('over90'),
                    {
                      title: t('payables.stats.dueNext7'),
                      dataIndex: 'dueNext7Micro',
                      width: 104,
                      align: 'right',
                      render: (v: number) => yuan(v),
                    },
                    {
                      title: t('payables.stats.dueNext30'),
                      dataIndex: 'dueNext30Micro',
                      width: 104,
                      align: 'right',
                      render: (v: number) => yuan(v),
                    },
                    {
                      title: t('payables.stats.overdue'),
                      dataIndex: 'overdueMicro',
                      align: 'right',
                      render: (v: number) => <span style={{ color: v > 0 ? '#cf1322' : undefined }}>{yuan(v)}</span>,
                    },
                    {
                      title: t('payables.list.interest'),
                      dataIndex: 'interestMicro',
                      align: 'right',
                      render: (v: number) => <span style={{ color: v > 0 ? '#cf1322' : undefined }}>{yuan(v)}</span>,
                    },
                    {
                      title: t('payables.paymentDays.average'),
                      key: 'avg',
                      align: 'right',
                      render: (_: unknown, r) => {
                        const d = days.data?.suppliers.find((s) => s.supplierId === r.supplierId);
                        return d ? d.averageDays : '';
                      },
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
      {settling && (
        <InsuranceDialog
          rows={(list.data?.rows ?? []).filter((r) => selected.has(r.id))}
          onClose={(done) => {
            setSettling(false);
            if (done) setSelected(new Set());
          }}
        />
      )}
    </>
  );
}

/** 医保基金直接结算: the fund paid the supplier directly; the ticked payables are settled by the amounts given, naming the fund's statement. */
function InsuranceDialog({ rows, onClose }: { rows: PayableRow[]; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [amounts, setAmounts] = useState<Map<number, number>>(() => new Map(rows.map((r) => [r.id, r.openMicro - r.committedMicro])));
  const [form] = Form.useForm<{ statementReference: string; settledOn: string }>();
  const { busy, run } = useAction();
  const [requestId] = useState(newRequestId);
  const total = [...amounts.values()].reduce((a, b) => a + b, 0);
  const submit = async () => {
    const v = await form.validateFields();
    await run(async () => {
      const out = await call('payable.settleInsurance', {
        lines: rows.map((r) => ({ payableId: r.id, amountMicro: amounts.get(r.id) ?? 0 })),
        statementReference: v.statementReference,
        settledOn: v.settledOn,
        requestId,
      });
      void message.success(t('payables.insurance.done', { count: out.settlements.length, amount: yuan(out.totalMicro) }));
      await client.invalidateQueries();
      onClose(true);
    });
  };
  return (
    <Modal
      open
      width={860}
      title={t('payables.insurance.title')}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      okText={t('payables.insurance.ok', { amount: yuan(total) })}
      cancelText={t('payables.common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'insurance-ok' }}
    >
      <Typography.Paragraph type="secondary">{t('payables.insurance.hint')}</Typography.Paragraph>
      <Form form={form} layout="inline" initialValues={{ settledOn: communityToday() }} style={{ marginBottom: 12 }}>
        <Form.Item
          name="statementReference"
          label={t('payables.insurance.reference')}
          rules={[{ required: true, whitespace: true, message: t('payables.insurance.referenceRequired') }]}
        >
          <Input style={{ width: 240 }} data-testid="insurance-reference" />
        </Form.Item>
        <Form.Item name="settledOn" label={t('payables.insurance.settledOn')} rules={[{ required: true }]}>
          <Input type="date" style={{ width: 160 }} />
        </Form.Item>
      </Form>
      <Table<PayableRow>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ y: 320 }}
        dataSource={rows}
        columns={[
          { title: t('payables.list.supplier'), dataIndex: 'supplierName' },
          { title: t('payables.list.invoice'), dataIndex: 'invoiceNumber', className: 'mono', width: 200 },
          { title: t('payables.list.item'), dataIndex: 'itemName', ellipsis: true },
          { title: t('payables.list.open'), dataIndex: 'openMicro', align: 'right', width: 100, render: (v: number) => yuan(v) },
          {
            title: t('payables.insurance.amount'),
            key: 'amount',
            width: 150,
            render: (_: unknown, r) => (
              <InputNumber
                size="small"
                min={0.01}
                max={Math.round((r.openMicro - r.committedMicro) / 10_000) / 100}
                step={0.01}
                precision={2}
                value={Math.round((amounts.get(r.id) ?? 0) / 10_000) / 100}
                onChange={(v) => v !== null && setAmounts((prev) => new Map(prev).set(r.id, Math.round(v * 100) * 10_000))}
                data-testid={`insurance-amount-${r.id}`}
              />
            ),
          },
        ]}
      />
    </Modal>
  );
}
