import { DownloadOutlined, SearchOutlined, StopOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import type { AgGridReact } from 'ag-grid-react';
import { Alert, App, Button, Card, Col, Flex, Form, Input, List, Modal, Result, Row, Select, Space, Statistic, Tabs, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RECALL_STATES, type OpOutput, type RecallState, type RecallSummary, type RecallTrace } from '../../../../core/api/index.js';
import { call, exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { ItemPicker } from '../../components/ItemPicker.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { exportGridXlsx } from '../../grid/exportXlsx.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { holderColumns, RecallDocumentsTable, RecallStateTag } from './recallShared.js';

type Code = RecallTrace['codes'][number];
type Reservation = RecallTrace['reservations'][number];
type Created = OpOutput<'recall.create'>;

const newRequestId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `r${Date.now()}${Math.random().toString(36).slice(2, 10)}`);

/** 召回控制台: choose the item and 批号, trace it across the community, freeze it and make the returns; the recalls below. */
export function RecallsPage() {
  const { t } = useTranslation();
  const [itemId, setItemId] = useState<number | null>(null);
  const [batchNo, setBatchNo] = useState('');
  const [asked, setAsked] = useState<{ itemId: number; batchNo: string } | null>(null);
  const [freezing, setFreezing] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const trace = useOp('recall.trace', asked ?? { itemId: 1, batchNo: '-' }, { enabled: asked !== null, retry: false });

  const search = () => {
    if (!itemId || !batchNo.trim()) return;
    setCreated(null);
    setAsked({ itemId, batchNo: batchNo.trim() });
  };

  return (
    <>
      <PageHeader title={t('recalls.console.title')} subtitle={t('recalls.console.subtitle')} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={10} wrap align="center">
          <span>{t('recalls.console.item')}</span>
          <ItemPicker value={itemId} onChange={(id) => setItemId(id)} style={{ width: 420 }} includeInactive />
          <span>{t('recalls.console.batchNo')}</span>
          <Input
            data-testid="recall-batch-no"
            style={{ width: 180 }}
            value={batchNo}
            placeholder={t('recalls.console.batchNoPlaceholder')}
            onChange={(e) => setBatchNo(e.target.value)}
            onPressEnter={search}
          />
          <Button type="primary" icon={<SearchOutlined />} onClick={search} disabled={!itemId || !batchNo.trim()} data-testid="recall-trace">
            {t('recalls.console.trace')}
          </Button>
        </Flex>
      </Card>
      {trace.error && asked && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorMessage(trace.error, t)} />}
      {created && <CreatedResult created={created} unit={trace.data?.item.baseUnit ?? ''} onDismiss={() => setCreated(null)} />}
      {trace.data && asked && !trace.error && (
        <TraceView trace={trace.data} onFreeze={() => setFreezing(true)} />
      )}
      {freezing && trace.data && (
        <FreezeModal
          trace={trace.data}
          onClose={() => setFreezing(false)}
          onCreated={(out) => {
            setFreezing(false);
            setCreated(out);
            void trace.refetch();
          }}
        />
      )}
      <RecallList />
    </>
  );
}

function TraceView({ trace, onFreeze }: { trace: RecallTrace; onFreeze: () => void }) {
  const { t } = useTranslation();
  const unit = trace.item.baseUnit;
  const holders = useMemo(() => holderColumns(t), [t]);
  const codesGrid = useRef<AgGridReact<Code>>(null);
  const reservationsGrid = useRef<AgGridReact<Reservation>>(null);
  const exportName = (what: string) => `${what}_${trace.item.code}_${trace.batchNo}`;
  const codeColumns = useMemo<ColDef<Code>[]>(
    () => [
      { field: 'code', headerName: t('recalls.code.code'), width: 220, cellClass: 'mono', pinned: 'left' },
      { field: 'receivedStoreName', headerName: t('recalls.code.received'), width: 150 },
      { colId: 'now', headerName: t('recalls.code.now'), width: 220, valueGetter: ({ data }) => (data ? `${data.unitName ?? ''} · ${data.storeName ?? ''}` : '') },
      {
        colId: 'state',
        headerName: t('recalls.code.state'),
        width: 90,
        valueGetter: ({ data }) => (data ? (data.inTransit ? t('recalls.code.inTransit') : t('recalls.code.atStore')) : ''),
        cellRenderer: ({ data }: { data?: Code }) => (data ? <Tag color={data.inTransit ? 'blue' : 'default'}>{data.inTransit ? t('recalls.code.inTransit') : t('recalls.code.atStore')}</Tag> : null),
      },
      { field: 'shipmentNumber', headerName: t('recalls.code.shipment'), flex: 1, minWidth: 150, cellClass: 'mono', valueFormatter: ({ value }) => (value as string | null) ?? t('recalls.code.neverShipped') },
    ],
    [t],
  );
  const reservationColumns = useMemo<ColDef<Reservation>[]>(
    () => [
      { field: 'shipmentNumber', headerName: t('recalls.reservation.number'), width: 160, cellClass: 'mono', pinned: 'left' },
      {
        colId: 'kind',
        headerName: t('recalls.reservation.kind'),
        width: 110,
        valueGetter: ({ data }) => (data ? (data.recallId ? t('recalls.reservation.recall') : t(`recalls.reservation.${data.kind}`)) : ''),
      },
      { field: 'stateLabel', headerName: t('recalls.reservation.state'), width: 90 },
      { field: 'memberUnitName', headerName: t('recalls.reservation.unit'), width: 160 },
      { field: 'fromStoreName', headerName: t('recalls.reservation.from'), width: 140 },
      { field: 'toStoreName', headerName: t('recalls.reservation.to'), width: 140 },
      { field: 'quantity', headerName: t('recalls.reservation.quantity'), width: 90, type: 'rightAligned' },
    ],
    [t],
  );
  const totals = trace.totals;
  const canFreeze = trace.openRecallId === null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={
        <Space>
          <Typography.Text strong>
            {trace.item.name} {trace.item.spec}
          </Typography.Text>
          <Typography.Text type="secondary">{trace.item.manufacturer}</Typography.Text>
          <Tag className="mono">{trace.batchNo}</Tag>
        </Space>
      }
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} href={exportUrl('recall.trace', { itemId: trace.item.id, batchNo: trace.batchNo })} download>
            {t('recalls.console.exportHolders')}
          </Button>
          <Button danger type="primary" icon={<StopOutlined />} disabled={!canFreeze} onClick={onFreeze} data-testid="recall-freeze">
            {t('recalls.console.freeze')}
          </Button>
        </Space>
      }
    >
      {trace.openRecallId !== null && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('recalls.console.openRecall', { number: trace.openRecallNumber })}
          action={
            <Link to="/recalls/$recallId" params={{ recallId: trace.openRecallId }}>
              {t('recalls.console.openRecallLink')}
            </Link>
          }
        />
      )}
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col span={4}>
          <Statistic title={t('recalls.totals.received')} value={totals.received} suffix={unit} />
        </Col>
        <Col span={4}>
          <Statistic title={t('recalls.totals.onHand')} value={totals.onHand} suffix={unit} />
        </Col>
        <Col span={4}>
          <Statistic title={t('recalls.totals.inTransit')} value={totals.inTransit} suffix={unit} />
        </Col>
        <Col span={4}>
          <Statistic title={t('recalls.totals.consumed')} value={totals.consumed} suffix={unit} />
        </Col>
        <Col span={3}>
          <Statistic title={t('recalls.totals.units')} value={totals.unitCount} />
        </Col>
        <Col span={5}>
          <Typography.Text type="secondary">{t('recalls.totals.byType')}</Typography.Text>
          <div>
            {[...totals.receivedByType, ...totals.consumedByType].map((f) => (
              <Tag key={`${f.changeType}`} style={{ marginBottom: 4 }}>
                {f.changeType} {f.label} {f.quantity}
              </Tag>
            ))}
          </div>
        </Col>
      </Row>
      {trace.holders.length === 0 && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('recalls.console.noStock')} />}
      <Tabs
        items={[
          {
            key: 'holders',
            label: t('recalls.console.tabs.holders', { count: trace.holders.length }),
            children: <DataGrid testId="recall-holders" rows={trace.holders} columns={holders} rowId={(h) => `${h.batchId}-${h.locationId}`} height={Math.min(80 + trace.holders.length * 38, 420)} />,
          },
          {
            key: 'codes',
            label: t('recalls.console.tabs.codes', { count: trace.codes.length }),
            children: (
              <>
                <Flex justify="end" style={{ marginBottom: 8 }}>
                  <Button icon={<DownloadOutlined />} onClick={() => void exportGridXlsx(codesGrid.current, exportName(t('recalls.console.codesFile')))} data-testid="recall-codes-export">
                    {t('recalls.console.exportCodes')}
                  </Button>
                </Flex>
                <DataGrid gridRef={codesGrid} testId="recall-codes" rows={trace.codes} columns={codeColumns} rowId={(c) => c.code} height={Math.min(80 + trace.codes.length * 38, 420)} />
              </>
            ),
          },
          {
            key: 'reservations',
            label: t('recalls.console.tabs.reservations', { count: trace.reservations.length }),
            children: (
              <>
                <Flex justify="space-between" align="start" gap={12}>
                  <Typography.Paragraph type="secondary">{t('recalls.console.reservationsHint')}</Typography.Paragraph>
                  <Button icon={<DownloadOutlined />} onClick={() => void exportGridXlsx(reservationsGrid.current, exportName(t('recalls.console.reservationsFile')))} data-testid="recall-reservations-export">
                    {t('recalls.console.exportReservations')}
                  </Button>
                </Flex>
                <DataGrid gridRef={reservationsGrid} testId="recall-reservations" rows={trace.reservations} columns={reservationColumns} rowId={(r) => String(r.lineId)} height={Math.min(80 + trace.reservations.length * 38, 320)} />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** What 冻结并召回 will do, said before it is done; the reason and the notice number. */
function FreezeModal({ trace, onClose, onCreated }: { trace: RecallTrace; onClose: () => void; onCreated: (out: Created) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string; noticeNo: string }>();
  const [busy, setBusy] = useState(false);
  const [requestId] = useState(newRequestId);
  const unit = trace.item.baseUnit;
  const memberStores = new Set(trace.holders.filter((h) => h.kind === 'store' && !h.central && h.quantity > h.reserved).map((h) => h.storeId));
  const suppliers = new Set(trace.holders.filter((h) => h.kind === 'store' && h.central && h.quantity > h.reserved && h.supplierId !== null).map((h) => h.supplierId));
  const inTransit = trace.totals.inTransit;
  const reserved = trace.holders.reduce((n, h) => n + h.reserved, 0);

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const out = await call('recall.create', { itemId: trace.item.id, batchNo: trace.batchNo, reason: values.reason, noticeNo: values.noticeNo ?? '', requestId });
      void message.success(t('recalls.freezeModal.done', { number: out.recall.number }));
      await client.invalidateQueries({ queryKey: ['recall.list'] });
      onCreated(out);
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={t('recalls.freezeModal.title', { name: trace.item.name, batchNo: trace.batchNo })}
      okText={t('recalls.freezeModal.ok')}
      okButtonProps={{ danger: true, loading: busy, 'data-testid': 'recall-freeze-ok' } as never}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" initialValues={{ reason: '', noticeNo: '' }}>
        <Form.Item name="reason" label={t('recalls.freezeModal.reason')} rules={[{ required: true, whitespace: true, message: t('recalls.freezeModal.reasonPlaceholder') }]}>
          <Input.TextArea data-testid="recall-reason" rows={2} maxLength={200} placeholder={t('recalls.freezeModal.reasonPlaceholder')} />
        </Form.Item>
        <Form.Item name="noticeNo" label={t('recalls.freezeModal.noticeNo')}>
          <Input data-testid="recall-notice" maxLength={60} placeholder={t('recalls.freezeModal.noticePlaceholder')} />
        </Form.Item>
      </Form>
      <Alert
        type="warning"
        showIcon
        message={t('recalls.freezeModal.willHappen')}
        description={
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            <li>{t('recalls.freezeModal.freezeBatches', { count: trace.batches.length })}</li>
            <li>{t('recalls.freezeModal.memberReturns', { count: memberStores.size })}</li>
            <li>{t('recalls.freezeModal.centralReturns', { count: suppliers.size })}</li>
            {inTransit > 0 && <li>{t('recalls.freezeModal.transit', { quantity: `${inTransit}${unit}` })}</li>}
            {reserved > 0 && <li>{t('recalls.freezeModal.reserved', { quantity: `${reserved}${unit}` })}</li>}
          </ul>
        }
      />
    </Modal>
  );
}

function CreatedResult({ created, unit, onDismiss }: { created: Created; unit: string; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="recall-created">
      <Result
        status="success"
        style={{ padding: '8px 0' }}
        title={t('recalls.created.title', { number: created.recall.number })}
        extra={
          <Space>
            <Link to="/recalls/$recallId" params={{ recallId: created.recall.id }}>
              <Button type="primary">{t('recalls.created.open')}</Button>
            </Link>
            <Button onClick={onDismiss}>{t('recalls.created.dismiss')}</Button>
          </Space>
        }
      />
      <Typography.Title level={5}>{t('recalls.created.documents')}</Typography.Title>
      {created.documents.length > 0 ? <RecallDocumentsTable documents={created.documents} unit={unit} /> : <Typography.Text type="secondary">{t('recalls.created.none')}</Typography.Text>}
      {created.notes.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('recalls.created.notes')}
          </Typography.Title>
          <List size="small" dataSource={created.notes} renderItem={(n) => <List.Item>{n}</List.Item>} />
        </>
      )}
    </Card>
  );
}

function RecallList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [state, setState] = useState<RecallState | undefined>();
  const [q, setQ] = useState('');
  const filter = { ...(state ? { state } : {}), ...(q ? { q } : {}), page: 1, pageSize: 500 };
  const list = useOp('recall.list', filter, { placeholderData: keepPreviousData });
  const columns = useMemo<ColDef<RecallSummary>[]>(
    () => [
      {
        field: 'number',
        headerName: t('recalls.list.number'),
        width: 150,
        pinned: 'left',
        cellClass: 'mono',
        cellRenderer: ({ data }: { data?: RecallSummary }) => (data ? <a onClick={() => void navigate({ to: '/recalls/$recallId', params: { recallId: data.id } })}>{data.number}</a> : null),
      },
      { field: 'stateLabel', headerName: t('recalls.list.state'), width: 90, cellRenderer: ({ data }: { data?: RecallSummary }) => (data ? <RecallStateTag state={data.state} label={data.stateLabel} /> : null) },
      { colId: 'item', headerName: t('recalls.list.item'), width: 260, valueGetter: ({ data }) => (data ? `${data.itemName} ${data.spec} ${data.manufacturer}` : '') },
      { field: 'batchNo', headerName: t('recalls.list.batchNo'), width: 120, cellClass: 'mono' },
      { field: 'reason', headerName: t('recalls.list.reason'), flex: 1, minWidth: 200, tooltipField: 'reason' },
      { field: 'noticeNo', headerName: t('recalls.list.noticeNo'), width: 130 },
      { field: 'frozenQuantity', headerName: t('recalls.list.frozen'), width: 100, type: 'rightAligned' },
      { field: 'createdAt', headerName: t('recalls.list.createdAt'), width: 150, valueFormatter: ({ value }) => formatDateTime(value as string) },
      { field: 'createdBy', headerName: t('recalls.list.createdBy'), width: 100 },
    ],
    [t, navigate],
  );
  return (
    <Card
      size="small"
      title={t('recalls.list.title')}
      extra={
        <Space>
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder={t('recalls.list.allStates')}
            value={state}
            onChange={setState}
            options={RECALL_STATES.map((s) => ({ value: s, label: t(`recalls.list.states.${s}`) }))}
          />
          <Input.Search allowClear style={{ width: 220 }} placeholder={t('recalls.list.search')} onSearch={(v) => setQ(v.trim())} />
          <Button icon={<DownloadOutlined />} href={exportUrl('recall.list', { ...filter, pageSize: 10_000 })} download>
            {t('recalls.list.export')}
          </Button>
        </Space>
      }
    >
      <DataGrid testId="recalls-grid" rows={list.data?.recalls} columns={columns} rowId={(r) => String(r.id)} loading={list.isPending} height={320} />
    </Card>
  );
}
