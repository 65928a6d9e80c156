import { CheckCircleOutlined, DownloadOutlined, ExclamationCircleOutlined, FileDoneOutlined, PrinterOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Space, Statistic, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatementCategoryRow, StatementDocument, StatementLine, StatementView } from '../../../../core/api/index.js';
import { call, exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { useAction } from '../../api/useAction.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import { monthLabel, newRequestId, StatementStateTag, thisMonth, yuan } from './booksShared.js';

/** The books' queries a statement change refreshes. */
export async function refreshStatements(client: ReturnType<typeof useQueryClient>): Promise<void> {
  await Promise.all(['settlement.statement', 'settlement.list', 'settlement.get', 'settlement.lines'].map((name) => client.invalidateQueries({ queryKey: [name] })));
}

/** 出具 / 重新出具 one member's month (the list's row button and the month's own page). */
export function useIssueStatement() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { busyKey, run } = useAction<number>();
  const issue = (unitId: number, month: string) =>
    run(async () => {
      const out = await call('settlement.issue', { unitId, month, requestId: newRequestId() });
      void message.success(t('books.issued', { number: out.statement.number }));
      await refreshStatements(client);
    }, unitId);
  return { issuing: busyKey, issue };
}

/**
 * One member unit's month: the figures as the books show them now (by category, balanced with the centre), the
 * issued 内部结算单 with its history, and the journal lines behind it. The centre issues or re-issues; the member
 * confirms or disputes (the hub decides who may).
 */
export function StatementDetail({ unitId, month }: { unitId: number; month: string }) {
  const { t } = useTranslation();
  const view = useOp('settlement.statement', { unitId, month }, { placeholderData: keepPreviousData });
  if (view.error) return <Alert type="error" showIcon message={errorMessage(view.error, t)} />;
  if (!view.data) return <Card loading />;
  return <StatementBody view={view.data} />;
}

function StatementBody({ view }: { view: StatementView }) {
  const { t } = useTranslation();
  const doc = view.statement;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="statement-detail">
      {doc && view.changedSinceIssue && doc.status !== 'confirmed' && (
        <Alert type="warning" showIcon message={t('books.detail.changedSinceIssue')} description={t('books.detail.changedSinceIssueHint')} data-testid="statement-changed" />
      )}
      <FiguresCard view={view} />
      <DocumentCard view={view} />
      <CategoryCard rows={view.byCategory} />
      <LinesCard unitId={view.unitId} month={view.month} />
    </Space>
  );
}

function FiguresCard({ view }: { view: StatementView }) {
  const { t } = useTranslation();
  const figure = (key: string, micro: number, strong = false) => (
    <Col flex="1 1 150px">
      <Statistic title={t(`books.figures.${key}`)} value={yuan(micro)} valueStyle={{ fontSize: strong ? 20 : 17, fontWeight: strong ? 600 : 400, fontVariantNumeric: 'tabular-nums' }} />
    </Col>
  );
  return (
    <Card
      size="small"
      title={t('books.detail.figuresTitle', { unit: view.unitName, month: monthLabel(view.month) })}
      extra={
        view.balanced ? (
          <Tag color="success" icon={<CheckCircleOutlined />} data-testid="statement-balanced">
            {t('books.detail.balanced')}
          </Tag>
        ) : (
          <Tag color="error" icon={<ExclamationCircleOutlined />} data-testid="statement-unbalanced">
            {t('books.detail.unbalanced')}
          </Tag>
        )
      }
    >
      <Row gutter={[16, 8]} wrap data-testid="statement-figures">
        {figure('opening', view.openingMicro)}
        {figure('received', view.receivedMicro)}
        {figure('returned', view.returnedMicro)}
        {figure('consumed', view.consumedMicro)}
        {figure('adjusted', view.adjustedMicro)}
        {figure('closing', view.closingMicro, true)}
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('books.detail.formula')}
        {'　'}
        {t('books.detail.centreSide', { received: yuan(view.centreReceivedMicro), returned: yuan(view.centreReturnedMicro) })}
      </Typography.Text>
    </Card>
  );
}

function DocumentCard({ view }: { view: StatementView }) {
  const { t } = useTranslation();
  const canIssue = useCan('settlement.issue');
  const canConfirm = useCan('settlement.confirm');
  const { issuing, issue } = useIssueStatement();
  const [acting, setActing] = useState<'confirm' | 'dispute' | null>(null);
  const doc = view.statement;
  // The hub confirms only an ended month (a running one can still take entries); the button says so before asking.
  const running = view.month >= thisMonth();
  const issueButton = canIssue && doc?.status !== 'confirmed' && (
    <Button type={doc ? 'default' : 'primary'} icon={<FileDoneOutlined />} loading={issuing !== null} onClick={() => void issue(view.unitId, view.month)} data-testid="statement-issue">
      {doc ? t('books.reissue') : t('books.issue')}
    </Button>
  );
  if (!doc) {
    return (
      <Card size="small" title={t('books.detail.documentTitle')} extra={issueButton}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('books.detail.notIssued')} />
      </Card>
    );
  }
  const memberActions = canConfirm && doc.status === 'issued' && (
    <>
      <Button danger onClick={() => setActing('dispute')} data-testid="statement-dispute">
        {t('books.member.dispute')}
      </Button>
      <Tooltip title={running ? t('books.member.runningHint') : undefined}>
        <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setActing('confirm')} disabled={view.changedSinceIssue || running} data-testid="statement-confirm">
          {t('books.member.confirm')}
        </Button>
      </Tooltip>
    </>
  );
  return (
    <Card
      size="small"
      title={
        <Space>
          {t('books.detail.documentTitle')}
          <Typography.Text className="mono" data-testid="statement-number">
            {doc.number}
          </Typography.Text>
          <StatementStateTag state={doc.status} label={doc.statusLabel} />
        </Space>
      }
      extra={
        <Space>
          <Button icon={<PrinterOutlined />} href={`/print/statements/${doc.id}`} target="_blank" data-testid="statement-print">
            {t('books.print')}
          </Button>
          {issueButton}
          {memberActions}
        </Space>
      }
    >
      <Row gutter={24}>
        <Col flex="1 1 420px">
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('books.detail.issuedBy')}>
              {doc.issuedBy} {formatDateTime(doc.issuedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('books.detail.version')}>{doc.version}</Descriptions.Item>
            <Descriptions.Item label={t('books.detail.issuedClosing')}>
              <Typography.Text strong>{yuan(doc.closingMicro)}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('books.detail.confirmedBy')}>{doc.confirmedAt ? `${doc.confirmedBy ?? ''} ${formatDateTime(doc.confirmedAt)}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('books.detail.memberNote')} span={2}>
              <span data-testid="statement-member-note">{doc.memberNote || '—'}</span>
            </Descriptions.Item>
          </Descriptions>
        </Col>
        <Col flex="1 1 320px">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('books.detail.history')}
          </Typography.Text>
          <Timeline
            style={{ marginTop: 8, marginBottom: 0 }}
            items={doc.events.map((e) => ({
              color: e.toState === 'confirmed' ? 'green' : e.toState === 'disputed' ? 'red' : 'blue',
              children: (
                <span style={{ fontSize: 12 }}>
                  {formatDateTime(e.at)} {e.actorName} <strong>{e.transitionLabel}</strong> → {e.toStateLabel}
                  {e.reason ? `（${e.reason}）` : ''}
                </span>
              ),
            }))}
          />
        </Col>
      </Row>
      {acting && <MemberActionModal doc={doc} action={acting} onClose={() => setActing(null)} />}
    </Card>
  );
}

/** 确认 (a remark if they like) or 提出异议 (the reason is required). */
function MemberActionModal({ doc, action, onClose }: { doc: StatementDocument; action: 'confirm' | 'dispute'; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const { busy, run } = useAction();
  const [touched, setTouched] = useState(false);
  const [requestId] = useState(newRequestId);
  const missing = action === 'dispute' && note.trim() === '';
  const submit = async () => {
    setTouched(true);
    if (missing) return;
    const done = await run(async () => {
      if (action === 'confirm') {
        await call('settlement.confirm', { id: doc.id, version: doc.version, ...(note.trim() ? { note: note.trim() } : {}), requestId });
        void message.success(t('books.member.confirmed', { number: doc.number }));
      } else {
        await call('settlement.dispute', { id: doc.id, version: doc.version, note: note.trim(), requestId });
        void message.success(t('books.member.disputed', { number: doc.number }));
      }
      await refreshStatements(client);
    });
    if (done) onClose();
  };
  return (
    <Modal
      open
      title={t(action === 'confirm' ? 'books.member.confirmTitle' : 'books.member.disputeTitle', { number: doc.number })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t(action === 'confirm' ? 'books.member.confirm' : 'books.member.dispute')}
      okButtonProps={{ loading: busy, danger: action === 'dispute', 'data-testid': 'statement-action-ok' } as never}
    >
      <Typography.Paragraph type="secondary">{t(action === 'confirm' ? 'books.member.confirmHint' : 'books.member.disputeHint', { closing: yuan(doc.closingMicro) })}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item
          label={t(action === 'confirm' ? 'books.member.note' : 'books.member.reason')}
          required={action === 'dispute'}
          validateStatus={touched && missing ? 'error' : undefined}
          help={touched && missing ? t('books.member.reasonRequired') : undefined}
        >
          <Input.TextArea rows={3} maxLength={500} showCount value={note} onChange={(e) => setNote(e.target.value)} autoFocus data-testid="statement-action-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CategoryCard({ rows }: { rows: StatementCategoryRow[] }) {
  const { t } = useTranslation();
  const money = (key: keyof StatementCategoryRow, title: string) => ({ title, dataIndex: key, width: 140, align: 'right' as const, render: (v: number) => <span className="mono">{yuan(v)}</span> });
  const total = (key: 'receivedMicro' | 'returnedMicro' | 'consumedMicro' | 'adjustedMicro') => rows.reduce((sum, r) => sum + r[key], 0);
  return (
    <Card size="small" title={t('books.detail.byCategory')}>
      <Table<StatementCategoryRow>
        size="small"
        rowKey="category"
        pagination={false}
        dataSource={rows}
        data-testid="statement-categories"
        locale={{ emptyText: t('books.detail.noMovement') }}
        columns={[
          { title: t('books.detail.category'), dataIndex: 'categoryLabel', render: (v: string) => v || t('books.detail.noCategory') },
          money('receivedMicro', t('books.figures.received')),
          money('returnedMicro', t('books.figures.returned')),
          money('consumedMicro', t('books.figures.consumed')),
          money('adjustedMicro', t('books.figures.adjusted')),
        ]}
        summary={() =>
          rows.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>{t('books.total')}</strong>
              </Table.Summary.Cell>
              {(['receivedMicro', 'returnedMicro', 'consumedMicro', 'adjustedMicro'] as const).map((key, i) => (
                <Table.Summary.Cell key={key} index={i + 1} align="right">
                  <strong className="mono">{yuan(total(key))}</strong>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  );
}

const PAGE_SIZE = 50;

/** 结算明细: the journal lines behind the month, paged by the hub; exported whole. */
function LinesCard({ unitId, month }: { unitId: number; month: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const lines = useOp('settlement.lines', { unitId, month, page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData });
  return (
    <Card
      size="small"
      title={t('books.detail.lines')}
      extra={
        <Button size="small" icon={<DownloadOutlined />} href={exportUrl('settlement.lines', { unitId, month, page: 1, pageSize: 1000 })} download>
          {t('books.export')}
        </Button>
      }
    >
      <Table<StatementLine>
        size="small"
        rowKey="lineId"
        loading={lines.isFetching}
        dataSource={lines.data?.rows ?? []}
        data-testid="statement-lines"
        pagination={{ current: page, pageSize: PAGE_SIZE, total: lines.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('books.detail.linesTotal', { count: n }) }}
        columns={[
          { title: t('books.lines.date'), dataIndex: 'bookedOn', width: 104 },
          { title: t('books.lines.document'), dataIndex: 'documentNumber', width: 150, render: (v: string | null) => <span className="mono">{v ?? '—'}</span> },
          { title: t('books.lines.summary'), dataIndex: 'summary', ellipsis: true },
          { title: t('books.lines.kind'), dataIndex: 'kindLabel', width: 90 },
          { title: t('books.lines.category'), dataIndex: 'itemCategoryLabel', width: 100 },
          { title: t('books.lines.column'), dataIndex: 'column', width: 90, render: (v: StatementLine['column']) => t(`books.figures.${v}`) },
          { title: t('books.lines.amount'), dataIndex: 'amountMicro', width: 130, align: 'right', render: (v: number) => <span className="mono">{yuan(v)}</span> },
        ]}
      />
    </Card>
  );
}
