import { CheckCircleOutlined, DownloadOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYMENT_BATCH_STATES, type OpOutput, type PaymentBatchState } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useAction } from '../../api/useAction.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan, useSessionUser } from '../../session/SessionContext.js';
import { BatchStateTag, communityToday, downloadBase64, newRequestId, SELECTED_KEY, yuan } from './payablesShared.js';

type Batch = OpOutput<'paymentBatch.get'>['batch'];
type Summary = OpOutput<'paymentBatch.list'>['batches'][number];
type Candidate = OpOutput<'paymentBatch.suggest'>['lines'][number];

const toYuan = (micro: number) => Math.round(micro / 10_000) / 100;
const toMicro = (yuanValue: number) => Math.round(yuanValue * 100) * 10_000;

/** 付款单: the list; the builder (suggested by due date / supplier, partial amounts); the detail (approve, export, record paid, reverse). */
export function PaymentBatchesPage() {
  const { t } = useTranslation();
  const canManage = useCan('payment.manage');
  const [status, setStatus] = useState<PaymentBatchState | undefined>();
  const list = useOp('paymentBatch.list', { ...(status ? { status } : {}), page: 1, pageSize: 500 });
  const [openId, setOpenId] = useState<number | null>(null);
  // Payables ticked on /payables open the builder with them selected (read once; the hand-over is then cleared).
  const [building, setBuilding] = useState<{ preselect: number[]; batch?: Batch } | null>(() => {
    const stored = canManage ? sessionStorage.getItem(SELECTED_KEY) : null;
    return stored ? { preselect: JSON.parse(stored) as number[] } : null;
  });
  useEffect(() => sessionStorage.removeItem(SELECTED_KEY), []);
  const columns = useMemo<ColDef<Summary>[]>(
    () => [
      {
        field: 'number',
        headerName: t('payables.batches.number'),
        width: 150,
        cellClass: 'mono',
        cellRenderer: ({ data }: { data?: Summary }) => (data ? <a data-testid={`batch-open-${data.number}`}>{data.number}</a> : null),
      },
      {
        field: 'statusLabel',
        headerName: t('payables.batches.status'),
        width: 100,
        cellRenderer: ({ data }: { data?: Summary }) => (data ? <BatchStateTag state={data.status} label={data.statusLabel} /> : null),
      },
      { field: 'lineCount', headerName: t('payables.batches.lines'), width: 80, type: 'rightAligned' },
      { field: 'supplierCount', headerName: t('payables.batches.suppliers'), width: 90, type: 'rightAligned' },
      {
        field: 'totalMicro',
        headerName: t('payables.batches.total'),
        width: 130,
        type: 'rightAligned',
        valueFormatter: ({ value }) => yuan(value as number),
      },
      {
        field: 'paidMicro',
        headerName: t('payables.batches.paid'),
        width: 130,
        type: 'rightAligned',
        valueFormatter: ({ value }) => yuan(value as number),
      },
      { field: 'createdBy', headerName: t('payables.batches.createdBy'), width: 110 },
      { field: 'approvedBy', headerName: t('payables.batches.approvedBy'), width: 110 },
      {
        field: 'createdAt',
        headerName: t('payables.batches.createdAt'),
        width: 150,
        valueFormatter: ({ value }) => formatDateTime(value as string),
      },
      { field: 'note', headerName: t('payables.detail.note'), flex: 1, minWidth: 120 },
    ],
    [t],
  );
  return (
    <>
      <PageHeader
        title={t('payables.batches.title')}
        subtitle={t('payables.batches.subtitle')}
        actions={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setBuilding({ preselect: [] })} data-testid="batch-new">
              {t('payables.batches.create')}
            </Button>
          )
        }
      />
      <Card
        size="small"
        extra={
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('payables.batches.allStates')}
            value={status}
            onChange={setStatus}
            options={PAYMENT_BATCH_STATES.map((s) => ({ value: s, label: t(`payables.batches.states.${s}`) }))}
          />
        }
      >
        <DataGrid
          testId="batches-grid"
          rows={list.data?.batches}
          columns={columns}
          rowId={(r) => String(r.id)}
          loading={list.isPending}
          onRowClicked={(r) => setOpenId(r.id)}
          height="calc(100vh - 260px)"
        />
      </Card>
      {building && (
        <Builder
          preselect={building.preselect}
          batch={building.batch}
          onClose={(savedId) => {
            setBuilding(null);
            if (savedId) setOpenId(savedId);
          }}
        />
      )}
      {openId !== null && (
        <BatchDrawer id={openId} onClose={() => setOpenId(null)} onEdit={(batch) => setBuilding({ preselect: [], batch })} />
      )}
    </>
  );
}

function Builder({ preselect, batch, onClose }: { preselect: number[]; batch?: Batch; onClose: (savedId?: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [dueBefore, setDueBefore] = useState('');
  const [supplierIds, setSupplierIds] = useState<number[]>([]);
  const [query, setQuery] = useState<{ dueBefore?: string; supplierIds?: number[] }>({});
  const suggest = useOp('paymentBatch.suggest', { ...query, limit: 5000 });
  const suppliers = useOp('supplier.list', { includeInactive: true });
  const [amounts, setAmounts] = useState<Map<number, number>>(() => new Map(batch?.lines.map((l) => [l.payableId, l.amountMicro]) ?? []));
  const [note, setNote] = useState(batch?.note ?? '');
  const { busy, run } = useAction();
  const [requestId] = useState(newRequestId);
  const candidates = useMemo(() => {
    const rows = (suggest.data?.lines ?? []).map((r) => ({ ...r }));
    // A draft being edited: its own lines are available to it again.
    for (const l of batch?.lines ?? []) {
      const found = rows.find((r) => r.payableId === l.payableId);
      if (found) found.availableMicro += l.amountMicro;
      else
        rows.push({
          payableId: l.payableId,
          supplierId: l.supplierId,
          supplierName: l.supplierName,
          invoiceNumber: l.invoiceNumber,
          itemName: l.itemName,
          dueOn: l.dueOn,
          ruleLabel: '',
          overdueDays: 0,
          openMicro: l.amountMicro,
          availableMicro: l.amountMicro,
          hasBankAccount: true,
        });
    }
    return rows;
  }, [suggest.data, batch]);
  // Once the candidates are in, tick the preselected ones at their full available amount (adjusting state while rendering).
  const [preselected, setPreselected] = useState(preselect.length === 0);
  if (!preselected && suggest.data) {
    setPreselected(true);
    const next = new Map(amounts);
    for (const c of suggest.data.lines)
      if (preselect.includes(c.payableId) && !next.has(c.payableId)) next.set(c.payableId, c.availableMicro);
    setAmounts(next);
  }
  const total = [...amounts.values()].reduce((a, b) => a + b, 0);
  const save = async () => {
    if (amounts.size === 0) return void message.warning(t('payables.builder.empty'));
    await run(async () => {
      const lines = [...amounts].map(([payableId, amountMicro]) => ({ payableId, amountMicro }));
      const out = batch
        ? await call('paymentBatch.update', { id: batch.id, version: batch.version, lines, note })
        : await call('paymentBatch.create', { lines, note, requestId });
      void message.success(t('payables.builder.saved', { number: out.batch.number }));
      await client.invalidateQueries();
      onClose(out.batch.id);
    });
  };
  return (
    <Drawer
      open
      width={1260}
      title={batch ? t('payables.builder.editTitle', { number: batch.number }) : t('payables.builder.title')}
      onClose={() => onClose()}
      extra={
        <Space>
          <Typography.Text data-testid="builder-total">
            {t('payables.builder.selected', { count: amounts.size, amount: yuan(total) })}
          </Typography.Text>
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="builder-save">
            {t('payables.builder.save')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('payables.builder.dueBefore')}</span>
        <Input
          type="date"
          style={{ width: 160 }}
          value={dueBefore}
          onChange={(e) => setDueBefore(e.target.value)}
          data-testid="builder-due-before"
        />
        <Select
          mode="multiple"
          allowClear
          style={{ minWidth: 280 }}
          placeholder={t('payables.builder.suppliers')}
          data-testid="builder-suppliers"
          value={supplierIds}
          onChange={setSupplierIds}
          optionFilterProp="label"
          options={(suppliers.data?.suppliers ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
        <Button
          onClick={() => setQuery({ ...(dueBefore ? { dueBefore } : {}), ...(supplierIds.length ? { supplierIds } : {}) })}
          data-testid="builder-suggest"
        >
          {t('payables.builder.suggest')}
        </Button>
        <Input style={{ width: 260 }} placeholder={t('payables.builder.note')} value={note} onChange={(e) => setNote(e.target.value)} />
      </Space>
      <Table<Candidate>
        size="small"
        rowKey="payableId"
        data-testid="builder-lines"
        loading={suggest.isPending}
        dataSource={candidates}
        pagination={{ pageSize: 100, showSizeChanger: false }}
        rowSelection={{
          selectedRowKeys: [...amounts.keys()],
          onChange: (keys) =>
            setAmounts((prev) => {
              const next = new Map<number, number>();
              for (const k of keys as number[]) next.set(k, prev.get(k) ?? candidates.find((c) => c.payableId === k)!.availableMicro);
              return next;
            }),
        }}
        columns={[
          {
            title: t('payables.list.supplier'),
            dataIndex: 'supplierName',
            width: 200,
            render: (v: string, r) => (
              <span>
                {v} {!r.hasBankAccount && <Tag color="red">{t('payables.builder.noAccount')}</Tag>}
              </span>
            ),
          },
          { title: t('payables.list.invoice'), dataIndex: 'invoiceNumber', width: 200, className: 'mono' },
          { title: t('payables.list.item'), dataIndex: 'itemName', width: 150, ellipsis: true },
          {
            title: t('payables.list.dueOn'),
            dataIndex: 'dueOn',
            width: 100,
            render: (v: string, r) => <span style={{ color: r.overdueDays > 0 ? '#cf1322' : undefined }}>{v}</span>,
          },
          { title: t('payables.list.rule'), dataIndex: 'ruleLabel', width: 150, ellipsis: true },
          { title: t('payables.list.open'), dataIndex: 'openMicro', width: 100, align: 'right', render: (v: number) => yuan(v) },
          {
            title: t('payables.builder.available'),
            dataIndex: 'availableMicro',
            width: 100,
            align: 'right',
            render: (v: number) => yuan(v),
          },
          {
            title: t('payables.builder.payAmount'),
            key: 'amount',
            width: 170,
            render: (_: unknown, r) =>
              amounts.has(r.payableId) ? (
                <Space size={4}>
                  <InputNumber
                    size="small"
                    min={0.01}
                    max={toYuan(r.availableMicro)}
                    step={0.01}
                    precision={2}
                    value={toYuan(amounts.get(r.payableId)!)}
                    onChange={(v) => v !== null && setAmounts((prev) => new Map(prev).set(r.payableId, toMicro(v)))}
                    data-testid={`builder-amount-${r.payableId}`}
                  />
                  {amounts.get(r.payableId)! < r.availableMicro && <Tag color="orange">{t('payables.builder.partial')}</Tag>}
                </Space>
              ) : null,
          },
        ]}
      />
    </Drawer>
  );
}

function BatchDrawer({ id, onClose, onEdit }: { id: number; onClose: () => void; onEdit: (batch: Batch) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const user = useSessionUser();
  const canManage = useCan('payment.manage');
  const canApprove = useCan('payment.approve');
  const query = useOp('paymentBatch.get', { id });
  const batch = query.data?.batch;
  const [dialog, setDialog] = useState<'export' | 'pay' | 'cancel' | { reverse: Batch['lines'][number] } | null>(null);
  const action = useAction();
  const busy = action.busy;
  const [selectedLines, setSelectedLines] = useState<number[]>([]);
  const [requestId, setRequestId] = useState(newRequestId);
  const run = async (work: () => Promise<unknown>, done: string) => {
    await action.run(async () => {
      await work();
      void message.success(done);
      setDialog(null);
      setRequestId(newRequestId());
      await client.invalidateQueries();
    });
  };
  if (!batch)
    return (
      <Drawer open width={1260} onClose={onClose} loading={query.isPending} title={t('payables.batches.title')}>
        {query.error && <Alert type="error" message={errorMessage(query.error, t)} />}
      </Drawer>
    );
  const preparedBySelf = batch.events.some((e) => (e.transition === 'create' || e.transition === 'edit') && e.actorName === user.username);
  const payable = batch.status === 'approved' || batch.status === 'partly_paid';
  const exportable = payable || batch.status === 'paid';
  return (
    <Drawer
      open
      width={1260}
      onClose={onClose}
      title={
        <Space>
          {t('payables.detail.title', { number: batch.number })}
          <BatchStateTag state={batch.status} label={batch.statusLabel} />
        </Space>
      }
      extra={
        <Space wrap>
          {batch.status === 'draft' && canManage && <Button onClick={() => onEdit(batch)}>{t('payables.detail.edit')}</Button>}
          {batch.status === 'draft' && canApprove && (
            <Tooltip title={preparedBySelf ? t('payables.detail.approveSelf') : undefined}>
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                loading={busy}
                data-testid="batch-approve"
                onClick={() =>
                  void run(
                    () => call('paymentBatch.approve', { id: batch.id, version: batch.version, requestId }),
                    t('payables.detail.approved'),
                  )
                }
              >
                {t('payables.detail.approve')}
              </Button>
            </Tooltip>
          )}
          {exportable && canManage && (
            <Button icon={<DownloadOutlined />} onClick={() => setDialog('export')} data-testid="batch-export">
              {t('payables.detail.exportBank')}
            </Button>
          )}
          {payable && canManage && (
            <Button type="primary" onClick={() => setDialog('pay')} data-testid="batch-record-paid">
              {t('payables.detail.recordPaid')}
            </Button>
          )}
          {(batch.status === 'draft' || batch.status === 'approved') && canManage && (
            <Button danger icon={<StopOutlined />} onClick={() => setDialog('cancel')} data-testid="batch-cancel">
              {t('payables.detail.cancel')}
            </Button>
          )}
        </Space>
      }
    >
      {batch.status === 'draft' && preparedBySelf && canApprove && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('payables.detail.approveSelf')} />
      )}
      <Descriptions size="small" column={4} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('payables.batches.total')}>{yuan(batch.totalMicro)}</Descriptions.Item>
        <Descriptions.Item label={t('payables.batches.paid')}>{yuan(batch.paidMicro)}</Descriptions.Item>
        <Descriptions.Item label={t('payables.batches.lines')}>{batch.lineCount}</Descriptions.Item>
        <Descriptions.Item label={t('payables.batches.suppliers')}>{batch.supplierCount}</Descriptions.Item>
        <Descriptions.Item label={t('payables.batches.createdBy')}>{batch.createdBy}</Descriptions.Item>
        <Descriptions.Item label={t('payables.batches.createdAt')}>{formatDateTime(batch.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('payables.batches.approvedBy')}>{batch.approvedBy ?? ''}</Descriptions.Item>
        <Descriptions.Item label={t('payables.detail.note')}>{batch.note}</Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey="id"
        data-testid="batch-lines"
        dataSource={batch.lines}
        pagination={{ pageSize: 100, showSizeChanger: false }}
        rowSelection={
          payable && canManage
            ? {
                selectedRowKeys: selectedLines,
                onChange: (k) => setSelectedLines(k as number[]),
                getCheckboxProps: (l) => ({ disabled: l.status === 'paid' }),
              }
            : undefined
        }
        columns={[
          { title: t('payables.detail.lineNo'), dataIndex: 'lineNo', width: 50 },
          { title: t('payables.detail.payee'), key: 'payee', width: 180, render: (_: unknown, l) => l.bankAccountName || l.supplierName },
          {
            title: t('payables.detail.account'),
            key: 'account',
            width: 200,
            render: (_: unknown, l) => (
              <Space direction="vertical" size={0}>
                <span className="mono">{l.bankAccountNo}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {l.bankName}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('payables.list.invoice'), dataIndex: 'invoiceNumber', width: 190, className: 'mono' },
          { title: t('payables.list.item'), dataIndex: 'itemName', width: 140, ellipsis: true },
          { title: t('payables.list.dueOn'), dataIndex: 'dueOn', width: 100 },
          { title: t('payables.detail.amount'), dataIndex: 'amountMicro', width: 100, align: 'right', render: (v: number) => yuan(v) },
          {
            title: t('payables.detail.lineStatus'),
            key: 'status',
            width: 170,
            render: (_: unknown, l) => (
              <Space direction="vertical" size={0}>
                {l.status === 'paid' ? (
                  <Tag color="success">
                    {t('payables.detail.linePaid')} {l.paidOn}
                  </Tag>
                ) : (
                  <Tag>{t('payables.detail.lineUnpaid')}</Tag>
                )}
                {l.bankReference && (
                  <Typography.Text type="secondary" className="mono" style={{ whiteSpace: 'nowrap' }}>
                    {l.bankReference}
                  </Typography.Text>
                )}
                {l.reversals.map((r) => (
                  <Typography.Text key={r.id} type="danger" style={{ fontSize: 12 }}>
                    {t('payables.detail.reversed', { amount: yuan(-r.amountMicro), reason: r.reason })}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
          {
            title: '',
            key: 'actions',
            width: 70,
            render: (_: unknown, l) =>
              l.status === 'paid' && canManage ? (
                <Button size="small" danger onClick={() => setDialog({ reverse: l })} data-testid={`batch-reverse-${l.lineNo}`}>
                  {t('payables.detail.reverse')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Card size="small" title={t('payables.detail.events')} style={{ marginTop: 12 }}>
        <Timeline
          items={batch.events.map((e) => ({
            children: `${formatDateTime(e.at)} ${e.actorName} ${t(`payables.batches.states.${e.toState as PaymentBatchState}`)}${e.reason ? `：${e.reason}` : ''}`,
          }))}
        />
      </Card>
      {dialog === 'export' && <ExportDialog batch={batch} onClose={() => setDialog(null)} />}
      {dialog === 'pay' && (
        <PayDialog
          selected={selectedLines}
          busy={busy}
          onClose={() => setDialog(null)}
          onSubmit={(v) =>
            void run(
              () =>
                call('paymentBatch.recordPaid', {
                  id: batch.id,
                  bankReference: v.bankReference,
                  paidOn: v.paidOn,
                  ...(v.scope === 'some' ? { lineIds: selectedLines } : {}),
                  requestId,
                }).then(() => setSelectedLines([])),
              t('payables.payDialog.done'),
            )
          }
        />
      )}
      {dialog === 'cancel' && (
        <ReasonDialog
          title={t('payables.detail.cancel')}
          label={t('payables.detail.cancelReason')}
          busy={busy}
          onClose={() => setDialog(null)}
          onSubmit={(reason) =>
            void run(() => call('paymentBatch.cancel', { id: batch.id, version: batch.version, reason }), t('payables.detail.cancelled'))
          }
        />
      )}
      {dialog && typeof dialog === 'object' && (
        <ReasonDialog
          title={t('payables.detail.reverseTitle', { lineNo: dialog.reverse.lineNo })}
          label={t('payables.detail.reverseReason')}
          busy={busy}
          onClose={() => setDialog(null)}
          onSubmit={(reason) =>
            void run(
              () => call('paymentBatch.reverseLine', { lineId: dialog.reverse.id, reason, requestId }),
              t('payables.detail.reverseDone'),
            )
          }
        />
      )}
    </Drawer>
  );
}

function ExportDialog({ batch, onClose }: { batch: Batch; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const profiles = useOp('bankProfile.list', {});
  // undefined: the first profile, and the chosen profile's default file type and encoding.
  const [pickedId, setPickedId] = useState<number | undefined>();
  const [pickedFormat, setFormat] = useState<'xlsx' | 'csv' | undefined>();
  const [pickedEncoding, setEncoding] = useState<'utf8bom' | 'gbk' | undefined>();
  const [unpaidOnly, setUnpaidOnly] = useState(batch.status === 'partly_paid');
  const { busy, run } = useAction();
  const profile = profiles.data?.profiles.find((p) => p.id === pickedId) ?? profiles.data?.profiles[0];
  const profileId = profile?.id;
  const format = pickedFormat ?? profile?.defaultFormat ?? 'xlsx';
  const encoding = pickedEncoding ?? profile?.defaultEncoding ?? 'utf8bom';
  const pick = (id: number) => {
    setPickedId(id);
    setFormat(undefined);
    setEncoding(undefined);
  };
  const download = async () => {
    if (!profileId) return;
    await run(async () => {
      const file = await call('paymentBatch.exportBankFile', {
        id: batch.id,
        profileId,
        format,
        ...(format === 'csv' ? { encoding } : {}),
        unpaidOnly,
      });
      downloadBase64(file);
      void message.success(t('payables.exportDialog.done', { count: file.lineCount, amount: yuan(file.totalMicro) }));
      onClose();
    });
  };
  return (
    <Modal
      open
      title={t('payables.exportDialog.title')}
      onCancel={onClose}
      onOk={() => void download()}
      okText={t('payables.exportDialog.download')}
      cancelText={t('payables.common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'export-download' }}
    >
      <Form layout="vertical">
        <Form.Item label={t('payables.exportDialog.profile')}>
          <Select
            value={profileId}
            onChange={pick}
            options={(profiles.data?.profiles ?? []).map((p) => ({ value: p.id, label: p.name }))}
            data-testid="export-profile"
          />
        </Form.Item>
        <Form.Item label={t('payables.exportDialog.format')}>
          <Radio.Group
            value={format}
            onChange={(e) => setFormat(e.target.value as 'xlsx' | 'csv')}
            options={[
              { value: 'xlsx', label: 'Excel (xlsx)' },
              { value: 'csv', label: 'CSV' },
            ]}
          />
        </Form.Item>
        {format === 'csv' && (
          <Form.Item label={t('payables.exportDialog.encoding')}>
            <Radio.Group
              value={encoding}
              onChange={(e) => setEncoding(e.target.value as 'utf8bom' | 'gbk')}
              options={[
                { value: 'utf8bom', label: t('payables.exportDialog.utf8bom') },
                { value: 'gbk', label: t('payables.exportDialog.gbk') },
              ]}
            />
          </Form.Item>
        )}
        <Checkbox checked={unpaidOnly} onChange={(e) => setUnpaidOnly(e.target.checked)}>
          {t('payables.exportDialog.unpaidOnly')}
        </Checkbox>
      </Form>
    </Modal>
  );
}

function PayDialog({
  selected,
  busy,
  onClose,
  onSubmit,
}: {
  selected: number[];
  busy: boolean;
  onClose: () => void;
  onSubmit: (v: { bankReference: string; paidOn: string; scope: 'all' | 'some' }) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ bankReference: string; paidOn: string; scope: 'all' | 'some' }>();
  return (
    <Modal
      open
      title={t('payables.payDialog.title')}
      onCancel={onClose}
      onOk={() => void form.validateFields().then(onSubmit)}
      okText={t('payables.common.ok')}
      cancelText={t('payables.common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'pay-ok' }}
    >
      <Form form={form} layout="vertical" initialValues={{ paidOn: communityToday(), scope: selected.length > 0 ? 'some' : 'all' }}>
        <Form.Item
          name="bankReference"
          label={t('payables.payDialog.bankReference')}
          rules={[{ required: true, message: t('payables.payDialog.bankReference') }]}
        >
          <Input data-testid="pay-reference" />
        </Form.Item>
        <Form.Item name="paidOn" label={t('payables.payDialog.paidOn')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="scope" label={t('payables.payDialog.scope')}>
          <Radio.Group
            options={[
              { value: 'all', label: t('payables.payDialog.all') },
              { value: 'some', label: `${t('payables.payDialog.some')} (${selected.length})`, disabled: selected.length === 0 },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReasonDialog({
  title,
  label,
  busy,
  onClose,
  onSubmit,
}: {
  title: string;
  label: string;
  busy: boolean;
  onClose: () => void;
  onSubmit: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => reason.trim() && onSubmit(reason.trim())}
      okText={t('payables.common.ok')}
      cancelText={t('payables.common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: !reason.trim(), 'data-testid': 'reason-ok' }}
    >
      <Typography.Text>{label}</Typography.Text>
      <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reason-input" />
    </Modal>
  );
}
