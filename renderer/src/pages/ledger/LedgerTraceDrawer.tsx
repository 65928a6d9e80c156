import { Link } from '@tanstack/react-router';
import { Descriptions, Drawer, Empty, Flex, Spin, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProcurementLedgerRow } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';

/** Where a ledger document opens in the app (payment batches have a list, not a page of their own). */
function DocumentLink({ row, label }: { row: ProcurementLedgerRow; label: string }) {
  if (row.kind === 'order') return <Link to="/orders/$orderId" params={{ orderId: row.documentId }}>{label}</Link>;
  if (row.kind === 'receipt') return <Link to="/receipts/$receiptId" params={{ receiptId: row.documentId }}>{label}</Link>;
  if (row.kind === 'invoice') return <Link to="/invoices/$invoiceId" params={{ invoiceId: row.documentId }}>{label}</Link>;
  return <Link to="/payment-batches">{label}</Link>;
}

/** 单据留痕: a ledger row's document — its steps (who did what when) and its audit-log entries (廉政风险). */
export function LedgerTraceDrawer({ row, onClose }: { row: ProcurementLedgerRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const canAudit = useCan('audit.read');
  const trace = useOp('ledger.trace', { documentId: row?.documentId ?? 0 }, { enabled: row !== null });
  const data = row && trace.data?.document.id === row.documentId ? trace.data : undefined;
  return (
    <Drawer open={row !== null} onClose={onClose} size={560} title={row ? `${t('ledger.trace.title')} · ${row.documentNumber}` : ''} data-testid="ledger-trace">
      {row && !data && <Spin />}
      {row && data && (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('ledger.trace.document')} span={2}>
              <Flex gap={8} align="center">
                <Typography.Text strong className="mono">{data.document.number}</Typography.Text>
                <Tag>{data.document.typeLabel}</Tag>
                <DocumentLink row={row} label={t('ledger.trace.open')} />
              </Flex>
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.trace.state')}>{data.document.stateLabel}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.trace.createdBy')}>
              {data.document.createdBy} {formatDateTime(data.document.createdAt)}
            </Descriptions.Item>
            {data.document.reverses && <Descriptions.Item label={t('ledger.trace.reverses')}>{data.document.reverses}</Descriptions.Item>}
            {data.document.reversedBy && <Descriptions.Item label={t('ledger.trace.reversedBy')}>{data.document.reversedBy}</Descriptions.Item>}
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t('ledger.trace.events')}</Typography.Title>
            <Timeline
              items={data.events.map((e) => ({
                key: e.version,
                content: (
                  <div>
                    <Typography.Text strong>{e.transitionLabel}</Typography.Text>
                    <Typography.Text type="secondary">
                      {' '}
                      {e.fromStateLabel ? `${e.fromStateLabel} → ` : ''}
                      {e.toStateLabel}
                    </Typography.Text>
                    <div>
                      {e.actorName} · {formatDateTime(e.at)}
                    </div>
                    {e.reason && <Typography.Text type="secondary">{t('ledger.trace.reason', { reason: e.reason })}</Typography.Text>}
                  </div>
                ),
              }))}
            />
          </div>
          <div data-testid="ledger-trace-audit">
            <Typography.Title level={5}>{t('ledger.trace.audit')}</Typography.Title>
            {data.audit.length === 0 && <Empty description={t('ledger.trace.auditEmpty')} />}
            <Flex vertical gap={8}>
              {data.audit.map((a) => (
                <div key={a.seq} style={{ borderLeft: '3px solid #1763b8', paddingLeft: 8 }}>
                  <Flex gap={8} align="baseline" wrap>
                    <Tag className="mono">{t('ledger.trace.seq', { seq: a.seq })}</Tag>
                    <Typography.Text strong>{a.operationTitle}</Typography.Text>
                    <Typography.Text>{a.username}</Typography.Text>
                    <Typography.Text type="secondary">{formatDateTime(a.at)}</Typography.Text>
                  </Flex>
                  {a.summaryText && <div style={{ fontSize: 12 }}>{a.summaryText}</div>}
                  <Flex gap={12} align="baseline">
                    <Typography.Text type="secondary" className="mono" style={{ fontSize: 11 }} title={a.hash}>
                      {t('ledger.trace.hash')} {a.hash.slice(0, 16)}…
                    </Typography.Text>
                    {canAudit && (
                      <Link to="/audit" style={{ fontSize: 12 }}>
                        {t('ledger.trace.openAudit')}
                      </Link>
                    )}
                  </Flex>
                </div>
              ))}
            </Flex>
          </div>
        </Flex>
      )}
    </Drawer>
  );
}
