import { CheckOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Alert, App, Button, Card, Flex, Form, Popconfirm, Select, Space, Spin, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { communityDate, formatYuan, PLATFORM_IMPORT_EXCHANGES, type OpOutput, type PlatformImportExchange, type PlatformImportPreview } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan } from '../../session/SessionContext.js';
import { ExchangeHistory } from './ExchangeHistory.js';
import { fileAsBase64 } from './ImportFile.js';

type Source = { profile: string; exchange: PlatformImportExchange; fileName: string; contentBase64: string };
type Committed = OpOutput<'platformImport.commit'>;

/**
 * 导入平台数据: choose the profile and the file type, upload the platform's file; the hub previews every row that
 * will change and every rejected row (row, column, reason); commit writes all of it. After 配送明细, the receipt
 * drafts it created are linked for the storekeeper.
 */
export function PlatformImportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const profiles = useOp('platformProfile.list', {});
  const [profile, setProfile] = useState<string | undefined>(undefined);
  const [exchange, setExchange] = useState<PlatformImportExchange>('shipments_in');
  const [source, setSource] = useState<Source | null>(null);
  const [preview, setPreview] = useState<PlatformImportPreview | null>(null);
  const [committed, setCommitted] = useState<Committed | null>(null);
  const [committedExchange, setCommittedExchange] = useState<PlatformImportExchange | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = profile ?? profiles.data?.profiles[0]?.name;

  const reset = () => {
    setSource(null);
    setPreview(null);
    setCommitted(null);
  };

  const read = async (file: File) => {
    if (!chosen) return;
    setBusy(true);
    setCommitted(null);
    try {
      const next: Source = { profile: chosen, exchange, fileName: file.name, contentBase64: await fileAsBase64(file) };
      setPreview(await call('platformImport.preview', next));
      setSource(next);
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  const commit = async () => {
    if (!source) return;
    setBusy(true);
    try {
      const done = await call('platformImport.commit', { ...source, requestId: crypto.randomUUID() });
      setCommitted(done);
      setCommittedExchange(source.exchange);
      setPreview(null);
      setSource(null);
      void client.invalidateQueries();
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  const countsText = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([k, n]) => t(`platformImports.counts.${k}` as 'platformImports.counts.lines', { n }))
      .join('，');

  return (
    <>
      <PageHeader title={t('nav.platformImports')} subtitle={t('platformImports.subtitle')} />
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t('platformImports.profile')}>
          <Select
            style={{ width: 320 }}
            value={chosen}
            loading={profiles.isPending}
            disabled={source !== null}
            onChange={setProfile}
            data-testid="import-profile"
            options={(profiles.data?.profiles ?? []).map((p) => ({ value: p.name, label: `${p.label}（${p.name}）` }))}
          />
        </Form.Item>
        <Form.Item label={t('platformImports.exchange')}>
          <Select
            style={{ width: 280 }}
            value={exchange}
            disabled={source !== null}
            onChange={(v) => {
              setExchange(v);
              reset();
            }}
            data-testid="import-exchange"
            options={PLATFORM_IMPORT_EXCHANGES.map((e) => ({ value: e, label: t(`platformImports.kinds.${e}`) }))}
          />
        </Form.Item>
        {(source || committed) && (
          <Form.Item>
            <Button icon={<ReloadOutlined />} onClick={reset} data-testid="import-again">
              {t('platformImports.another')}
            </Button>
          </Form.Item>
        )}
      </Form>
      <Spin spinning={busy} tip={t('platformImports.reading')}>
        {committed && <CommittedCard committed={committed} countsText={countsText} />}
        {committed && committedExchange === 'settlements_in' && <SettleStatements committed={committed} />}
        {!preview && !committed && (
          <Card size="small">
            <Upload.Dragger
              accept=".xlsx,.csv"
              showUploadList={false}
              disabled={!chosen}
              beforeUpload={(file) => {
                void read(file);
                return false;
              }}
              data-testid="import-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('platformImports.upload')}</p>
            </Upload.Dragger>
          </Card>
        )}
        {preview && <PreviewCard preview={preview} countsText={countsText} busy={busy} onCommit={() => void commit()} />}
      </Spin>
      {!preview && (
        <div style={{ marginTop: 16 }}>
          <ExchangeHistory direction="in" />
        </div>
      )}
    </>
  );
}

function PreviewCard({ preview, countsText, busy, onCommit }: { preview: PlatformImportPreview; countsText: (c: Record<string, number>) => string; busy: boolean; onCommit: () => void }) {
  const { t } = useTranslation();
  const rejected = preview.rejected.length;
  const [tab, setTab] = useState(rejected > 0 ? 'rejected' : 'changes');
  const canCommit = rejected === 0 && preview.changes.length > 0;
  return (
    <Card
      size="small"
      data-testid="import-preview"
      title={t('platformImports.fileSummary', {
        file: preview.fileName,
        sheet: preview.sheetName,
        rows: preview.rowCount,
        changes: preview.changes.length,
        unchanged: preview.unchanged,
        rejected,
      })}
      extra={
        <Popconfirm title={t('platformImports.commitConfirm', { n: preview.changes.length })} onConfirm={onCommit} disabled={!canCommit}>
          <Button type="primary" icon={<CheckOutlined />} disabled={!canCommit} loading={busy} data-testid="import-commit">
            {t('platformImports.commit')}
          </Button>
        </Popconfirm>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }} size={8}>
        {rejected > 0 && <Alert type="error" showIcon message={t('platformImports.rejectedHint')} data-testid="import-rejected-hint" />}
        {rejected === 0 && preview.changes.length === 0 && <Alert type="info" showIcon message={t('platformImports.nothing')} />}
        {Object.keys(preview.counts).length > 0 && rejected === 0 && <Typography.Text type="secondary">{countsText(preview.counts)}</Typography.Text>}
        <Tabs
          size="small"
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'changes',
              label: t('platformImports.tabs.changes', { n: preview.changes.length }),
              children: (
                <Table
                  size="small"
                  rowKey={(r) => `${r.row}-${r.key}`}
                  dataSource={preview.changes}
                  pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
                  scroll={{ y: 330 }}
                  data-testid="import-changes"
                  columns={[
                    { title: t('platformImports.columns.row'), dataIndex: 'row', width: 64 },
                    { title: t('platformImports.columns.key'), dataIndex: 'key', width: 130, ellipsis: true },
                    { title: t('platformImports.columns.target'), dataIndex: 'target', width: 280, ellipsis: true },
                    { title: t('platformImports.columns.change'), dataIndex: 'change' },
                    { title: t('platformImports.columns.group'), dataIndex: 'group', width: 260, ellipsis: true },
                  ]}
                />
              ),
            },
            {
              key: 'rejected',
              label: (
                <span data-testid="import-rejected-tab">
                  {t('platformImports.tabs.rejected', { n: rejected })}
                  {rejected > 0 && <Tag color="error" style={{ marginInlineStart: 6 }}>{rejected}</Tag>}
                </span>
              ),
              children: (
                <Table
                  size="small"
                  rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
                  dataSource={preview.rejected}
                  pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
                  scroll={{ y: 330 }}
                  data-testid="import-rejected"
                  columns={[
                    { title: t('platformImports.columns.row'), dataIndex: 'row', width: 64 },
                    { title: t('platformImports.columns.column'), dataIndex: 'column', width: 180, render: (v: string) => v || t('platformImports.wholeRow') },
                    { title: t('platformImports.columns.reason'), dataIndex: 'message' },
                  ]}
                />
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}

function CommittedCard({ committed, countsText }: { committed: Committed; countsText: (c: Record<string, number>) => string }) {
  const { t } = useTranslation();
  const receipts = committed.documents.filter((d) => d.kind === 'receipt');
  const others = committed.documents.filter((d) => d.kind !== 'receipt');
  return (
    <Flex vertical gap={12} data-testid="import-committed">
      <Alert type="success" showIcon message={t('platformImports.committed', { summary: countsText(committed.counts) })} />
      {receipts.length > 0 && (
        <Card size="small" title={t('platformImports.receiptsTitle')}>
          <Space wrap>
            {receipts.map((r) => (
              <Link key={r.id} to="/receipts/$receiptId" params={{ receiptId: r.id }} data-testid="import-receipt-link">
                <Tag color="processing" className="mono">
                  {r.number}
                </Tag>
                {r.label}
              </Link>
            ))}
          </Space>
        </Card>
      )}
      {others.length > 0 && (
        <Card size="small" title={t('platformImports.documentsTitle')}>
          <Space wrap>
            {others.map((d) => (
              <Tag key={`${d.kind}-${d.id}`}>
                {d.number} {d.label}
              </Tag>
            ))}
          </Space>
        </Card>
      )}
    </Flex>
  );
}

/**
 * After a settlement statement is reconciled: finance may close each statement's payables by 医保基金直接结算 in
 * one step (payable.settleStatement). The hub refuses a statement whose figure is not what is open, with both figures;
 * those are settled by hand on the payables page.
 */
function SettleStatements({ committed }: { committed: Committed }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const canPay = useCan('payment.manage');
  const [settled, setSettled] = useState<Record<string, number>>({});
  const [busy, setBusy] = useState<string | null>(null);
  if (!canPay || committed.changes.length === 0) return null;
  const settle = async (payOrdId: string) => {
    setBusy(payOrdId);
    try {
      const done = await call('payable.settleStatement', { exchangeId: committed.exchangeId, payOrdId, settledOn: communityDate(new Date()), requestId: crypto.randomUUID() });
      setSettled((s) => ({ ...s, [payOrdId]: done.totalMicro }));
      void message.success(t('platformImports.settle.done', { id: payOrdId, n: done.settlements.length, amount: formatYuan(done.totalMicro) }));
      void client.invalidateQueries();
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card size="small" title={t('platformImports.settle.title')} style={{ marginTop: 12 }} data-testid="settle-statements">
      <Typography.Paragraph type="secondary">{t('platformImports.settle.hint')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={committed.changes}
        columns={[
          { title: t('platformImports.settle.payOrdId'), dataIndex: 'key', width: 180, render: (v: string) => <span className="mono">{v}</span> },
          { title: t('platformImports.columns.target'), dataIndex: 'target', width: 260 },
          { title: t('platformImports.settle.reconciled'), dataIndex: 'change' },
          {
            title: '',
            key: 'action',
            width: 180,
            render: (_: unknown, row: { key: string }) =>
              settled[row.key] !== undefined ? (
                <Tag color="success" data-testid="settle-done">
                  {t('platformImports.settle.settled', { amount: formatYuan(settled[row.key]!) })}
                </Tag>
              ) : (
                <Popconfirm title={t('platformImports.settle.confirm', { id: row.key })} onConfirm={() => void settle(row.key)}>
                  <Button size="small" loading={busy === row.key} data-testid="settle-statement">
                    {t('platformImports.settle.action')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}
