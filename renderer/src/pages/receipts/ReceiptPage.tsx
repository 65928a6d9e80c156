import { ArrowLeftOutlined, CheckCircleOutlined, FileTextOutlined, PrinterOutlined, RollbackOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { App, Button, Card, Flex, Input, Modal, Table, Tag, Timeline, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, type Receipt, type ReceiptLine } from '../../../../core/api/index.js';
import { ApiError, call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useSession } from '../../session/useSession.js';
import { ReceiptEditor } from './ReceiptEditor.js';
import { ShortExpiryPanel } from './ShortExpiryPanel.js';
import { InvoicesModal } from './InvoicesModal.js';
import { fieldErrors, headerFromReceipt, linesFromReceipt, receiptInput, ReceiptStateTag, type EditHeader, type EditLine } from './receiptShared.js';

export const openReceiptPrint = (id: number) => window.open(`/print/receipts/${id}`, '_blank', 'noopener');

const newRequestId = () => (globalThis.crypto?.randomUUID?.() ?? `rk-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`);

/** One 入库验收单: a draft is the scanner-first entry grid; a posted one is the record, to print or reverse. */
export function ReceiptPage() {
  const { receiptId } = useParams({ strict: false });
  const got = useOp('receipt.get', { id: receiptId ?? 0 }, { enabled: receiptId !== undefined });
  const permissions = useSession().data?.permissions ?? [];
  const canReceive = permissions.includes('stock.receive');
  if (got.error) return <Typography.Text type="danger">{got.error.message}</Typography.Text>;
  if (!got.data) return <FullPageSpin />;
  const { receipt } = got.data;
  // Keyed by version: a saved or posted receipt starts the editor again from what the hub holds. Who may not
  // receive (the pharmacy officer, finance, auditors) reads a draft as a record; the officer records there why
  // a short-expiry batch may be accepted.
  if (receipt.state === 'draft' && canReceive) return <DraftReceipt key={receipt.version} receipt={receipt} />;
  return (
    <>
      <PostedReceipt receipt={receipt} canReceive={canReceive} />
      {receipt.state === 'draft' && permissions.includes('purchase.approve') && <ShortExpiryPanel receipt={receipt} />}
    </>
  );
}

function ReceiptTitle({ receipt, children }: { receipt: Receipt; children: React.ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <PageHeader
      title={`${t('receiving.title')} ${receipt.number}`}
      subtitle={[
        receipt.supplierName,
        `${receipt.unitName} · ${receipt.storeName}`,
        receipt.orderNumber ? `${t('receiving.field.order')} ${receipt.orderNumber}` : t('receiving.unplanned'),
        receipt.reversedByNumber ? t('receiving.detail.reversedBy', { number: receipt.reversedByNumber }) : '',
        receipt.reversesNumber ? t('receiving.detail.reverses', { number: receipt.reversesNumber }) : '',
      ]
        .filter(Boolean)
        .join('　')}
      actions={
        <>
          <ReceiptStateTag state={receipt.state} />
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate({ to: '/receipts' })}>
            {t('receiving.actions.back')}
          </Button>
          {children}
        </>
      }
    />
  );
}

function DraftReceipt({ receipt }: { receipt: Receipt }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [header, setHeader] = useState<EditHeader>(() => headerFromReceipt(receipt));
  const [lines, setLines] = useState<EditLine[]>(() => linesFromReceipt(receipt));
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [busy, setBusy] = useState(false);
  const order = useOp('purchaseOrder.get', { id: receipt.orderId ?? 0 }, { enabled: receipt.orderId !== null });
  const orderProgress = new Map((order.data?.order.lines ?? []).map((l) => [l.id, { ordered: l.quantity, received: l.received, outstanding: l.outstanding }]));
  /** The requestId of the posting in progress: made once per click, reused when the answer was lost. */
  const pending = useRef<string | null>(null);
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['receipt.get'] }), client.invalidateQueries({ queryKey: ['receipt.arrivals'] })]);

  const report = (error: unknown, rows: number[]) => {
    const found = fieldErrors(error, rows);
    setErrors(found);
    void message.error(found.size > 1 ? t('receiving.actions.refusals', { count: found.size }) : errorMessage(error, t));
  };

  const save = async (): Promise<Receipt | null> => {
    const { input, rows } = receiptInput(header, lines);
    try {
      const saved = (await call('receipt.update', { ...input, id: receipt.id, version: receipt.version })).receipt;
      setErrors(new Map());
      return saved;
    } catch (error) {
      report(error, rows);
      return null;
    }
  };

  const onSave = async () => {
    setBusy(true);
    const saved = await save();
    setBusy(false);
    if (saved) {
      void message.success(t('receiving.actions.saved'));
      await refresh();
    }
  };

  const post = async () => {
    setBusy(true);
    try {
      // A posting whose answer was lost is sent again as it was (same requestId, no save before it).
      let version: number | undefined;
      if (pending.current === null) {
        const saved = await save();
        if (!saved) return;
        version = saved.version;
      }
      const { rows } = receiptInput(header, lines);
      const requestId = (pending.current ??= newRequestId());
      for (let attempt = 0; ; attempt++) {
        try {
          await call('receipt.post', { id: receipt.id, requestId, ...(version !== undefined ? { version } : {}) });
          pending.current = null;
          void message.success(t('receiving.actions.posted'));
          break;
        } catch (error) {
          if (error instanceof ApiError && error.code === 'NETWORK' && attempt < 2) {
            void message.warning(t('receiving.actions.retrying'));
            continue;
          }
          if (!(error instanceof ApiError && error.code === 'NETWORK')) pending.current = null;
          report(error, rows);
          return;
        }
      }
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const onPost = () => modal.confirm({ title: t('receiving.actions.post'), content: t('receiving.actions.postConfirm'), onOk: () => void post() });

  const onVoid = () =>
    modal.confirm({
      title: t('receiving.actions.void'),
      content: t('receiving.actions.voidConfirm'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await call('receipt.void', { id: receipt.id, version: receipt.version });
          void message.success(t('receiving.actions.voided'));
        } catch (error) {
          void message.error(errorMessage(error, t));
        }
        await refresh();
      },
    });

  return (
    <>
      <ReceiptTitle receipt={receipt}>
        <Button danger onClick={onVoid} data-testid="rk-void">
          {t('receiving.actions.void')}
        </Button>
        <Button icon={<PrinterOutlined />} onClick={() => openReceiptPrint(receipt.id)}>
          {t('receiving.actions.print')}
        </Button>
        <Button icon={<SaveOutlined />} loading={busy} onClick={() => void onSave()} data-testid="rk-save">
          {t('receiving.actions.save')}
        </Button>
        <Button type="primary" icon={<CheckCircleOutlined />} loading={busy} onClick={onPost} data-testid="rk-post">
          {t('receiving.actions.post')}
        </Button>
      </ReceiptTitle>
      <ReceiptEditor header={header} lines={lines} onHeader={setHeader} onLines={setLines} errors={errors} fixedOrder={receipt.orderId !== null} orderProgress={orderProgress} />
    </>
  );
}

function PostedReceipt({ receipt, canReceive }: { receipt: Receipt; canReceive: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [reversing, setReversing] = useState(false);
  const [invoicing, setInvoicing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const pending = useRef<string | null>(null);

  const reverse = async () => {
    setBusy(true);
    const requestId = (pending.current ??= newRequestId());
    try {
      const { reversal } = await call('receipt.reverse', { id: receipt.id, version: receipt.version, reason, requestId });
      pending.current = null;
      setReversing(false);
      void message.success(t('receiving.actions.reversed', { number: reversal.number }));
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'NETWORK')) pending.current = null;
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ['receipt.get'] });
    }
  };

  const u = (l: ReceiptLine, q: number) => (q % l.packFactor === 0 ? `${q / l.packFactor}${l.packUnit}` : `${q}${l.baseUnit}`);
  return (
    <>
      <ReceiptTitle receipt={receipt}>
        <Button icon={<PrinterOutlined />} onClick={() => openReceiptPrint(receipt.id)} data-testid="rk-print">
          {t('receiving.actions.print')}
        </Button>
        {receipt.state === 'posted' && canReceive && (
          <Button icon={<FileTextOutlined />} onClick={() => setInvoicing(true)} data-testid="rk-invoices">
            {t('receiving.invoices.action')}
          </Button>
        )}
        {receipt.state === 'posted' && canReceive && (
          <Button danger icon={<RollbackOutlined />} onClick={() => setReversing(true)} data-testid="rk-reverse">
            {t('receiving.actions.reverse')}
          </Button>
        )}
      </ReceiptTitle>
      <Table<ReceiptLine>
        size="small"
        bordered
        pagination={false}
        rowKey="id"
        dataSource={receipt.lines}
        data-testid="rk-posted-lines"
        scroll={{ x: 1300 }}
        columns={[
          { title: t('receiving.line.no'), dataIndex: 'lineNo', width: 44, align: 'center' },
          {
            title: t('receiving.line.item'),
            width: 240,
            render: (_v, l) => (
              <>
                <Typography.Text strong>{l.genericName}</Typography.Text> {l.spec}
                <div style={{ fontSize: 12, color: '#595959' }}>{l.manufacturer}</div>
              </>
            ),
          },
          { title: t('receiving.line.batch'), dataIndex: 'batchNo', width: 110 },
          { title: t('receiving.line.production'), dataIndex: 'productionDate', width: 104 },
          { title: t('receiving.line.expiry'), dataIndex: 'expiry', width: 104 },
          { title: t('receiving.line.accepted'), width: 100, align: 'right', render: (_v, l) => u(l, l.acceptedQuantity) },
          { title: t('receiving.line.rejected'), width: 90, align: 'right', render: (_v, l) => (l.rejectedQuantity ? `${u(l, l.rejectedQuantity)} ${l.rejectReason}` : '') },
          { title: t('receiving.line.price'), width: 110, align: 'right', render: (_v, l) => `${formatYuan(l.priceMicro)}/${l.packUnit}` },
          { title: t('receiving.line.amount'), width: 100, align: 'right', render: (_v, l) => <span className="mono">{formatYuan(l.amountMicro)}</span> },
          { title: t('receiving.line.codes'), width: 80, align: 'right', dataIndex: 'traceCodeCount' },
          { title: t('receiving.line.temp'), width: 80, render: (_v, l) => (l.arrivalTempTenths === null ? '' : `${(l.arrivalTempTenths / 10).toFixed(1)}°C`) },
          {
            title: t('receiving.detail.inspector'),
            width: 140,
            render: (_v, l) => (
              <>
                <Tag color={l.conclusion === 'accepted' ? 'green' : l.conclusion === 'partial' ? 'orange' : 'red'}>{l.conclusionLabel}</Tag>
                {[l.inspectorName, l.secondInspectorName].filter(Boolean).join('、')}
              </>
            ),
          },
          { title: t('receiving.line.deliveryNote'), width: 120, dataIndex: 'deliveryNoteNo' },
          { title: t('receiving.line.distributorInvoice'), width: 150, render: (_v, l) => [l.distributorInvoiceNo, l.manufacturerInvoiceNo].filter(Boolean).join(' / ') },
        ]}
        footer={() => <Typography.Text strong>{t('receiving.detail.total', { count: receipt.lines.length, amount: formatYuan(receipt.totalMicro) })}</Typography.Text>}
      />
      <Card size="small" title={t('receiving.detail.events')} style={{ marginTop: 16, maxWidth: 640 }}>
        <Timeline
          items={receipt.events.map((e) => ({
            children: (
              <span>
                {e.at.slice(0, 16).replace('T', ' ')}{'\u3000'}{e.actorName}{'\u3000'}{t(`receiving.state.${e.toState}`, { defaultValue: e.toState })}
                {e.reason ? `（${e.reason}）` : ''}
              </span>
            ),
          }))}
        />
      </Card>
      {invoicing && <InvoicesModal receipt={receipt} onClose={() => setInvoicing(false)} />}
      <Modal
        open={reversing}
        title={t('receiving.actions.reverseTitle')}
        onCancel={() => setReversing(false)}
        onOk={() => void reverse()}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: busy }}
        destroyOnHidden
      >
        <Flex vertical gap={8}>
          <Typography.Text>{t('receiving.actions.reverseReason')}</Typography.Text>
          <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 2 }} data-testid="rk-reverse-reason" />
        </Flex>
      </Modal>
    </>
  );
}
