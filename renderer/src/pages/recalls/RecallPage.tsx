import { ArrowLeftOutlined, CheckCircleOutlined, DownloadOutlined, PrinterOutlined, RollbackOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Table, Timeline, Tooltip, Typography } from 'antd';
import type { AgGridReact } from 'ag-grid-react';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { exportGridXlsx } from '../../grid/exportXlsx.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { BatchStatusBadge, holderColumns, RecallDocumentsTable, RecallStateTag } from './recallShared.js';

type Got = OpOutput<'recall.get'>;

/** One 召回单: what was frozen, the documents it made and their states, where the batch still is, and 结束召回. */
export function RecallPage() {
  const { t } = useTranslation();
  const { recallId } = useParams({ strict: false });
  const got = useOp('recall.get', { id: recallId ?? 0 }, { enabled: recallId !== undefined });
  if (got.error) return <Alert type="error" showIcon message={errorMessage(got.error, t)} />;
  if (!got.data) return <FullPageSpin />;
  return <RecallView data={got.data} />;
}

function RecallView({ data }: { data: Got }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { recall, trace } = data;
  const unit = trace.item.baseUnit;
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const columns = useMemo(() => holderColumns(t), [t]);
  const holdersGrid = useRef<AgGridReact<Got['trace']['holders'][number]>>(null);
  const needsReason = recall.memberStockLeft > 0;

  const orderReturns = async () => {
    setBusy(true);
    try {
      const out = await call('recall.orderReturns', { id: recall.id });
      if (out.documents.length > 0) void message.success(t('recalls.detail.orderReturnsDone', { count: out.documents.length }));
      else void message.info(t('recalls.detail.orderReturnsNone'));
      for (const note of out.notes) void message.warning(note, 6);
      await client.invalidateQueries({ queryKey: ['recall.get'] });
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  const close = async () => {
    setBusy(true);
    try {
      await call('recall.close', { id: recall.id, version: recall.version, reason: reason.trim() });
      void message.success(t('recalls.detail.closed'));
      setClosing(false);
      await client.invalidateQueries({ queryKey: ['recall.get'] });
      await client.invalidateQueries({ queryKey: ['recall.list'] });
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('recalls.detail.title', { number: recall.number })}
        subtitle={`${recall.itemName} ${recall.spec} · ${recall.batchNo}`}
        actions={
          <>
            <Link to="/recalls">
              <Button icon={<ArrowLeftOutlined />}>{t('recalls.detail.back')}</Button>
            </Link>
            <Button icon={<PrinterOutlined />} onClick={() => window.open(`/print/recalls/${recall.id}`, '_blank', 'noopener')} data-testid="recall-print">
              {t('recalls.print.button')}
            </Button>
            {recall.state === 'open' && (
              <Tooltip title={t('recalls.detail.orderReturnsHint')}>
                <Button icon={<RollbackOutlined />} loading={busy} onClick={() => void orderReturns()} data-testid="recall-order-returns">
                  {t('recalls.detail.orderReturns')}
                </Button>
              </Tooltip>
            )}
            {recall.state === 'open' && (
              <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setClosing(true)} data-testid="recall-close">
                {t('recalls.detail.close')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('recalls.list.state')}>
            <RecallStateTag state={recall.state} label={recall.stateLabel} />
          </Descriptions.Item>
          <Descriptions.Item label={t('recalls.detail.item')}>
            {recall.itemName} {recall.spec} {recall.manufacturer}
          </Descriptions.Item>
          <Descriptions.Item label={t('recalls.detail.batchNo')}>
            <span className="mono">{recall.batchNo}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('recalls.detail.reason')}>{recall.reason}</Descriptions.Item>
          <Descriptions.Item label={t('recalls.detail.noticeNo')}>{recall.noticeNo || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('recalls.detail.createdBy')}>
            {recall.createdBy} {formatDateTime(recall.createdAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('recalls.detail.memberLeft')}>
            <Typography.Text type={needsReason ? 'warning' : 'success'} data-testid="recall-member-left">
              {recall.memberStockLeft}
              {unit}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('recalls.detail.batches')} style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey="batchId"
          pagination={false}
          dataSource={recall.batches}
          columns={[
            { title: t('recalls.holder.batch'), key: 'batch', render: (_: unknown, b) => <span className="mono">{`${b.batchNo}（${b.batchId}）`}</span> },
            { title: t('recalls.holder.expiry'), dataIndex: 'expiry' },
            { title: t('recalls.detail.previousStatus'), dataIndex: 'previousStatusLabel' },
            { title: t('recalls.detail.status'), key: 'status', render: (_: unknown, b) => <BatchStatusBadge status={b.status} label={b.statusLabel} /> },
            { title: t('recalls.detail.frozenQuantity'), dataIndex: 'quantity', align: 'right', render: (q: number) => `${q}${unit}` },
          ]}
        />
      </Card>
      <Card size="small" title={t('recalls.detail.documents')} style={{ marginBottom: 12 }}>
        <RecallDocumentsTable documents={recall.documents} unit={unit} />
      </Card>
      <Card
        size="small"
        title={t('recalls.detail.holders')}
        style={{ marginBottom: 12 }}
        extra={
          <Button size="small" icon={<DownloadOutlined />} onClick={() => void exportGridXlsx(holdersGrid.current, `${t('recalls.detail.holdersFile')}_${recall.number}`)} data-testid="recall-detail-holders-export">
            {t('recalls.console.exportHolders')}
          </Button>
        }
      >
        <DataGrid gridRef={holdersGrid} testId="recall-detail-holders" rows={trace.holders} columns={columns} rowId={(h) => `${h.batchId}-${h.locationId}`} height={Math.min(80 + trace.holders.length * 38, 380)} />
      </Card>
      <Card size="small" title={t('recalls.detail.history')}>
        <Timeline
          items={recall.events.map((e) => ({
            children: (
              <>
                <Typography.Text strong>{e.stateLabel}</Typography.Text> · {e.actorName} · {formatDateTime(e.at)}
                {e.reason && <div style={{ color: '#8c8c8c' }}>{e.reason}</div>}
              </>
            ),
          }))}
        />
      </Card>
      {closing && (
        <Modal
          open
          title={t('recalls.detail.closeTitle', { number: recall.number })}
          okText={t('recalls.detail.close')}
          okButtonProps={{ loading: busy, disabled: needsReason && !reason.trim() }}
          onOk={() => void close()}
          onCancel={() => setClosing(false)}
        >
          <Alert
            type={needsReason ? 'warning' : 'info'}
            showIcon
            style={{ marginBottom: 12 }}
            message={needsReason ? t('recalls.detail.closeReasonRequired', { quantity: `${recall.memberStockLeft}${unit}` }) : t('recalls.detail.closeHint')}
          />
          <Input.TextArea rows={2} maxLength={200} placeholder={t('recalls.detail.closeReason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="recall-close-reason" />
        </Modal>
      )}
    </>
  );
}
