import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, DeleteOutlined, EditOutlined, RollbackOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { Alert, App, Button, Card, Descriptions, Flex, Input, Modal, Space, Table, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, type Adjustment, type AdjustmentLine } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import { AdjustmentEditor, fieldErrors, linesFrom, linesInput, type EditHeader, type EditLine } from './AdjustmentEditor.js';
import { AdjustmentKindTag, AdjustmentStateTag, BatchStatusTag } from './adjustmentShared.js';

/** A fresh 请求号 for each posting click: a retry of the same click reuses it, a new click gets a new one. */
const newRequestId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `r${Date.now()}${Math.random().toString(36).slice(2, 10)}`);

/** One 退货/报损/其他出入库单: header, lines, history and the actions its state and the caller's permissions allow. */
export function AdjustmentPage() {
  const { t } = useTranslation();
  const { adjustmentId } = useParams({ strict: false });
  const got = useOp('stockAdjustment.get', { id: adjustmentId ?? 0 }, { enabled: adjustmentId !== undefined });
  if (got.error) return <Alert type="error" showIcon message={errorMessage(got.error, t)} />;
  if (!got.data) return <FullPageSpin />;
  return <AdjustmentView key={`${got.data.adjustment.id}-${got.data.adjustment.version}`} doc={got.data.adjustment} />;
}

function AdjustmentView({ doc }: { doc: Adjustment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const canAdjust = useCan('stock.adjust');
  const canApprove = useCan('stock.approve');
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reasonFor, setReasonFor] = useState<'reject' | 'reverse' | 'void' | null>(null);
  const [reason, setReason] = useState('');
  const [requestId, setRequestId] = useState(newRequestId);
  const [header, setHeader] = useState<EditHeader>({ kind: doc.kind, storeId: doc.storeId, reason: doc.reason, note: doc.note });
  const [lines, setLines] = useState<EditLine[]>(() => linesFrom(doc));
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const editable = canAdjust && (doc.state === 'draft' || (doc.kind === 'loss' && doc.state === 'rejected'));

  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['stockAdjustment.get'] });
    await client.invalidateQueries({ queryKey: ['stockAdjustment.list'] });
    await client.invalidateQueries({ queryKey: ['stockAdjustment.batches'] });
  };
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      if (done) void message.success(done);
      setRequestId(newRequestId());
      await refresh();
      return true;
    } catch (error) {
      setErrors(fieldErrors(error, lines));
      void message.error(errorMessage(error, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(
      () => call('stockAdjustment.update', { id: doc.id, version: doc.version, supplierId: null, reason: header.reason, note: header.note, lines: linesInput(doc.kind, lines) }),
      t('adjustments.saved'),
    );

  const actions: React.ReactNode[] = [];
  if (editable && !editing) {
    actions.push(
      <Button key="edit" icon={<EditOutlined />} onClick={() => setEditing(true)}>
        {t('adjustments.edit')}
      </Button>,
    );
  }
  if (editable && !editing) {
    actions.push(
      <Button key="void" danger icon={<DeleteOutlined />} onClick={() => setReasonFor('void')}>
        {t('adjustments.void')}
      </Button>,
    );
  }
  if (editable && doc.kind === 'loss' && !editing) {
    actions.push(
      <Button key="submit" type="primary" icon={<SendOutlined />} loading={busy} onClick={() => void run(() => call('stockAdjustment.submit', { id: doc.id, version: doc.version }), t('adjustments.submitted'))} data-testid="adjustment-submit">
        {t('adjustments.submit')}
      </Button>,
    );
  }
  if (editable && doc.kind !== 'loss' && !editing) {
    actions.push(
      <Button
        key="post"
        type="primary"
        icon={<CheckOutlined />}
        loading={busy}
        data-testid="adjustment-post"
        onClick={() =>
          Modal.confirm({
            title: t('adjustments.postConfirm'),
            okText: t('adjustments.post'),
            cancelText: t('common.cancel'),
            onOk: () => run(() => call('stockAdjustment.post', { id: doc.id, version: doc.version, requestId }), t('adjustments.posted')),
          })
        }
      >
        {t('adjustments.post')}
      </Button>,
    );
  }
  if (doc.kind === 'loss' && doc.state === 'submitted' && canApprove) {
    actions.push(
      <Button key="reject" danger icon={<CloseOutlined />} onClick={() => setReasonFor('reject')}>
        {t('adjustments.reject')}
      </Button>,
      <Button
        key="approve"
        type="primary"
        icon={<CheckOutlined />}
        loading={busy}
        data-testid="adjustment-approve"
        onClick={() =>
          Modal.confirm({
            title: t('adjustments.approve'),
            content: t('adjustments.approveHint'),
            okText: t('adjustments.approve'),
            cancelText: t('common.cancel'),
            onOk: () => run(() => call('stockAdjustment.approve', { id: doc.id, version: doc.version, requestId }), t('adjustments.approved')),
          })
        }
      >
        {t('adjustments.approve')}
      </Button>,
    );
  }
  if (doc.state === 'posted' && canAdjust) {
    actions.push(
      <Button key="reverse" danger icon={<RollbackOutlined />} onClick={() => setReasonFor('reverse')}>
        {t('adjustments.reverse')}
      </Button>,
    );
  }

  const lineColumns = [
    { title: '#', dataIndex: 'lineNo', width: 44 },
    {
      title: t('adjustments.item'),
      key: 'item',
      width: 320,
      render: (_: unknown, l: AdjustmentLine) => (
        <span>
          {l.itemName} <Typography.Text type="secondary">{l.spec}</Typography.Text>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {l.manufacturer}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('adjustments.batchNo'),
      key: 'batchNo',
      width: 150,
      render: (_: unknown, l: AdjustmentLine) => (
        <Space size={4}>
          <span className="mono">{l.batchNo}</span>
          <BatchStatusTag status={l.batchStatus} />
        </Space>
      ),
    },
    { title: t('adjustments.expiry'), dataIndex: 'expiry', width: 110 },
    { title: t('adjustments.quantityShort'), key: 'quantity', width: 100, align: 'right' as const, render: (_: unknown, l: AdjustmentLine) => `${l.quantity} ${l.baseUnit}` },
    {
      title: t('adjustments.costShort'),
      key: 'cost',
      width: 130,
      align: 'right' as const,
      render: (_: unknown, l: AdjustmentLine) => (l.costMicro === null ? '—' : `${formatYuan(l.costMicro)} 元/${l.costUnit}`),
    },
    { title: t('adjustments.amount'), key: 'amount', width: 110, align: 'right' as const, render: (_: unknown, l: AdjustmentLine) => (l.amountMicro === null ? '—' : formatYuan(l.amountMicro)) },
    { title: t('adjustments.lineReason'), dataIndex: 'reason', width: 140 },
  ];

  return (
    <>
      <PageHeader
        title={t('adjustments.detailTitle', { type: doc.typeLabel, number: doc.number })}
        subtitle={`${doc.unitName} · ${doc.storeName} · 3502 变更类型 ${doc.changeType}`}
        actions={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate({ to: '/stock-adjustments' })}>
              {t('adjustments.back')}
            </Button>
            {actions}
          </>
        }
      />
      {doc.kind === 'loss' && doc.state === 'submitted' && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('adjustments.waitingApproval')} description={t('adjustments.approveHint')} />}
      {editing ? (
        <Card
          size="small"
          title={t('adjustments.edit')}
          extra={
            <Space>
              <Button onClick={() => setEditing(false)}>{t('adjustments.cancelEdit')}</Button>
              <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void save()}>
                {t('adjustments.save')}
              </Button>
            </Space>
          }
        >
          <AdjustmentEditor header={header} onHeader={setHeader} lines={lines} onLines={setLines} errors={errors} stores={[{ id: doc.storeId, name: doc.storeName, unitName: doc.unitName }]} storeFixed />
        </Card>
      ) : (
        <Flex gap={12} vertical>
          <div>
            <Card size="small" style={{ marginBottom: 12 }}>
              <Descriptions size="small" column={3}>
                <Descriptions.Item label={t('adjustments.state')}>
                  <Space size={4}>
                    <AdjustmentKindTag kind={doc.kind} />
                    <AdjustmentStateTag doc={doc} />
                  </Space>
                </Descriptions.Item>
                <Descriptions.Item label={t('adjustments.store')}>
                  {doc.unitName} · {doc.storeName}
                </Descriptions.Item>
                <Descriptions.Item label={t('adjustments.createdBy')}>
                  {doc.createdBy} · {formatDateTime(doc.createdAt)}
                </Descriptions.Item>
                {doc.kind === 'return' ? <Descriptions.Item label={t('adjustments.supplier')} span={3}>{doc.supplierName}</Descriptions.Item> : null}
                <Descriptions.Item label={t('adjustments.reason')} span={2}>
                  {doc.reason}
                </Descriptions.Item>
                <Descriptions.Item label={t('adjustments.total')}>{formatYuan(doc.totalMicro)} 元</Descriptions.Item>
                {doc.note ? (
                  <Descriptions.Item label={t('adjustments.note')} span={3}>
                    {doc.note}
                  </Descriptions.Item>
                ) : null}
                {doc.reversesNumber ? (
                  <Descriptions.Item label={t('adjustments.reverse')} span={3}>
                    <Link to="/stock-adjustments/$adjustmentId" params={{ adjustmentId: doc.reversesId ?? 0 }}>
                      {t('adjustments.reversalOf', { number: doc.reversesNumber })}
                    </Link>
                  </Descriptions.Item>
                ) : null}
                {doc.reversedByNumber ? (
                  <Descriptions.Item label={t('adjustments.reverse')} span={3}>
                    <Link to="/stock-adjustments/$adjustmentId" params={{ adjustmentId: doc.reversedById ?? 0 }}>
                      {t('adjustments.reversedBy', { number: doc.reversedByNumber })}
                    </Link>
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
            <Table<AdjustmentLine> size="small" rowKey="id" pagination={false} dataSource={doc.lines} columns={lineColumns} data-testid="adjustment-detail-lines" />
          </div>
          <Card size="small" title={t('adjustments.history')}>
            <Timeline
              mode="left"
              items={doc.events.map((e) => ({
                content: (
                  <div>
                    <Typography.Text strong>{e.transitionLabel}</Typography.Text> · {e.actorName}
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(e.at)}
                    </Typography.Text>
                    {e.reason ? <div style={{ fontSize: 12 }}>{e.reason}</div> : null}
                  </div>
                ),
              }))}
            />
          </Card>
        </Flex>
      )}
      <Modal
        open={reasonFor !== null}
        title={reasonFor ? t(`adjustments.${reasonFor}`) : ''}
        okText={reasonFor ? t(`adjustments.${reasonFor}`) : ''}
        okButtonProps={{ danger: true, loading: busy, disabled: !reason.trim() }}
        cancelText={t('common.cancel')}
        onCancel={() => setReasonFor(null)}
        onOk={async () => {
          const ok =
            reasonFor === 'reject'
              ? await run(() => call('stockAdjustment.reject', { id: doc.id, version: doc.version, reason }), t('adjustments.rejected'))
              : reasonFor === 'void'
                ? await run(() => call('stockAdjustment.void', { id: doc.id, version: doc.version, reason }), t('adjustments.voided'))
                : await run(async () => {
                    const { reversal } = await call('stockAdjustment.reverse', { id: doc.id, version: doc.version, requestId, reason });
                    void message.success(t('adjustments.reversed', { number: reversal.number }));
                  }, '');
          if (ok) {
            setReasonFor(null);
            setReason('');
          }
        }}
        destroyOnHidden
      >
        {reasonFor === 'reverse' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('adjustments.reverseHint')} />}
        {reasonFor === 'void' && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('adjustments.voidHint')} />}
        <Typography.Text>{reasonFor ? t(`adjustments.${reasonFor}Reason`) : ''}</Typography.Text>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 2 }} style={{ marginTop: 6 }} />
      </Modal>
    </>
  );
}
