import { ArrowLeftOutlined, CheckOutlined, DeleteOutlined, EditOutlined, PrinterOutlined, RollbackOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { Alert, App, Button, Card, Descriptions, Flex, Input, Modal, Space, Table, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, type Consumption, type ConsumptionLine } from '../../../../core/api/index.js';
import { ApiError, call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import { ConsumptionHeaderForm, type ConsumptionHeader } from './ConsumptionHeaderForm.js';
import { ConsumptionLinesEditor, linesFrom, linesInput, type EditLine } from './ConsumptionLinesEditor.js';
import { DocStateTag, newRequestId } from './memberStockShared.js';

/** One 消耗出库单: header, lines with the batches each took, history; 过账, 作废, 冲销. */
export function ConsumptionPage() {
  const { t } = useTranslation();
  const { consumptionId } = useParams({ strict: false });
  const got = useOp('consumption.get', { id: consumptionId ?? 0 }, { enabled: consumptionId !== undefined });
  if (got.error) return <Alert type="error" showIcon message={errorMessage(got.error, t)} />;
  if (!got.data) return <FullPageSpin />;
  return <ConsumptionView key={`${got.data.consumption.id}-${got.data.consumption.version}`} doc={got.data.consumption} />;
}

function ConsumptionView({ doc }: { doc: Consumption }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const canAdjust = useCan('stock.adjust');
  const [busy, setBusy] = useState(false);
  const [reasonFor, setReasonFor] = useState<'void' | 'reverse' | null>(null);
  const [reason, setReason] = useState('');
  const [requestId, setRequestId] = useState(newRequestId);
  const [problems, setProblems] = useState<string[]>([]);
  const [editing, setEditing] = useState(false);
  const [header, setHeader] = useState<ConsumptionHeader>({ storeId: doc.storeId, periodFrom: doc.periodFrom, periodTo: doc.periodTo, target: doc.target, department: doc.department, note: doc.note });
  const [lines, setLines] = useState<EditLine[]>(() => linesFrom(doc.lines));
  const [errors, setErrors] = useState<Map<string, string>>(new Map());

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      if (done) void message.success(done);
      setRequestId(newRequestId());
      setProblems([]);
      await client.invalidateQueries({ queryKey: ['consumption.get'] });
      await client.invalidateQueries({ queryKey: ['consumption.list'] });
      return true;
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : [];
      setProblems(fields.map((f) => f.message));
      setErrors(new Map(fields.map((f) => [f.path, f.message])));
      void message.error(errorMessage(error, t));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const actions: React.ReactNode[] = [
    <Button key="back" icon={<ArrowLeftOutlined />} onClick={() => void navigate({ to: '/consumptions' })}>
      {t('memberStock.common.back')}
    </Button>,
    <Button key="print" icon={<PrinterOutlined />} onClick={() => window.open(`/print/consumptions/${doc.id}`, '_blank', 'noopener')} data-testid="consumption-print">
      {t('memberStock.common.print')}
    </Button>,
  ];
  if (canAdjust && doc.state === 'draft' && !editing) {
    actions.push(
      <Button key="edit" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="consumption-edit">
        {t('memberStock.consumptions.edit')}
      </Button>,
      <Button key="void" danger icon={<DeleteOutlined />} onClick={() => setReasonFor('void')}>
        {t('memberStock.common.void')}
      </Button>,
      <Button
        key="post"
        type="primary"
        icon={<CheckOutlined />}
        loading={busy}
        data-testid="consumption-post"
        onClick={() =>
          Modal.confirm({
            title: t('memberStock.consumptions.postConfirm'),
            content: t('memberStock.consumptions.postHint'),
            okText: t('memberStock.common.post'),
            cancelText: t('common.cancel'),
            onOk: () => run(() => call('consumption.post', { id: doc.id, version: doc.version, requestId }), t('memberStock.common.posted')),
          })
        }
      >
        {t('memberStock.common.post')}
      </Button>,
    );
  }
  if (canAdjust && doc.state === 'posted') {
    actions.push(
      <Button key="reverse" danger icon={<RollbackOutlined />} onClick={() => setReasonFor('reverse')}>
        {t('memberStock.common.reverse')}
      </Button>,
    );
  }

  const columns = [
    { title: '#', dataIndex: 'lineNo', width: 44 },
    { title: t('memberStock.common.code'), dataIndex: 'itemCode', width: 110, render: (v: string) => <span className="mono">{v}</span> },
    {
      title: t('memberStock.common.item'),
      key: 'item',
      render: (_: unknown, l: ConsumptionLine) => (
        <span>
          {l.itemName} <Typography.Text type="secondary">{l.spec}</Typography.Text>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {l.manufacturer}
          </Typography.Text>
        </span>
      ),
    },
    { title: t('memberStock.consumptions.quantity'), key: 'quantity', width: 120, align: 'right' as const, render: (_: unknown, l: ConsumptionLine) => `${l.quantity} ${l.baseUnit}` },
    {
      title: t('memberStock.consumptions.batches'),
      key: 'batches',
      width: 360,
      render: (_: unknown, l: ConsumptionLine) =>
        l.batches.length === 0 ? (
          <Typography.Text type="secondary">{t('memberStock.consumptions.notPosted')}</Typography.Text>
        ) : (
          l.batches.map((b) => (
            <div key={b.batchId} className="mono" style={{ fontSize: 12 }}>
              {b.batchNo} · {b.expiry} · {b.quantity} {l.baseUnit} · ¥{formatYuan(b.amountMicro)}
            </div>
          ))
        ),
    },
    { title: t('memberStock.consumptions.total'), key: 'amount', width: 110, align: 'right' as const, render: (_: unknown, l: ConsumptionLine) => (l.batches.length ? formatYuan(l.amountMicro) : '—') },
  ];

  return (
    <>
      <PageHeader title={t('memberStock.consumptions.detailTitle', { number: doc.number })} subtitle={`${doc.unitName} · ${doc.storeName} · 3502 变更类型 107`} actions={<>{actions}</>} />
      {problems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={problems.join('；')} data-testid="consumption-problems" />}
      {editing && (
        <Card
          size="small"
          style={{ marginBottom: 12 }}
          title={t('memberStock.consumptions.edit')}
          extra={
            <Space>
              <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={busy}
                data-testid="consumption-update"
                onClick={() =>
                  void run(
                    () =>
                      call('consumption.update', {
                        id: doc.id,
                        version: doc.version,
                        periodFrom: header.periodFrom,
                        periodTo: header.periodTo,
                        target: header.target,
                        department: header.department,
                        note: header.note,
                        lines: linesInput(lines),
                      }),
                    t('memberStock.common.saved'),
                  )
                }
              >
                {t('memberStock.common.save')}
              </Button>
            </Space>
          }
        >
          <ConsumptionHeaderForm header={header} onChange={setHeader} stores={[{ value: doc.storeId, label: `${doc.unitName} · ${doc.storeName}` }]} errors={errors} />
          <ConsumptionLinesEditor lines={lines} onLines={setLines} errors={errors} />
        </Card>
      )}
      <Flex gap={12} vertical style={editing ? { display: 'none' } : undefined}>
        <Card size="small">
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t('memberStock.common.state')}>
              <DocStateTag doc={doc} />
            </Descriptions.Item>
            <Descriptions.Item label={t('memberStock.consumptions.period')}>
              {doc.periodFrom} ~ {doc.periodTo}
            </Descriptions.Item>
            <Descriptions.Item label={t('memberStock.consumptions.target')}>
              {doc.targetLabel}
              {doc.department ? ` · ${doc.department}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('memberStock.common.createdBy')}>
              {doc.createdBy} · {formatDateTime(doc.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('memberStock.consumptions.total')}>{doc.totalYuan}</Descriptions.Item>
            <Descriptions.Item label={t('memberStock.consumptions.sourceFile')}>{doc.sourceFile || '—'}</Descriptions.Item>
            {doc.note ? (
              <Descriptions.Item label={t('memberStock.common.note')} span={3}>
                {doc.note}
              </Descriptions.Item>
            ) : null}
            {doc.reversesNumber ? (
              <Descriptions.Item label={t('memberStock.common.reverse')} span={3}>
                <Link to="/consumptions/$consumptionId" params={{ consumptionId: doc.reversesId ?? 0 }}>
                  {t('memberStock.consumptions.reversalOf', { number: doc.reversesNumber })}
                </Link>
              </Descriptions.Item>
            ) : null}
            {doc.reversedByNumber ? (
              <Descriptions.Item label={t('memberStock.common.reverse')} span={3}>
                <Link to="/consumptions/$consumptionId" params={{ consumptionId: doc.reversedById ?? 0 }}>
                  {t('memberStock.consumptions.reversedBy', { number: doc.reversedByNumber })}
                </Link>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
        <Table<ConsumptionLine> size="small" rowKey="id" pagination={false} dataSource={doc.lines} columns={columns} data-testid="consumption-lines" />
        <Card size="small" title={t('memberStock.common.history')}>
          <Timeline
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
      <Modal
        open={reasonFor !== null}
        title={reasonFor ? t(`memberStock.common.${reasonFor}`) : ''}
        okText={reasonFor ? t(`memberStock.common.${reasonFor}`) : ''}
        okButtonProps={{ danger: true, loading: busy, disabled: !reason.trim() }}
        cancelText={t('common.cancel')}
        onCancel={() => setReasonFor(null)}
        onOk={async () => {
          const ok =
            reasonFor === 'void'
              ? await run(() => call('consumption.void', { id: doc.id, version: doc.version, reason }), t('memberStock.common.voided'))
              : await run(async () => {
                  const { reversal } = await call('consumption.reverse', { id: doc.id, version: doc.version, requestId, reason });
                  void message.success(t('memberStock.consumptions.reversed', { number: reversal.number }));
                }, '');
          if (ok) {
            setReasonFor(null);
            setReason('');
          }
        }}
        destroyOnHidden
      >
        <Typography.Text>{reasonFor ? t(`memberStock.common.${reasonFor}Reason`) : ''}</Typography.Text>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 2 }} style={{ marginTop: 6 }} />
      </Modal>
    </>
  );
}
