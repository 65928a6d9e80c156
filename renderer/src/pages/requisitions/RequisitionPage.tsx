import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, DownloadOutlined, PrinterOutlined, RollbackOutlined, SaveOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import type { CellValueChangedEvent, ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Input, Modal, Row, Space, Statistic, Tag, Timeline, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, type Requisition, type RequisitionLine } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { gridTheme } from '../../grid/DataGrid.js';
import { exportGridXlsx } from '../../grid/exportXlsx.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan, useSessionUser } from '../../session/SessionContext.js';
import { lineProblems } from './NewRequisitionPage.js';
import { monthlyText, packText, RequisitionStateTag } from './requisitionShared.js';

/** One 请领单: header, budget panel, the lines with their progress, the actions, history and shipments. */
export function RequisitionPage() {
  const { t } = useTranslation();
  const { requisitionId } = useParams({ strict: false });
  const got = useOp('requisition.get', { id: requisitionId ?? 0 }, { enabled: requisitionId !== undefined });
  if (got.error) return <Alert type="error" showIcon message={errorMessage(got.error, t)} />;
  if (!got.data) return <FullPageSpin />;
  return <RequisitionView key={`${got.data.requisition.id}-${got.data.requisition.version}`} doc={got.data.requisition} />;
}

/** A grid row: the line with what the approver (or the member editing a draft) typed, in issue packs. */
interface Row extends RequisitionLine {
  editPacks: number;
  editReason: string;
}

type ReasonAction = 'reject' | 'sendBack' | 'cancel' | 'close';

function RequisitionView({ doc }: { doc: Requisition }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const user = useSessionUser();
  const canRequest = useCan('requisition.request');
  const canApprove = useCan('requisition.approve');
  const canReview = useCan('requisition.review');
  const settings = useOp('distribution.settings.get', {});
  const [busy, setBusy] = useState(false);
  const [reasonFor, setReasonFor] = useState<ReasonAction | null>(null);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const linesGrid = useRef<AgGridReact<Row>>(null);
  const waitingReview = doc.state === 'submitted' && doc.reviewUnitId !== null;
  const approving = canApprove && (doc.state === 'reviewed' || (doc.state === 'submitted' && !waitingReview));
  const drafting = canRequest && doc.state === 'draft' && doc.unitId === user.unitId;
  const reviewing = canReview && waitingReview && doc.reviewUnitId === user.unitId && settings.data?.settings.villageViaTownship === true;
  const [rows, setRows] = useState<Row[]>(() =>
    doc.lines.map((l) => ({ ...l, editPacks: (drafting ? l.requested : (l.approved ?? l.requested)) / l.issuePackFactor, editReason: l.approveReason })),
  );
  const owed = doc.lines.some((l) => l.backOrder > 0);

  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['requisition.get'] });
    await client.invalidateQueries({ queryKey: ['requisition.list'] });
    await client.invalidateQueries({ queryKey: ['requisition.backOrders'] });
    await client.invalidateQueries({ queryKey: ['budget.list'] });
  };
  const run = async (work: () => Promise<{ budgetWarning?: string | null } | unknown>, done: string) => {
    setBusy(true);
    setProblems([]);
    try {
      const result = (await work()) as { budgetWarning?: string | null };
      if (result?.budgetWarning) void message.warning(result.budgetWarning);
      void message.success(done);
      await refresh();
      return true;
    } catch (error) {
      setProblems(lineProblems(error, doc.lines.map((l) => l.itemName), t));
      void message.error(errorMessage(error, t));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const approve = () =>
    run(
      () =>
        call('requisition.approve', {
          id: doc.id,
          version: doc.version,
          lines: rows.map((r) => ({ id: r.id, approvedQuantity: Math.round(r.editPacks * r.issuePackFactor), reason: r.editReason })),
        }),
      t('requisitions.approvedDone'),
    );
  const saveDraft = () =>
    run(
      () => call('requisition.update', { id: doc.id, version: doc.version, note: doc.note, lines: rows.map((r) => ({ itemId: r.itemId, quantity: Math.round(r.editPacks * r.issuePackFactor), note: r.note })) }),
      t('requisitions.saved'),
    );
  const submit = () => run(() => call('requisition.submit', { id: doc.id, version: doc.version }), t('requisitions.done.submit'));
  const review = () => run(() => call('requisition.review', { id: doc.id, version: doc.version }), t('requisitions.done.review'));
  const withReason = async () => {
    if (!reasonFor) return;
    if (!reason.trim()) {
      void message.error(t('requisitions.reasonRequired'));
      return;
    }
    const input = { id: doc.id, version: doc.version, reason };
    const name = reasonFor === 'reject' ? 'requisition.reject' : reasonFor === 'sendBack' ? 'requisition.sendBack' : reasonFor === 'cancel' ? 'requisition.cancel' : 'requisition.close';
    const ok = await run(() => call(name, input), t(`requisitions.done.${reasonFor}`));
    if (ok) {
      setReasonFor(null);
      setReason('');
    }
  };

  const editable = approving || drafting;
  const columns = useMemo<ColDef<Row>[]>(() => {
    const q = (field: keyof RequisitionLine, header: string, width = 92): ColDef<Row> => ({
      field,
      headerName: header,
      width,
      type: 'rightAligned',
      valueFormatter: ({ data }) => (data ? packText(data[field] as number | null, data) : ''),
    });
    return [
      { field: 'lineNo', headerName: '#', width: 64, pinned: 'left' },
      { field: 'itemName', headerName: t('requisitions.item'), width: 170, pinned: 'left', tooltipField: 'itemName' },
      { field: 'spec', headerName: t('requisitions.spec'), width: 100 },
      { field: 'manufacturer', headerName: t('requisitions.manufacturer'), width: 150 },
      q('onHand', t('requisitions.onHand'), 100),
      { field: 'avgMonthly', headerName: t('requisitions.avgMonthly'), width: 96, type: 'rightAligned', valueFormatter: ({ data }) => (data ? monthlyText(data.avgMonthly, data) : '') },
      q('suggested', t('requisitions.suggested')),
      q('requested', t('requisitions.requested')),
      ...(approving
        ? [
            {
              ...q('centralAvailable', t('requisitions.centralAvailable'), 100),
              cellStyle: ({ data }: { data?: Row }) => (data && data.centralAvailable < data.editPacks * data.issuePackFactor ? { color: '#d4380d', fontWeight: 600 } : null),
            } as ColDef<Row>,
          ]
        : []),
      ...(editable
        ? [
            {
              field: 'editPacks',
              headerName: drafting ? t('requisitions.quantityPacks') : t('requisitions.approved'),
              width: 120,
              type: 'rightAligned',
              editable: true,
              cellClass: 'tc-editable ag-right-aligned-cell',
              cellDataType: 'number',
              valueParser: ({ newValue }: { newValue: unknown }) => Math.max(0, Math.round(Number(newValue) || 0)),
              valueFormatter: ({ data }: { data?: Row }) => (data ? `${data.editPacks} ${data.issueUnit}` : ''),
            } as ColDef<Row>,
            ...(approving
              ? [{ field: 'editReason', headerName: t('requisitions.approveReason'), width: 170, editable: true, cellClass: 'tc-editable' } as ColDef<Row>]
              : []),
          ]
        : [q('approved', t('requisitions.approved')), { field: 'approveReason', headerName: t('requisitions.approveReason'), width: 150, tooltipField: 'approveReason' } as ColDef<Row>]),
      q('allocated', t('requisitions.allocated')),
      q('shipped', t('requisitions.shipped')),
      q('received', t('requisitions.received')),
      {
        field: 'backOrder',
        headerName: t('requisitions.backOrder'),
        width: 90,
        type: 'rightAligned',
        cellStyle: ({ value }) => ((value as number) > 0 ? { color: '#d4380d', fontWeight: 600 } : null),
        valueFormatter: ({ data }) => (data ? packText(data.backOrder, data) : ''),
      },
      { field: 'amountMicro', headerName: t('requisitions.amount'), width: 110, type: 'rightAligned', cellClass: 'mono', valueFormatter: ({ value }) => formatYuan(value as number) },
    ];
  }, [t, editable, drafting, approving]);

  const actions: React.ReactNode[] = [
    <Link key="back" to="/requisitions">
      <Button icon={<ArrowLeftOutlined />}>{t('requisitions.back')}</Button>
    </Link>,
    <Button key="print" icon={<PrinterOutlined />} onClick={() => window.open(`/print/requisitions/${doc.id}`, '_blank')} data-testid="requisition-print">
      {t('requisitions.printButton')}
    </Button>,
    <Button key="export" icon={<DownloadOutlined />} onClick={() => void exportGridXlsx(linesGrid.current, `请领单${doc.number}`)} data-testid="requisition-export">
      {t('requisitions.export')}
    </Button>,
  ];
  if (drafting) {
    actions.push(
      <Button key="save" icon={<SaveOutlined />} loading={busy} onClick={() => void saveDraft()} data-testid="requisition-save">
        {t('requisitions.save')}
      </Button>,
      <Button key="submit" type="primary" icon={<SendOutlined />} loading={busy} onClick={() => void submit()} data-testid="requisition-submit">
        {t('requisitions.submit')}
      </Button>,
    );
  }
  if (canRequest && doc.unitId === user.unitId && (doc.state === 'draft' || doc.state === 'submitted')) {
    actions.push(
      <Button key="cancel" icon={<StopOutlined />} onClick={() => setReasonFor('cancel')} data-testid="requisition-cancel">
        {t('requisitions.cancelRequisition')}
      </Button>,
    );
  }
  if (reviewing) {
    actions.push(
      <Button key="sendBack" icon={<RollbackOutlined />} onClick={() => setReasonFor('sendBack')} data-testid="requisition-send-back">
        {t('requisitions.sendBack')}
      </Button>,
      <Button key="review" type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => void review()} data-testid="requisition-review">
        {t('requisitions.review')}
      </Button>,
    );
  }
  if (approving) {
    actions.push(
      <Button key="reject" danger icon={<CloseOutlined />} onClick={() => setReasonFor('reject')} data-testid="requisition-reject">
        {t('requisitions.reject')}
      </Button>,
      <Button key="approve" type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => void approve()} data-testid="requisition-approve">
        {t('requisitions.approve')}
      </Button>,
    );
  }
  if (canApprove && owed && ['approved', 'allocated', 'shipped', 'received'].includes(doc.state)) {
    actions.push(
      <Button key="close" icon={<StopOutlined />} onClick={() => setReasonFor('close')} data-testid="requisition-close">
        {t('requisitions.close')}
      </Button>,
    );
  }

  const b = doc.budget;
  const over = doc.valueMicro > b.remainingMicro && !['approved', 'allocated', 'shipped', 'received', 'closed'].includes(doc.state);
  return (
    <>
      <PageHeader title={`${t('requisitions.title')} ${doc.number}`} actions={<Space wrap>{actions}</Space>} />
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col span={14}>
          <Card size="small" title={t('requisitions.header')} style={{ height: '100%' }}>
            <Descriptions size="small" column={2} data-testid="requisition-header">
              <Descriptions.Item label={t('requisitions.state')}>
                <RequisitionStateTag doc={doc} />
              </Descriptions.Item>
              <Descriptions.Item label={t('requisitions.unit')}>{doc.unitName}</Descriptions.Item>
              <Descriptions.Item label={t('requisitions.store')}>{doc.storeName}</Descriptions.Item>
              <Descriptions.Item label={t('requisitions.budgetYear')}>{doc.budgetYear}</Descriptions.Item>
              <Descriptions.Item label={t('requisitions.createdBy')}>
                {doc.createdBy} · {formatDateTime(doc.createdAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('requisitions.submittedAt')}>{formatDateTime(doc.submittedAt)}</Descriptions.Item>
              {doc.reviewUnitName && <Descriptions.Item label={t('requisitions.reviewUnit')}>{doc.reviewUnitName}</Descriptions.Item>}
              <Descriptions.Item label={t('requisitions.lineCount')}>{doc.lineCount}</Descriptions.Item>
              {doc.note && <Descriptions.Item label={t('requisitions.note')}>{doc.note}</Descriptions.Item>}
            </Descriptions>
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title={t('requisitions.budgetPanel')} data-testid="requisition-budget" style={{ height: '100%' }}>
            <Row gutter={8}>
              <Col span={6}>
                <Statistic title={t('requisitions.budgetAmount')} value={b.amountMicro === null ? t('requisitions.noBudget') : formatYuan(b.amountMicro)} valueStyle={{ fontSize: 16 }} />
              </Col>
              <Col span={6}>
                <Statistic title={t('requisitions.committed')} value={formatYuan(b.committedMicro)} valueStyle={{ fontSize: 16 }} />
              </Col>
              <Col span={6}>
                <Statistic title={t('requisitions.actual')} value={formatYuan(b.actualMicro)} valueStyle={{ fontSize: 16 }} />
              </Col>
              <Col span={6}>
                <Statistic title={t('requisitions.remaining')} value={formatYuan(b.remainingMicro)} valueStyle={{ fontSize: 16, color: b.remainingMicro < 0 ? '#cf1322' : undefined }} />
              </Col>
            </Row>
            <div style={{ marginTop: 8 }}>
              <Typography.Text strong>
                {t('requisitions.thisValue')}：¥{doc.valueYuan}
              </Typography.Text>{' '}
              <Tag>{b.ruleSource === 'community' ? `${b.overRuleLabel} · ${t('requisitions.ruleCommunity')}` : b.overRuleLabel}</Tag>
            </div>
            {over && <Alert style={{ marginTop: 8 }} type={b.overRule === 'block' ? 'error' : 'warning'} showIcon message={t('requisitions.overBudget', { rule: b.overRuleLabel })} />}
          </Card>
        </Col>
      </Row>
      {waitingReview && canApprove && <Alert style={{ marginBottom: 10 }} type="info" showIcon message={t('requisitions.waitingReview', { unit: doc.reviewUnitName })} />}
      {approving && <Alert style={{ marginBottom: 10 }} type="info" showIcon message={t('requisitions.approveHint')} />}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 10 }}
          message={t('requisitions.lineErrors')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.slice(0, 12).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
          data-testid="requisition-problems"
        />
      )}
      <div style={{ height: doc.lines.length > 12 ? 'calc(100vh - 360px)' : 80 + doc.lines.length * 38, minHeight: 200 }} data-testid="requisition-lines">
        <AgGridReact<Row>
          ref={linesGrid}
          theme={gridTheme}
          rowData={rows}
          columnDefs={columns}
          defaultColDef={{ sortable: true, resizable: true, minWidth: 60 }}
          getRowId={({ data }) => String(data.id)}
          singleClickEdit
          stopEditingWhenCellsLoseFocus
          onCellValueChanged={(e: CellValueChangedEvent<Row>) => setRows((c) => c.map((r) => (r.id === e.data.id ? { ...r, editPacks: e.data.editPacks, editReason: e.data.editReason } : r)))}
          animateRows={false}
        />
      </div>
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col span={14}>
          <Card size="small" title={t('requisitions.history')} data-testid="requisition-history">
            <Timeline
              items={doc.events.map((e) => ({
                children: (
                  <>
                    <Typography.Text strong>{e.transitionLabel}</Typography.Text> → {e.toStateLabel} · {e.actorName} · {formatDateTime(e.at)}
                    {e.reason && <div style={{ color: '#595959' }}>{e.reason}</div>}
                  </>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title={t('requisitions.shipments')}>
            {doc.shipments.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('requisitions.noShipments')} />
            ) : (
              doc.shipments.map((s) => (
                <div key={s.id} style={{ marginBottom: 6 }}>
                  <a className="mono" onClick={() => void navigate({ to: '/shipments/$shipmentId', params: { shipmentId: s.id } })}>
                    {s.number}
                  </a>{' '}
                  <Tag>{s.stateLabel}</Tag> {s.lineCount} · ¥{formatYuan(s.amountMicro)}
                </div>
              ))
            )}
          </Card>
        </Col>
      </Row>
      <Modal
        open={reasonFor !== null}
        title={reasonFor ? t(`requisitions.reasonFor.${reasonFor}`) : ''}
        onCancel={() => setReasonFor(null)}
        onOk={() => void withReason()}
        okButtonProps={{ loading: busy, danger: reasonFor === 'reject', 'data-testid': 'reason-ok' } as never}
      >
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus data-testid="reason-input" />
      </Modal>
    </>
  );
}
