import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, DeleteOutlined, PrinterOutlined, SendOutlined, SwapOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Alert, App, Button, Card, Descriptions, Input, InputNumber, Modal, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, type Shipment, type ShipmentLine } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan, useSessionUser } from '../../session/SessionContext.js';
import { DiscrepancyActions, DiscrepancyStatusTag } from './DiscrepancyActions.js';
import { newRequestId, ShipmentStateTag } from './shipmentShared.js';

const openWindow = (path: string) => window.open(path, '_blank', 'noopener');

interface ConfirmRow {
  received: number;
  damaged: number;
  reason: string;
}

/**
 * One 调拨单 or 退库单: header, lines (the pick list: batch, expiry, 货位, quantity, cost, amount, codes), the actions its
 * state and the caller allow (发货 / 换批 / 取消 for the storekeeper, 签收 for the receiving side, 提交 / 批准 / 发出 / 作废
 * of a return), the discrepancies with the officer's actions, history and print buttons.
 */
export function ShipmentView({ doc }: { doc: Shipment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const user = useSessionUser();
  const canShip = useCan('distribution.ship');
  const canReceive = useCan('stock.receive');
  const canAdjust = useCan('stock.adjust');
  const canApproveReturn = useCan('requisition.approve');
  const [busy, setBusy] = useState(false);
  const [requestId, setRequestId] = useState(newRequestId);
  const [confirming, setConfirming] = useState(false);
  const [rows, setRows] = useState<Record<number, ConfirmRow>>({});
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [reasonFor, setReasonFor] = useState<'cancel' | 'reject' | 'void' | null>(null);
  const [reason, setReason] = useState('');
  const [swapLine, setSwapLine] = useState<ShipmentLine | null>(null);
  const transfer = doc.kind === 'transfer';

  const refresh = async () => {
    for (const key of ['shipment.get', 'shipment.list', 'shipment.queue', 'discrepancy.list']) await client.invalidateQueries({ queryKey: [key] });
  };
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      void message.success(done);
      setRequestId(newRequestId());
      setErrors(new Map());
      await refresh();
      return true;
    } catch (error) {
      const fields = (error as { fields?: { path: string; message: string }[] }).fields ?? [];
      setErrors(new Map(fields.map((f) => [f.path, f.message])));
      void message.error(errorMessage(error, t));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const rowOf = (line: ShipmentLine): ConfirmRow => rows[line.id] ?? { received: line.quantity, damaged: 0, reason: '' };
  const setRow = (line: ShipmentLine, patch: Partial<ConfirmRow>) => setRows((r) => ({ ...r, [line.id]: { ...rowOf(line), ...patch } }));
  const confirmLines = doc.lines
    .map((line, i) => ({ line, i, row: rowOf(line) }))
    .filter(({ line, row }) => row.received !== line.quantity || row.damaged > 0 || row.reason.trim() !== '');
  const submitConfirm = () =>
    run(
      () =>
        call('shipment.confirm', {
          id: doc.id,
          version: doc.version,
          requestId,
          lines: confirmLines.map(({ line, row }) => ({ id: line.id, receivedQuantity: row.received, damagedQuantity: row.damaged, reason: row.reason })),
        }),
      t('shipments.action.confirmed'),
    ).then((ok) => ok && setConfirming(false));
  // The error paths name the input's lines (lines.N.reason): map them back to the shipment's lines.
  const errorFor = (line: ShipmentLine, field: string) => {
    const index = confirmLines.findIndex((c) => c.line.id === line.id);
    return index < 0 ? undefined : errors.get(`lines.${index}.${field}`);
  };

  // A transfer is confirmed by the receiving unit, a return by the central store's storekeeper.
  const receiverIsMe = transfer ? user.unitId === doc.unitId : canShip;
  const actions: React.ReactNode[] = [];
  if (transfer && doc.state === 'allocated' && canShip) {
    actions.push(
      <Button key="cancel" danger icon={<CloseOutlined />} onClick={() => setReasonFor('cancel')}>
        {t('shipments.action.cancel')}
      </Button>,
      <Button
        key="ship"
        type="primary"
        icon={<SendOutlined />}
        loading={busy}
        data-testid="shipment-ship"
        onClick={() =>
          Modal.confirm({
            title: t('shipments.action.shipConfirm'),
            okText: t('shipments.action.ship'),
            onOk: () => run(() => call('shipment.ship', { id: doc.id, version: doc.version, requestId }), t('shipments.action.shipped')),
          })
        }
      >
        {t('shipments.action.ship')}
      </Button>,
    );
  }
  if (doc.state === 'shipped' && canReceive && receiverIsMe && !confirming) {
    actions.push(
      <Button key="confirm" type="primary" icon={<CheckOutlined />} onClick={() => setConfirming(true)} data-testid="shipment-confirm-open">
        {t('shipments.action.confirm')}
      </Button>,
    );
  }
  if (!transfer) {
    if (doc.state === 'draft' && canAdjust) {
      actions.push(
        <Button key="submit" type="primary" icon={<SendOutlined />} loading={busy} onClick={() => void run(() => call('memberReturn.submit', { id: doc.id, version: doc.version }), t('shipments.action.done'))} data-testid="return-submit">
          {t('shipments.action.submit')}
        </Button>,
      );
    }
    if (doc.state === 'submitted' && canApproveReturn) {
      actions.push(
        <Button key="reject" danger icon={<CloseOutlined />} onClick={() => setReasonFor('reject')}>
          {t('shipments.action.reject')}
        </Button>,
        <Button key="approve" type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => void run(() => call('memberReturn.approve', { id: doc.id, version: doc.version, note: '' }), t('shipments.action.done'))} data-testid="return-approve">
          {t('shipments.action.approve')}
        </Button>,
      );
    }
    if (doc.state === 'approved' && canAdjust && (user.unitId === doc.unitId || canShip)) {
      actions.push(
        <Button
          key="ship"
          type="primary"
          icon={<SendOutlined />}
          loading={busy}
          data-testid="return-ship"
          onClick={() =>
            Modal.confirm({
              title: t('shipments.returns.shipConfirm'),
              okText: t('shipments.returns.ship'),
              onOk: () => run(() => call('memberReturn.ship', { id: doc.id, version: doc.version, requestId }), t('shipments.action.shipped')),
            })
          }
        >
          {t('shipments.returns.ship')}
        </Button>,
      );
    }
    if (['draft', 'submitted', 'approved'].includes(doc.state) && canAdjust) {
      actions.push(
        <Button key="void" danger icon={<DeleteOutlined />} onClick={() => setReasonFor('void')}>
          {t('shipments.action.void')}
        </Button>,
      );
    }
  }
  actions.push(
    transfer ? (
      <Space.Compact key="print">
        <Button icon={<PrinterOutlined />} onClick={() => openWindow(`/print/pick-lists/${doc.id}`)} data-testid="print-pick">
          {t('shipments.detail.printPick')}
        </Button>
        <Button icon={<PrinterOutlined />} onClick={() => openWindow(`/print/shipments/${doc.id}`)} data-testid="print-shipment">
          {t('shipments.detail.print')}
        </Button>
      </Space.Compact>
    ) : (
      <Button key="print" icon={<PrinterOutlined />} onClick={() => openWindow(`/print/member-returns/${doc.id}`)}>
        {t('shipments.detail.printReturn')}
      </Button>
    ),
  );

  const columns = [
    { dataIndex: 'lineNo', title: t('shipments.detail.lineNo'), width: 48 },
    {
      key: 'item',
      title: t('shipments.detail.item'),
      width: 230,
      render: (_: unknown, l: ShipmentLine) => (
        <>
          {l.itemName} <Typography.Text type="secondary">{l.spec}</Typography.Text>
          <div style={{ fontSize: 12, color: '#888' }}>{l.manufacturer}</div>
        </>
      ),
    },
    {
      key: 'batch',
      title: t('shipments.detail.batchNo'),
      width: 150,
      render: (_: unknown, l: ShipmentLine) => (
        <>
          <span className="mono">{l.batchNo}</span> {l.nearMinimum && <Tag color="orange">{t('shipments.detail.nearMinimum')}</Tag>}
          {l.batchStatus !== 'normal' && <Tag color={l.batchStatus === 'recalled' ? 'red' : 'orange'} data-testid="shipment-line-batch-status">{t(`adjustments.status.${l.batchStatus}`)}</Tag>}
          {l.swapReason && <div style={{ fontSize: 12, color: '#888' }}>{t('shipments.detail.swapReason')}：{l.swapReason}</div>}
        </>
      ),
    },
    { dataIndex: 'expiry', title: t('shipments.detail.expiry'), width: 104 },
    { dataIndex: 'location', title: t('shipments.detail.location'), width: 110 },
    { dataIndex: 'quantityText', title: t('shipments.detail.quantity'), width: 170, align: 'right' as const },
    { key: 'cost', title: t('shipments.detail.cost'), width: 110, align: 'right' as const, render: (_: unknown, l: ShipmentLine) => `${formatYuan(l.costMicro)}/${l.costUnit}` },
    { key: 'amount', title: t('shipments.detail.amount'), width: 100, align: 'right' as const, render: (_: unknown, l: ShipmentLine) => formatYuan(l.amountMicro) },
    { dataIndex: 'codeCount', title: t('shipments.detail.codes'), width: 70, align: 'right' as const },
    ...(confirming
      ? [
          {
            key: 'received',
            title: t('shipments.detail.received'),
            width: 110,
            render: (_: unknown, l: ShipmentLine) => (
              <InputNumber min={0} precision={0} value={rowOf(l).received} onChange={(v) => setRow(l, { received: v ?? 0 })} status={errorFor(l, 'receivedQuantity') ? 'error' : undefined} data-testid={`confirm-received-${l.lineNo}`} />
            ),
          },
          {
            key: 'damaged',
            title: t('shipments.detail.damaged'),
            width: 96,
            render: (_: unknown, l: ShipmentLine) => (
              <InputNumber min={0} precision={0} value={rowOf(l).damaged} onChange={(v) => setRow(l, { damaged: v ?? 0 })} status={errorFor(l, 'damagedQuantity') ? 'error' : undefined} data-testid={`confirm-damaged-${l.lineNo}`} />
            ),
          },
          {
            key: 'reason',
            title: t('shipments.detail.diffReason'),
            width: 200,
            render: (_: unknown, l: ShipmentLine) => (
              <>
                <Input value={rowOf(l).reason} onChange={(e) => setRow(l, { reason: e.target.value })} status={errorFor(l, 'reason') ? 'error' : undefined} onPressEnter={() => void submitConfirm()} data-testid={`confirm-reason-${l.lineNo}`} />
                {errorFor(l, 'reason') && <div style={{ color: '#cf1322', fontSize: 12 }}>{errorFor(l, 'reason')}</div>}
              </>
            ),
          },
        ]
      : [
          {
            key: 'receipt',
            title: t('shipments.detail.received'),
            width: 120,
            render: (_: unknown, l: ShipmentLine) =>
              l.receipt ? `${l.receipt.receivedQuantity}${l.receipt.damagedQuantity ? ` / ${t('shipments.detail.damaged')} ${l.receipt.damagedQuantity}` : ''}` : '',
          },
        ]),
    ...(transfer && doc.state === 'allocated' && canShip
      ? [
          {
            key: 'swap',
            title: '',
            width: 80,
            render: (_: unknown, l: ShipmentLine) => (
              <Button size="small" icon={<SwapOutlined />} onClick={() => setSwapLine(l)} data-testid={`swap-${l.lineNo}`}>
                {t('shipments.action.swap')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={`${doc.typeLabel} ${doc.number}`}
        subtitle={doc.stateLabel}
        actions={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate({ to: transfer ? '/shipments' : '/member-returns' })}>
              {t('shipments.detail.back')}
            </Button>
            <ShipmentStateTag doc={doc} />
            {actions}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('shipments.detail.from')}>
            {doc.fromUnitName} · {doc.fromStoreName}
          </Descriptions.Item>
          <Descriptions.Item label={t('shipments.detail.to')}>
            {doc.toUnitName} · {doc.toStoreName}
          </Descriptions.Item>
          {transfer ? (
            <Descriptions.Item label={t('shipments.detail.requisition')}>{doc.requisitionNumber ?? '—'}</Descriptions.Item>
          ) : (
            <Descriptions.Item label={t('shipments.detail.returnReason')}>{doc.returnReasonLabel}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('shipments.col.createdBy')}>
            {doc.createdBy} {formatDateTime(doc.createdAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('shipments.col.shippedAt')}>{formatDateTime(doc.shippedAt) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('shipments.col.receivedAt')}>{formatDateTime(doc.receivedAt) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('shipments.detail.total')}>
            {doc.totalQuantity} · ¥{doc.totalYuan}
          </Descriptions.Item>
          {doc.note && <Descriptions.Item label={t('shipments.detail.note')}>{doc.note}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {!transfer && doc.state === 'shipped' && !canShip && <Alert style={{ marginBottom: 12 }} type="info" showIcon message={t('shipments.returns.confirmByCentre')} />}
      <Card
        size="small"
        title={t('shipments.detail.lines')}
        style={{ marginBottom: 12 }}
        extra={
          confirming && (
            <Space>
              <Typography.Text type="secondary">{t('shipments.action.confirmHint')}</Typography.Text>
              <Button onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
              <Button type="primary" loading={busy} onClick={() => void submitConfirm()} data-testid="shipment-confirm">
                {confirmLines.length === 0 ? t('shipments.action.allAsShipped') : t('shipments.action.confirm')}
              </Button>
            </Space>
          )
        }
      >
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={doc.lines}
          // While confirming, the money and 货位 give way to the inputs: the receiving side counts, it does not price.
          columns={confirming ? columns.filter((c) => !['location', 'cost', 'amount', 'codeCount'].includes(String(c.key ?? ('dataIndex' in c ? c.dataIndex : '')))) : columns}
          scroll={{ x: 1280 }}
          data-testid="shipment-lines"
        />
      </Card>
      {doc.discrepancies.length > 0 && (
        <Card size="small" title={t('shipments.detail.discrepancies')} style={{ marginBottom: 12 }} data-testid="shipment-discrepancies">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={doc.discrepancies}
            columns={[
              { key: 'item', title: t('shipments.discrepancies.item'), render: (_, d) => `${d.itemName} ${d.spec}` },
              { dataIndex: 'batchNo', title: t('shipments.discrepancies.batchNo'), width: 120 },
              { dataIndex: 'kindLabel', title: t('shipments.discrepancies.kind'), width: 80 },
              { key: 'q', title: t('shipments.discrepancies.quantity'), width: 90, align: 'right', render: (_, d) => `${d.quantity}${d.baseUnit}` },
              { dataIndex: 'reason', title: t('shipments.discrepancies.reason') },
              { key: 's', title: t('shipments.discrepancies.state'), width: 110, render: (_, d) => <DiscrepancyStatusTag d={d} /> },
              { key: 'r', title: t('shipments.discrepancies.resolution'), render: (_, d) => [d.resolutionLabel, d.resolutionNote].filter(Boolean).join('：') },
              { key: 'a', title: '', width: 190, render: (_, d) => <DiscrepancyActions d={d} /> },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={t('shipments.detail.events')}>
        <Timeline
          items={doc.events.map((e) => ({
            children: (
              <>
                <strong>{e.transitionLabel}</strong> · {e.actorName} · {formatDateTime(e.at)}
                {e.reason && <div style={{ color: '#666' }}>{e.reason}</div>}
              </>
            ),
          }))}
        />
      </Card>
      {reasonFor && (
        <Modal
          open
          title={t(reasonFor === 'cancel' ? 'shipments.action.cancel' : reasonFor === 'reject' ? 'shipments.action.reject' : 'shipments.action.void')}
          onCancel={() => setReasonFor(null)}
          confirmLoading={busy}
          okButtonProps={{ disabled: !reason.trim() }}
          onOk={() =>
            void run(
              () =>
                reasonFor === 'cancel'
                  ? call('shipment.cancel', { id: doc.id, version: doc.version, reason })
                  : reasonFor === 'reject'
                    ? call('memberReturn.reject', { id: doc.id, version: doc.version, reason })
                    : call('memberReturn.cancel', { id: doc.id, version: doc.version, reason }),
              t('shipments.action.done'),
            ).then((ok) => ok && setReasonFor(null))
          }
        >
          <Input.TextArea autoFocus rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} placeholder={t('shipments.action.reasonRequired')} />
        </Modal>
      )}
      {swapLine && <SwapModal doc={doc} line={swapLine} onClose={() => setSwapLine(null)} onDone={refresh} />}
    </>
  );
}

/** 换批: the line's eligible batches (earliest expiry first, ineligible ones with why), a reason, the swap. */
function SwapModal({ doc, line, onClose, onDone }: { doc: Shipment; line: ShipmentLine; onClose: () => void; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const batches = useOp('shipment.eligibleBatches', { id: doc.id, lineId: line.id });
  const [batchId, setBatchId] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const swap = async () => {
    setBusy(true);
    try {
      await call('shipment.swapBatch', { id: doc.id, version: doc.version, lineId: line.id, batchId: batchId!, reason });
      void message.success(t('shipments.action.swapped'));
      await onDone();
      onClose();
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={760} title={t('shipments.action.swapTitle', { line: line.lineNo })} onCancel={onClose} confirmLoading={busy} okButtonProps={{ disabled: !batchId || !reason.trim() }} onOk={() => void swap()}>
      <Table
        size="small"
        rowKey="batchId"
        pagination={false}
        loading={batches.isPending}
        dataSource={batches.data?.batches}
        rowSelection={{ type: 'radio', selectedRowKeys: batchId ? [batchId] : [], onChange: (keys) => setBatchId(Number(keys[0])), getCheckboxProps: (b) => ({ disabled: !b.eligible || b.current }) }}
        columns={[
          { dataIndex: 'batchNo', title: t('shipments.batch.batchNo'), render: (v: string, b) => (b.current ? `${v}（${t('shipments.batch.current')}）` : v) },
          { dataIndex: 'expiry', title: t('shipments.batch.expiry'), width: 110 },
          { dataIndex: 'available', title: t('shipments.batch.available'), width: 90, align: 'right' },
          { key: 'near', title: '', width: 90, render: (_, b) => (b.nearMinimum ? <Tag color="orange">{t('shipments.detail.nearMinimum')}</Tag> : null) },
          { dataIndex: 'reason', title: t('shipments.batch.reason') },
        ]}
      />
      <Input style={{ marginTop: 12 }} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} placeholder={t('shipments.action.swapReason')} />
    </Modal>
  );
}
