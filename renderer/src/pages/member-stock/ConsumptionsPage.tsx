import { DownloadOutlined, InboxOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { Alert, App, Button, Drawer, Flex, Input, Modal, Select, Table, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSUMPTION_STATES, CONSUMPTION_STATE_LABELS, type ConsumptionState, type ConsumptionSummary, type OpInput } from '../../../../core/api/index.js';
import { ApiError, call, exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import { ConsumptionHeaderForm, lastMonth, type ConsumptionHeader } from './ConsumptionHeaderForm.js';
import { ConsumptionLinesEditor, emptyLine, linesInput, type EditLine } from './ConsumptionLinesEditor.js';
import { importConsumption } from './consumptionUpload.js';
import { DocStateTag } from './memberStockShared.js';

type ListInput = NonNullable<OpInput<'consumption.list'>>;
const rowId = (r: ConsumptionSummary) => String(r.id);
type StoreOption = { value: number; label: string };

const fieldMap = (error: unknown) => new Map(error instanceof ApiError ? error.fields.map((f) => [f.path, f.message]) : []);

/** 消耗出库: the list of the caller's stores' documents, 新建 (typed totals) and 导入 Excel (a HIS export). */
export function ConsumptionsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canAdjust = useCan('stock.adjust');
  const [state, setState] = useState<ConsumptionState | undefined>();
  const [storeId, setStoreId] = useState<number | undefined>();
  const [query, setQuery] = useState('');
  const [mode, setMode] = useState<'create' | 'import' | null>(null);
  const filter: ListInput = { ...(state ? { state } : {}), ...(storeId ? { storeId } : {}), ...(query ? { query } : {}) };
  const list = useOp('consumption.list', filter, { placeholderData: keepPreviousData });
  const stores = useOp('store.list', {});
  const storeOptions: StoreOption[] = (stores.data?.stores ?? []).filter((s) => s.active).map((s) => ({ value: s.id, label: `${s.unitName} · ${s.name}` }));
  const open = (id: number) => void navigate({ to: '/consumptions/$consumptionId', params: { consumptionId: id } });

  const columns = useMemo<ColDef<ConsumptionSummary>[]>(
    () => [
      {
        field: 'number',
        headerName: t('memberStock.common.number'),
        width: 150,
        pinned: 'left',
        cellClass: 'mono',
        cellRenderer: ({ data }: { data?: ConsumptionSummary }) => (data ? <a onClick={() => open(data.id)}>{data.number}</a> : null),
      },
      { field: 'stateLabel', headerName: t('memberStock.common.state'), width: 96, cellRenderer: ({ data }: { data?: ConsumptionSummary }) => (data ? <DocStateTag doc={data} /> : null) },
      { colId: 'store', headerName: t('memberStock.common.store'), width: 200, valueGetter: ({ data }) => (data ? `${data.unitName} · ${data.storeName}` : '') },
      { colId: 'period', headerName: t('memberStock.consumptions.period'), width: 190, valueGetter: ({ data }) => (data ? `${data.periodFrom} ~ ${data.periodTo}` : '') },
      { colId: 'target', headerName: t('memberStock.consumptions.target'), width: 150, valueGetter: ({ data }) => (data ? `${data.targetLabel}${data.department ? ` · ${data.department}` : ''}` : '') },
      { field: 'lineCount', headerName: t('memberStock.consumptions.lineCount'), width: 80, type: 'rightAligned' },
      { field: 'totalQuantity', headerName: t('memberStock.consumptions.totalQuantity'), width: 100, type: 'rightAligned' },
      { field: 'totalYuan', headerName: t('memberStock.consumptions.total'), width: 110, type: 'rightAligned', cellClass: 'mono', comparator: (_a, _b, x, y) => (x.data?.totalMicro ?? 0) - (y.data?.totalMicro ?? 0) },
      { field: 'sourceFile', headerName: t('memberStock.consumptions.sourceFile'), flex: 1, minWidth: 150 },
      { field: 'createdBy', headerName: t('memberStock.common.createdBy'), width: 96 },
      { field: 'createdAt', headerName: t('memberStock.common.createdAt'), width: 150, valueFormatter: ({ value }) => formatDateTime(value as string) },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t],
  );

  return (
    <>
      <PageHeader
        title={t('memberStock.consumptions.title')}
        subtitle={t('memberStock.consumptions.subtitle')}
        actions={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            <Button icon={<DownloadOutlined />} href={exportUrl('consumption.list', { ...filter, limit: 5000 })} download>
              {t('memberStock.common.export')}
            </Button>
            {canAdjust && (
              <>
                <Button icon={<UploadOutlined />} onClick={() => setMode('import')} data-testid="consumption-import">
                  {t('memberStock.consumptions.import')}
                </Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setMode('create')} data-testid="consumption-new">
                  {t('memberStock.consumptions.create')}
                </Button>
              </>
            )}
          </>
        }
      />
      <Flex gap={10} wrap align="center" style={{ marginBottom: 12 }}>
        <Select allowClear style={{ width: 130 }} placeholder={t('memberStock.common.allStates')} value={state} onChange={setState} options={CONSUMPTION_STATES.map((s) => ({ value: s, label: CONSUMPTION_STATE_LABELS[s] }))} />
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 240 }} placeholder={t('memberStock.common.allStores')} value={storeId} onChange={setStoreId} options={storeOptions} />
        <Input.Search allowClear style={{ width: 220 }} placeholder={t('memberStock.common.search')} onSearch={(v) => setQuery(v.trim())} />
      </Flex>
      <DataGrid<ConsumptionSummary> testId="consumptions-grid" rows={list.data?.consumptions} columns={columns} rowId={rowId} loading={list.isPending} height="calc(100vh - 250px)" />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('common.total', { count: list.data?.total ?? 0 })}
      </Typography.Text>
      {mode === 'create' && <NewConsumption stores={storeOptions} onClose={() => setMode(null)} onCreated={open} />}
      {mode === 'import' && <ImportConsumption stores={storeOptions} onClose={() => setMode(null)} onCreated={open} />}
    </>
  );
}

const initialHeader = (stores: StoreOption[]): ConsumptionHeader => ({ storeId: stores.length === 1 ? stores[0]!.value : null, ...lastMonth(), target: 'patients', department: '', note: '' });

function NewConsumption({ stores, onClose, onCreated }: { stores: StoreOption[]; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [header, setHeader] = useState<ConsumptionHeader>(() => initialHeader(stores));
  const [lines, setLines] = useState<EditLine[]>(() => [emptyLine()]);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      const { consumption } = await call('consumption.create', {
        storeId: header.storeId ?? 0,
        periodFrom: header.periodFrom,
        periodTo: header.periodTo,
        target: header.target,
        department: header.department,
        note: header.note,
        lines: linesInput(lines),
      });
      await client.invalidateQueries({ queryKey: ['consumption.list'] });
      void message.success(t('memberStock.consumptions.created', { number: consumption.number }));
      onCreated(consumption.id);
    } catch (error) {
      setErrors(fieldMap(error));
      void message.error(errorMessage(error, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open
      onClose={onClose}
      size={980}
      title={t('memberStock.consumptions.createTitle')}
      extra={
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="consumption-save">
          {t('memberStock.common.save')}
        </Button>
      }
    >
      <ConsumptionHeaderForm header={header} onChange={setHeader} stores={stores} errors={errors} />
      <ConsumptionLinesEditor lines={lines} onLines={setLines} errors={errors} />
    </Drawer>
  );
}

/** A row problem of the import as the report lists it: `rows.<Excel row>.<column header>`. */
interface RowProblem {
  key: number;
  row: string;
  column: string;
  message: string;
}
function rowProblems(error: unknown): RowProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.fields.map((f, key) => {
    const [, row = '', ...column] = f.path.split('.');
    return { key, row: f.path.startsWith('rows.') ? row : '', column: f.path.startsWith('columns.') ? row : column.join('.'), message: f.message };
  });
}

function ImportConsumption({ stores, onClose, onCreated }: { stores: StoreOption[]; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [header, setHeader] = useState<ConsumptionHeader>(() => initialHeader(stores));
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [problems, setProblems] = useState<RowProblem[]>([]);
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!file) return;
    setBusy(true);
    setProblems([]);
    setFailure('');
    try {
      const { consumption, rowCount } = await importConsumption(file, {
        storeId: header.storeId ?? 0,
        periodFrom: header.periodFrom,
        periodTo: header.periodTo,
        target: header.target,
        department: header.department,
        note: header.note,
      });
      await client.invalidateQueries({ queryKey: ['consumption.list'] });
      void message.success(t('memberStock.consumptions.importDone', { rows: rowCount, number: consumption.number }));
      onCreated(consumption.id);
    } catch (error) {
      const rows = rowProblems(error).filter((p) => p.row || p.column);
      setErrors(fieldMap(error));
      setProblems(rows);
      setFailure(rows.length > 0 ? t('memberStock.consumptions.importErrors', { count: rows.length }) : errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={860}
      title={t('memberStock.consumptions.importTitle')}
      onCancel={onClose}
      cancelText={t('common.cancel')}
      okText={t('memberStock.consumptions.import')}
      okButtonProps={{ disabled: !file || !header.storeId, loading: busy, id: 'consumption-import-run' }}
      onOk={() => void run()}
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('memberStock.consumptions.importHint')} />
      <ConsumptionHeaderForm header={header} onChange={setHeader} stores={stores} errors={errors} />
      <Upload.Dragger
        accept=".xlsx,.csv,.txt"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setProblems([]);
          setFailure('');
          return false;
        }}
        onRemove={() => setFile(null)}
        fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
        data-testid="consumption-import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('memberStock.consumptions.importDrop')}</p>
      </Upload.Dragger>
      {failure && <Alert type="error" showIcon style={{ marginTop: 12 }} message={failure} data-testid="consumption-import-failure" />}
      {problems.length > 0 && (
        <Table<RowProblem>
          size="small"
          rowKey="key"
          style={{ marginTop: 8 }}
          pagination={problems.length > 10 ? { pageSize: 10 } : false}
          dataSource={problems}
          data-testid="consumption-import-problems"
          columns={[
            { title: t('memberStock.consumptions.row'), dataIndex: 'row', width: 60 },
            { title: t('memberStock.consumptions.column'), dataIndex: 'column', width: 110 },
            { title: t('memberStock.consumptions.problem'), dataIndex: 'message' },
          ]}
        />
      )}
    </Modal>
  );
}
