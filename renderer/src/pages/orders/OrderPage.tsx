import { ArrowLeftOutlined, CheckOutlined, PrinterOutlined, SaveOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { App, Button, Card, Descriptions, Flex, Input, Modal, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPacks, formatQuantity, formatYuan, type Order, type OpOutput } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import {
  emptyLine,
  fieldErrors,
  headerFromOrder,
  linesFromOrder,
  OrderEditor,
  orderInput,
  type EditHeader,
  type EditLine,
} from './OrderEditor.js';
import { ChannelTag, OrderStateTag } from './orderShared.js';

type Events = OpOutput<'purchaseOrder.get'>['events'];

/** A line's quantity in its purchase packs when whole (10 盒), else in base units with the breakdown. */
const inPacks = (l: Order['lines'][number], quantity: number) =>
  quantity % l.packFactor === 0 ? `${quantity / l.packFactor} ${l.packUnit}` : formatQuantity(l.baseUnit, l.packs, quantity);

const openPrint = (id: number) => window.open(`/print/orders/${id}`, '_blank', 'noopener');

/** One purchase order: the line editor while it is a draft, then its record with what has arrived. */
export function OrderPage() {
  const { t } = useTranslation();
  const { orderId } = useParams({ strict: false });
  const got = useOp('purchaseOrder.get', { id: orderId ?? 0 }, { enabled: orderId !== undefined });
  const canManage = useCan('purchase.manage');
  if (got.error) return <Typography.Text type="danger">{errorMessage(got.error, t)}</Typography.Text>;
  if (!got.data) return <FullPageSpin />;
  const { order, events } = got.data;
  return order.state === 'draft' && canManage ? (
    <DraftOrder key={`${order.id}-${order.version}`} order={order} events={events} />
  ) : (
    <PostedOrder order={order} events={events} />
  );
}

/** Saves (creates or updates) the draft and reports refusals on their fields. */
export function useSaveOrder() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [saving, setSaving] = useState(false);
  const save = async (header: EditHeader, lines: EditLine[], existing?: { id: number; version: number }): Promise<Order | null> => {
    const { input, rows } = orderInput(header, lines);
    setSaving(true);
    try {
      const { order } = existing
        ? await call('purchaseOrder.update', { ...input, ...existing })
        : await call('purchaseOrder.create', input);
      setErrors(new Map());
      await client.invalidateQueries({ queryKey: ['purchaseOrder.list'] });
      return order;
    } catch (error) {
      const found = fieldErrors(error, rows);
      setErrors(found);
      void message.error(found.size > 1 ? t('purchasing.action.fixErrors', { count: found.size }) : errorMessage(error, t));
      return null;
    } finally {
      setSaving(false);
    }
  };
  return { save, errors, saving };
}

function DraftOrder({ order, events }: { order: Order; events: Events }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const canApprove = useCan('purchase.approve');
  const [header, setHeader] = useState<EditHeader>(() => headerFromOrder(order));
  const [lines, setLines] = useState<EditLine[]>(() => [...linesFromOrder(order), emptyLine()]);
  const { save, errors, saving } = useSaveOrder();
  const [busy, setBusy] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ['purchaseOrder.get', { id: order.id }] });

  const onSave = async () => {
    const saved = await save(header, lines, { id: order.id, version: order.version });
    if (saved) {
      void message.success(t('purchasing.action.saved'));
      await refresh();
    }
    return saved;
  };
  // Approving an unchanged draft approves it as it is; an edited one is saved first (one more version).
  const [initial] = useState(() => JSON.stringify(orderInput(headerFromOrder(order), linesFromOrder(order)).input));
  const dirty = JSON.stringify(orderInput(header, lines).input) !== initial;
  const onApprove = async () => {
    const saved = dirty ? await save(header, lines, { id: order.id, version: order.version }) : order;
    if (!saved) return;
    setBusy(true);
    try {
      await call('purchaseOrder.approve', { id: order.id, version: saved.version });
      void message.success(t('purchasing.action.approved'));
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
      await refresh();
    }
  };
  const onDiscard = () =>
    modal.confirm({
      title: t('purchasing.action.discard'),
      content: t('purchasing.action.discardConfirm'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await call('purchaseOrder.discard', { id: order.id, version: order.version });
          void message.success(t('purchasing.action.discarded'));
        } catch (error) {
          void message.error(errorMessage(error, t));
        }
        await refresh();
      },
    });

  return (
    <>
      <OrderTitle order={order}>
        <Button onClick={onDiscard} danger>
          {t('purchasing.action.discard')}
        </Button>
        <Button icon={<PrinterOutlined />} onClick={() => openPrint(order.id)}>
          {t('purchasing.action.print')}
        </Button>
        <Button icon={<SaveOutlined />} loading={saving} onClick={() => void onSave()} data-testid="po-save">
          {t('purchasing.action.save')}
        </Button>
        {canApprove && (
          <Button type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => void onApprove()} data-testid="po-approve">
            {t('purchasing.action.approve')}
          </Button>
        )}
      </OrderTitle>
      <Card size="small">
        <OrderEditor header={header} lines={lines} onHeader={setHeader} onLines={setLines} errors={errors} />
      </Card>
      <EventsCard events={events} />
    </>
  );
}

function OrderTitle({ order, children }: { order: Order; children?: React.ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <PageHeader
      title={`${t('purchasing.title')} ${order.number}`}
      subtitle={`${order.supplierName} → ${order.unitName} · ${order.storeName}`}
      actions={
        <>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate({ to: '/orders' })}>
            {t('purchasing.action.back')}
          </Button>
          <OrderStateTag state={order.state} />
          {children}
        </>
      }
    />
  );
}

function PostedOrder({ order, events }: { order: Order; events: Events }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const canManage = useCan('purchase.manage');
  const canApprove = useCan('purchase.approve');
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [feedbackOpen, setFeedbackOpen] = useState(false);
  const [orderCode, setOrderCode] = useState(order.orderCode);
  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      void message.success(done);
      await client.invalidateQueries({ queryKey: ['purchaseOrder.get', { id: order.id }] });
      await client.invalidateQueries({ queryKey: ['purchaseOrder.list'] });
      return true;
    } catch (error) {
      void message.error(errorMessage(error, t));
      return false;
    }
  };
  const open = ['approved', 'sent', 'partly_received'].includes(order.state);
  return (
    <>
      <OrderTitle order={order}>
        <Button icon={<PrinterOutlined />} onClick={() => openPrint(order.id)} data-testid="po-print">
          {t('purchasing.action.print')}
        </Button>
        {canManage && open && (
          <Button icon={<StopOutlined />} danger onClick={() => setCancelOpen(true)}>
            {t('purchasing.action.cancel')}
          </Button>
        )}
        {canManage && order.state !== 'discarded' && order.state !== 'draft' && (
          <Button
            onClick={() => {
              setOrderCode(order.orderCode);
              setFeedbackOpen(true);
            }}
          >
            {t('purchasing.action.feedback')}
          </Button>
        )}
        {canManage && order.state === 'approved' && (
          <Button
            type="primary"
            icon={<SendOutlined />}
            onClick={() =>
              void run(() => call('purchaseOrder.send', { id: order.id, version: order.version }), t('purchasing.action.sent'))
            }
          >
            {t('purchasing.action.send')}
          </Button>
        )}
        {canApprove && order.state === 'draft' && (
          <Button
            type="primary"
            icon={<CheckOutlined />}
            onClick={() =>
              void run(() => call('purchaseOrder.approve', { id: order.id, version: order.version }), t('purchasing.action.approved'))
            }
          >
            {t('purchasing.action.approve')}
          </Button>
        )}
      </OrderTitle>
      <Card size="small" title={t('purchasing.detail.header')} style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={4}>
          <Descriptions.Item label={t('purchasing.col.orderDate')}>{order.orderDate}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.field.supplier')}>{order.supplierName}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.field.store')}>
            {order.unitName} · {order.storeName} {order.direct && <Tag color="purple">{t('purchasing.col.direct')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('purchasing.field.channel')}>
            <ChannelTag channel={order.channel} />
            {order.channelReason && <span style={{ marginLeft: 6 }}>{order.channelReason}</span>}
          </Descriptions.Item>
          <Descriptions.Item label={t('purchasing.field.platformProfile')}>{order.platformProfile || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.detail.orderCode')}>{order.orderCode || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.field.expectedOn')}>{order.expectedOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.col.total')}>
            <strong>{formatYuan(order.totalMicro)}</strong>
          </Descriptions.Item>
          <Descriptions.Item label={t('purchasing.detail.createdBy')}>{order.createdBy}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.detail.approvedBy')}>{order.approvedBy ?? '—'}</Descriptions.Item>
          {order.note && <Descriptions.Item label={t('purchasing.field.note')}>{order.note}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card size="small" title={t('purchasing.detail.lines')} style={{ marginBottom: 12 }}>
        <Table
          size="small"
          bordered
          pagination={false}
          rowKey="id"
          dataSource={order.lines}
          data-testid="po-posted-lines"
          columns={[
            { title: t('purchasing.line.no'), dataIndex: 'lineNo', width: 48, align: 'center' },
            {
              title: t('purchasing.line.itemShort'),
              render: (_v, l) => (
                <>
                  <strong>{l.genericName}</strong> {l.spec}
                  <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                    {formatPacks(l.baseUnit, l.packs)} · {l.manufacturer}
                  </div>
                </>
              ),
            },
            {
              title: t('purchasing.line.quantity'),
              align: 'right',
              render: (_v, l) => (
                <>
                  {l.packQuantity} {l.packUnit}
                  <div style={{ fontSize: 12, color: '#8c8c8c' }}>{`${l.quantity} ${l.baseUnit}`}</div>
                </>
              ),
            },
            { title: t('purchasing.line.price'), align: 'right', render: (_v, l) => `${formatYuan(l.priceMicro)} /${l.packUnit}` },
            { title: t('purchasing.line.amount'), align: 'right', render: (_v, l) => formatYuan(l.amountMicro) },
            {
              title: t('purchasing.line.received'),
              align: 'right',
              render: (_v, l) => <span data-testid="po-received">{inPacks(l, l.received)}</span>,
            },
            {
              title: t('purchasing.line.outstanding'),
              align: 'right',
              render: (_v, l) => (
                <Typography.Text type={l.outstanding > 0 ? 'warning' : 'success'}>{inPacks(l, l.outstanding)}</Typography.Text>
              ),
            },
            {
              title: t('purchasing.line.vbp'),
              align: 'center',
              width: 56,
              render: (_v, l) => (l.vbp ? <Tag color="cyan">{t('purchasing.line.vbp')}</Tag> : ''),
            },
            { title: t('purchasing.line.platform'), render: (_v, l) => <span className="mono">{l.platformProductId}</span> },
            {
              title: t('purchasing.line.platformLine'),
              render: (_v, l) => (l.feedback ? `${l.feedback.platformLineId} ${l.feedback.lineStateText}` : ''),
            },
            { title: t('purchasing.line.memo'), render: (_v, l) => [l.memo, l.priceReason].filter(Boolean).join('；') },
          ]}
        />
      </Card>
      <EventsCard events={events} />
      <Modal
        open={cancelOpen}
        title={t('purchasing.action.cancel')}
        onCancel={() => setCancelOpen(false)}
        okButtonProps={{ danger: true, disabled: reason.trim() === '' }}
        onOk={async () => {
          if (
            await run(
              () => call('purchaseOrder.cancel', { id: order.id, version: order.version, reason }),
              t('purchasing.action.cancelled'),
            )
          )
            setCancelOpen(false);
        }}
      >
        <Input.TextArea
          rows={3}
          value={reason}
          placeholder={t('purchasing.action.cancelReason')}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
      <Modal
        open={feedbackOpen}
        title={t('purchasing.action.feedback')}
        onCancel={() => setFeedbackOpen(false)}
        okButtonProps={{ disabled: orderCode.trim() === '' }}
        onOk={async () => {
          if (
            await run(() => call('purchaseOrder.recordPlatformFeedback', { id: order.id, orderCode }), t('purchasing.action.feedbackSaved'))
          )
            setFeedbackOpen(false);
        }}
      >
        <Input value={orderCode} placeholder={t('purchasing.action.feedbackCode')} onChange={(e) => setOrderCode(e.target.value)} />
      </Modal>
    </>
  );
}

function EventsCard({ events }: { events: Events }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('purchasing.detail.events')}>
      <Timeline
        items={events.map((e) => ({
          children: (
            <Flex gap={8} wrap>
              <strong>
                {e.transition === 'create' || e.transition === 'update' ? t(`purchasing.event.${e.transition}`) : e.transitionLabel}
              </strong>
              <span>{e.actorName}</span>
              <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
              {e.reason && <span>（{e.reason}）</span>}
            </Flex>
          ),
        }))}
      />
    </Card>
  );
}
