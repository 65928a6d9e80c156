import { ArrowLeftOutlined, CheckOutlined, DeleteOutlined, DownloadOutlined, PlusOutlined, PrinterOutlined, SaveOutlined } from '@ant-design/icons';
import { exportGridXlsx } from '../../grid/exportXlsx.js';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import type { CellClassParams, CellStyle, CellValueChangedEvent, ColDef, GetRowIdParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { AG_GRID_LOCALE_CN, AG_GRID_LOCALE_EN } from '@ag-grid-community/locale';
import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, Input, Modal, Progress, Select, Space, Switch, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, type Stocktake, type StocktakeLine } from '../../../../core/api/index.js';
import { ApiError, call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { gridTheme } from '../../grid/DataGrid.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import { DocStateTag, newRequestId, signed } from './memberStockShared.js';

export const openStocktakePrint = (id: number) => window.open(`/print/stocktakes/${id}`, '_blank', 'noopener');

/** One 盘点单: the keyboard-first count grid while counting, the posted differences after. */
export function StocktakePage() {
  const { t } = useTranslation();
  const { stocktakeId } = useParams({ strict: false });
  const got = useOp('stocktake.get', { id: stocktakeId ?? 0 }, { enabled: stocktakeId !== undefined });
  if (got.error) return <Alert type="error" showIcon message={errorMessage(got.error, t)} />;
  if (!got.data) return <FullPageSpin />;
  return <StocktakeView key={got.data.stocktake.id} initial={got.data.stocktake} />;
}

/** A line as the grid holds it: the counted quantity and reason as typed, not yet saved. */
type Row = StocktakeLine & { dirty: boolean };
const toRows = (doc: Stocktake): Row[] => doc.lines.map((l) => ({ ...l, dirty: false }));
const rowId = (p: GetRowIdParams<Row>) => String(p.data.id);

function StocktakeView({ initial }: { initial: Stocktake }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const canAdjust = useCan('stock.adjust');
  const [doc, setDoc] = useState(initial);
  const [rows, setRows] = useState<Row[]>(() => toRows(initial));
  const [filter, setFilter] = useState('');
  const [showBook, setShowBook] = useState(true);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Map<number, string>>(new Map());
  const [posting, setPosting] = useState(false);
  const [uncountedAsBook, setUncountedAsBook] = useState(false);
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState('');
  const [adding, setAdding] = useState(false);
  const [requestId, setRequestId] = useState(newRequestId);
  const grid = useRef<AgGridReact<Row>>(null);
  const counting = doc.state === 'counting' && canAdjust;
  const dirty = rows.filter((r) => r.dirty);
  const counted = rows.filter((r) => r.countedQuantity !== null).length;
  const differences = rows.map((r) => (r.countedQuantity === null ? 0 : r.countedQuantity - r.bookQuantity));
  const gain = differences.filter((d) => d > 0).reduce((a, b) => a + b, 0);
  const loss = -differences.filter((d) => d < 0).reduce((a, b) => a + b, 0);

  const adopt = async (next: Stocktake) => {
    setDoc(next);
    setRows(toRows(next));
    await client.invalidateQueries({ queryKey: ['stocktake.list'] });
    client.setQueryData(['stocktake.get', { id: next.id }], { stocktake: next });
  };
  /** Problems on `lines.N.*` shown on the line (N is the sheet's order). */
  const showProblems = (error: unknown) => {
    const map = new Map<number, string>();
    if (error instanceof ApiError) {
      for (const f of error.fields) {
        const m = /^lines\.(\d+)\./.exec(f.path);
        if (m) map.set(Number(m[1]) + 1, f.message);
      }
    }
    setProblems(map);
    void message.error(errorMessage(error, t));
  };
  const saveCounts = async (): Promise<Stocktake> => {
    if (dirty.length === 0) return doc;
    const { stocktake } = await call('stocktake.count', { id: doc.id, version: doc.version, lines: dirty.map((r) => ({ id: r.id, countedQuantity: r.countedQuantity, reason: r.reason })) });
    await adopt(stocktake);
    return stocktake;
  };
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      setProblems(new Map());
      if (done) void message.success(done);
      return true;
    } catch (error) {
      showProblems(error);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const onChanged = (e: CellValueChangedEvent<Row>) => {
    const field = e.colDef.field as 'countedQuantity' | 'reason';
    setRows((current) =>
      current.map((r) => {
        if (r.id !== e.data.id) return r;
        const value = field === 'countedQuantity' ? (e.newValue === null || e.newValue === '' || e.newValue === undefined ? null : Math.max(0, Math.trunc(Number(e.newValue)))) : String(e.newValue ?? '');
        const next = { ...r, [field]: value, dirty: true };
        next.difference = next.countedQuantity === null ? null : next.countedQuantity - next.bookQuantity;
        return next;
      }),
    );
  };

  const columns = useMemo<ColDef<Row>[]>(
    () => [
      { field: 'lineNo', headerName: '#', width: 56, pinned: 'left', sortable: true },
      { field: 'pinyin', hide: true },
      { field: 'itemCode', headerName: t('memberStock.common.code'), width: 90, cellClass: 'mono' },
      {
        colId: 'item',
        headerName: t('memberStock.common.item'),
        minWidth: 160,
        flex: 1,
        valueGetter: ({ data }) => (data ? `${data.itemName} ${data.spec}` : ''),
        tooltipValueGetter: ({ data }) => data?.manufacturer ?? '',
      },
      { field: 'batchNo', headerName: t('memberStock.common.batchNo'), width: 96, cellClass: 'mono' },
      { field: 'expiry', headerName: t('memberStock.common.expiry'), width: 100 },
      { field: 'bookQuantity', headerName: t('memberStock.stocktakes.book'), width: 84, type: 'rightAligned', hide: !showBook, valueFormatter: ({ data, value }) => (data ? `${value as number} ${data.baseUnit}` : '') },
      {
        field: 'countedQuantity',
        headerName: t('memberStock.stocktakes.countedQuantity'),
        width: 90,
        type: 'rightAligned',
        editable: counting,
        cellEditor: 'agNumberCellEditor',
        cellEditorParams: { min: 0, precision: 0, showStepperButtons: false },
        cellStyle: (p: CellClassParams<Row>): CellStyle =>
          p.data !== undefined && problems.has(p.data.lineNo) ? { background: '#fff1f0', fontWeight: '600' } : counting ? { background: '#f6ffed', fontWeight: '600' } : { fontWeight: '600' },
        valueFormatter: ({ value }) => (value === null || value === undefined ? '' : String(value)),
      },
      {
        field: 'difference',
        headerName: t('memberStock.stocktakes.difference'),
        width: 66,
        type: 'rightAligned',
        hide: !showBook,
        valueFormatter: ({ value }) => signed(value as number | null),
        cellStyle: (p: CellClassParams<Row>): CellStyle => {
          const value = p.value as number | null;
          return value === null || value === 0 ? {} : { color: value > 0 ? '#237804' : '#cf1322', fontWeight: '600' };
        },
      },
      {
        field: 'differenceMicro',
        headerName: t('memberStock.stocktakes.differenceValue'),
        width: 86,
        type: 'rightAligned',
        hide: !showBook,
        valueFormatter: ({ data }) => (data && !data.dirty && data.differenceMicro !== null && data.differenceMicro !== 0 ? formatYuan(data.differenceMicro) : ''),
      },
      { field: 'reason', headerName: t('memberStock.stocktakes.lineReason'), width: 130, editable: counting, cellStyle: counting ? { background: '#f6ffed' } : undefined, tooltipValueGetter: (p) => (p.data ? (problems.get(p.data.lineNo) ?? p.data.reason) : '') },
      { field: 'movedSinceSnapshot', headerName: t('memberStock.stocktakes.moved'), width: 96, type: 'rightAligned', valueFormatter: ({ value }) => ((value as number) === 0 ? '' : signed(value as number)) },
      { field: 'currentQuantity', headerName: t('memberStock.stocktakes.current'), width: 84, type: 'rightAligned', hide: !showBook },
    ],
    [t, showBook, counting, problems],
  );

  const actions: React.ReactNode[] = [
    <Button key="back" icon={<ArrowLeftOutlined />} onClick={() => void navigate({ to: '/stocktakes' })}>
      {t('memberStock.common.back')}
    </Button>,
    <Button key="export" icon={<DownloadOutlined />} onClick={() => void exportGridXlsx(grid.current, `盘点单${doc.number}`)}>
      {t('memberStock.common.export')}
    </Button>,
    <Button key="print" icon={<PrinterOutlined />} onClick={() => openStocktakePrint(doc.id)} data-testid="stocktake-print">
      {t('memberStock.common.print')}
    </Button>,
  ];
  if (counting) {
    actions.push(
      <Button key="void" danger icon={<DeleteOutlined />} onClick={() => setVoiding(true)}>
        {t('memberStock.common.void')}
      </Button>,
      <Button key="add" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
        {t('memberStock.stocktakes.addLine')}
      </Button>,
      <Button key="save" icon={<SaveOutlined />} disabled={dirty.length === 0} loading={busy} onClick={() => void run(saveCounts, t('memberStock.common.saved'))} data-testid="stocktake-save">
        {t('memberStock.common.save')}
      </Button>,
      <Button key="post" type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => setPosting(true)} data-testid="stocktake-post">
        {t('memberStock.common.post')}
      </Button>,
    );
  }

  return (
    <>
      <PageHeader title={t('memberStock.stocktakes.detailTitle', { number: doc.number })} subtitle={`${doc.unitName} · ${doc.storeName} · ${doc.categoryLabel}`} actions={<>{actions}</>} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={24} align="center" wrap>
          <Descriptions size="small" column={4} style={{ flex: 1, minWidth: 600 }}>
            <Descriptions.Item label={t('memberStock.common.state')}>
              <DocStateTag doc={doc} />
            </Descriptions.Item>
            <Descriptions.Item label={t('memberStock.stocktakes.snapshotAt')}>{formatDateTime(doc.snapshotAt)}</Descriptions.Item>
            <Descriptions.Item label={t('memberStock.common.createdBy')}>{doc.createdBy}</Descriptions.Item>
            <Descriptions.Item label={t('memberStock.stocktakes.net')}>
              <span className="mono">{doc.netYuan}</span>
            </Descriptions.Item>
            {doc.note ? <Descriptions.Item label={t('memberStock.common.note')}>{doc.note}</Descriptions.Item> : null}
          </Descriptions>
          <div style={{ width: 240 }} data-testid="stocktake-progress">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('memberStock.stocktakes.progress')} {counted}/{rows.length}
              {dirty.length > 0 ? ` · ${t('memberStock.stocktakes.unsaved', { count: dirty.length })}` : ''}
            </Typography.Text>
            <Progress percent={rows.length ? Math.round((counted / rows.length) * 100) : 0} size="small" />
          </div>
        </Flex>
      </Card>
      {problems.size > 0 && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setProblems(new Map())}
          style={{ marginBottom: 12 }}
          message={[...problems.values()].slice(0, 6).join('；')}
          data-testid="stocktake-problems"
        />
      )}
      <Flex gap={12} align="center" style={{ marginBottom: 8 }} wrap>
        <Input.Search allowClear style={{ width: 280 }} placeholder={t('memberStock.stocktakes.filter')} onChange={(e) => setFilter(e.target.value)} data-testid="stocktake-filter" />
        <Space size={6}>
          <Switch size="small" checked={showBook} onChange={setShowBook} data-testid="stocktake-show-book" />
          <Typography.Text>{t('memberStock.stocktakes.showBook')}</Typography.Text>
        </Space>
        {!showBook && <Typography.Text type="warning">{t('memberStock.stocktakes.blindHint')}</Typography.Text>}
        {counting && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('memberStock.stocktakes.keyboardHint')}
          </Typography.Text>
        )}
      </Flex>
      <div style={{ height: 'calc(100vh - 330px)', minHeight: 320 }} data-testid="stocktake-grid">
        <AgGridReact<Row>
          ref={grid}
          key={i18n.language}
          theme={gridTheme}
          localeText={i18n.language === 'en-US' ? AG_GRID_LOCALE_EN : AG_GRID_LOCALE_CN}
          rowData={rows}
          columnDefs={columns}
          defaultColDef={{ sortable: false, resizable: true, minWidth: 60, suppressHeaderMenuButton: true }}
          getRowId={rowId}
          quickFilterText={filter}
          includeHiddenColumnsInQuickFilter
          onCellValueChanged={onChanged}
          enterNavigatesVertically
          enterNavigatesVerticallyAfterEdit
          singleClickEdit
          stopEditingWhenCellsLoseFocus
          getRowStyle={(p) => (p.data?.dirty ? { fontStyle: 'italic' } : undefined)}
          tooltipShowDelay={300}
          animateRows={false}
          ensureDomOrder
        />
      </div>
      <Modal
        open={posting}
        title={t('memberStock.stocktakes.postConfirm')}
        okText={t('memberStock.common.post')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy, id: 'stocktake-post-confirm' }}
        onCancel={() => setPosting(false)}
        onOk={async () => {
          const ok = await run(async () => {
            const saved = await saveCounts();
            const { stocktake } = await call('stocktake.post', { id: saved.id, version: saved.version, requestId, uncountedAsBook });
            setRequestId(newRequestId());
            await adopt(stocktake);
            await client.invalidateQueries({ queryKey: ['stock.onHand'] });
          }, t('memberStock.common.posted'));
          if (ok) setPosting(false);
        }}
      >
        <p>{t('memberStock.stocktakes.postHint', { gain, loss })}</p>
        {rows.length - counted > 0 && (
          <Checkbox checked={uncountedAsBook} onChange={(e) => setUncountedAsBook(e.target.checked)}>
            {t('memberStock.stocktakes.uncountedAsBook', { count: rows.length - counted })}
          </Checkbox>
        )}
      </Modal>
      <Modal
        open={voiding}
        title={t('memberStock.common.void')}
        okText={t('memberStock.common.void')}
        okButtonProps={{ danger: true, loading: busy, disabled: !reason.trim() }}
        cancelText={t('common.cancel')}
        onCancel={() => setVoiding(false)}
        onOk={async () => {
          const ok = await run(async () => adopt((await call('stocktake.void', { id: doc.id, version: doc.version, reason })).stocktake), t('memberStock.common.voided'));
          if (ok) setVoiding(false);
        }}
      >
        <Typography.Text>{t('memberStock.common.voidReason')}</Typography.Text>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 2 }} style={{ marginTop: 6 }} />
      </Modal>
      {adding && <AddBatch doc={doc} onClose={() => setAdding(false)} onAdded={async (next) => {
        await adopt(next);
        setAdding(false);
      }} />}
    </>
  );
}


function AddBatch({ doc, onClose, onAdded }: { doc: Stocktake; onClose: () => void; onAdded: (doc: Stocktake) => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const batches = useOp('stockAdjustment.batches', { storeId: doc.storeId });
  const onSheet = new Set(doc.lines.map((l) => l.batchId));
  const [batchId, setBatchId] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const options = (batches.data?.batches ?? []).filter((b) => !onSheet.has(b.batchId)).map((b) => ({ value: b.batchId, label: `${b.itemName} ${b.spec} · ${b.batchNo} · ${b.expiry}` }));
  return (
    <Modal
      open
      title={t('memberStock.stocktakes.addLineTitle')}
      onCancel={onClose}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !batchId, loading: busy }}
      onOk={async () => {
        setBusy(true);
        try {
          const { stocktake } = await call('stocktake.addLine', { id: doc.id, version: doc.version, batchId: batchId ?? 0 });
          void message.success(t('memberStock.stocktakes.added', { lineNo: stocktake.lines.at(-1)?.lineNo ?? 0 }));
          await onAdded(stocktake);
        } catch (error) {
          void message.error(errorMessage(error, t));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Typography.Paragraph type="secondary">{t('memberStock.stocktakes.addLineHint')}</Typography.Paragraph>
      <Select showSearch={{ optionFilterProp: 'label' }} style={{ width: '100%' }} value={batchId} onChange={setBatchId} options={options} loading={batches.isPending} />
    </Modal>
  );
}
