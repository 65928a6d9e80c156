import { ArrowLeftOutlined, BulbOutlined, DeleteOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import type { CellValueChangedEvent, ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { Alert, App, Button, Col, Flex, Form, Input, Row, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequisitionSuggestion } from '../../../../core/api/index.js';
import { ApiError, call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { ItemPicker } from '../../components/ItemPicker.js';
import { gridTheme } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useSessionUser } from '../../session/SessionContext.js';
import { monthlyText, packText } from './requisitionShared.js';

/** A line being written: the item's hints from requisition.suggest and the quantity in issue packs. */
export interface DraftLine extends RequisitionSuggestion {
  qtyPacks: number;
}

const rowId = (l: DraftLine) => String(l.itemId);

/** The hub's line problems as text, by the line's item ("第 3 行 阿莫西林胶囊：须按整盒请领"). */
export function lineProblems(error: unknown, names: string[], t: (key: string, o?: Record<string, unknown>) => string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.fields.map((f) => {
    const m = /^lines\.(\d+)\./.exec(f.path);
    if (!m) return f.message;
    const name = names[Number(m[1])] ?? '';
    // The hub's message usually names the item already.
    return `${t('requisitions.lineNo', { n: Number(m[1]) + 1 })}${name && !f.message.includes(name) ? ` ${name}` : ''}：${f.message}`;
  });
}

/**
 * 新建请领单: the store (the member's own), an item search by pinyin, a virtualised grid of lines with the store's
 * on hand, monthly consumption, incoming, what is already owed and the suggestion; 按建议填充 fills every
 * suggested item in one step. Quantities are typed in issue packs and sent as base units.
 */
export function NewRequisitionPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const user = useSessionUser();
  const stores = useOp('store.list', { unitId: user.unitId });
  const unit = useOp('unit.get', { id: user.unitId });
  const storeOptions = (stores.data?.stores ?? []).filter((s) => s.active && !s.isCentral && s.unitId === user.unitId);
  const [picked, setPicked] = useState<number | null>(null);
  const storeId = picked ?? storeOptions[0]?.id ?? null;
  const suggest = useOp('requisition.suggest', { storeId: storeId ?? 0 }, { enabled: storeId !== null });
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const months = suggest.data?.targetMonths ?? 0;

  const addItem = async (itemId: number | null) => {
    if (itemId === null || storeId === null) return;
    const existing = lines.find((l) => l.itemId === itemId);
    if (existing) {
      void message.info(t('requisitions.alreadyAdded', { name: existing.itemName }));
      return;
    }
    try {
      const { suggestions } = await call('requisition.suggest', { storeId, itemIds: [itemId] });
      const hint = suggestions[0];
      if (!hint) return;
      setLines((current) => [...current, { ...hint, qtyPacks: Math.max(1, hint.suggested / hint.issuePackFactor) }]);
    } catch (error) {
      void message.error(errorMessage(error, t));
    }
  };

  const fill = () => {
    const rows = (suggest.data?.suggestions ?? []).filter((s) => s.suggested > 0);
    if (rows.length === 0) {
      void message.info(t('requisitions.nothingSuggested', { months }));
      return;
    }
    const kept = new Map(lines.map((l) => [l.itemId, l]));
    for (const s of rows) kept.set(s.itemId, { ...s, qtyPacks: s.suggested / s.issuePackFactor });
    setLines([...kept.values()]);
    void message.success(t('requisitions.filled', { count: rows.length }));
  };

  const save = async (submit: boolean) => {
    if (storeId === null) return;
    setBusy(true);
    setProblems([]);
    try {
      const { requisition } = await call('requisition.create', { storeId, note, lines: lines.map((l) => ({ itemId: l.itemId, quantity: Math.round(l.qtyPacks * l.issuePackFactor) })) });
      let warning: string | null = null;
      if (submit) {
        try {
          warning = (await call('requisition.submit', { id: requisition.id, version: requisition.version })).budgetWarning;
        } catch (error) {
          // Saved as a draft all the same: open it, with the refusal (e.g. over budget).
          void message.error(errorMessage(error, t));
          await client.invalidateQueries({ queryKey: ['requisition.list'] });
          void navigate({ to: '/requisitions/$requisitionId', params: { requisitionId: requisition.id } });
          return;
        }
      }
      if (warning) void message.warning(warning);
      void message.success(t(submit ? 'requisitions.submitted' : 'requisitions.created', { number: requisition.number }));
      await client.invalidateQueries({ queryKey: ['requisition.list'] });
      void navigate({ to: '/requisitions/$requisitionId', params: { requisitionId: requisition.id } });
    } catch (error) {
      setProblems(lineProblems(error, lines.map((l) => l.itemName), t));
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  const columns = useMemo<ColDef<DraftLine>[]>(
    () => [
      { headerName: '#', width: 60, valueGetter: ({ node }) => (node?.rowIndex ?? 0) + 1, sortable: false },
      { field: 'itemCode', headerName: t('requisitions.code'), width: 110, cellClass: 'mono' },
      { field: 'itemName', headerName: t('requisitions.item'), width: 180, pinned: 'left' },
      { field: 'spec', headerName: t('requisitions.spec'), width: 110 },
      { field: 'manufacturer', headerName: t('requisitions.manufacturer'), width: 170 },
      { field: 'onHand', headerName: t('requisitions.onHand'), width: 110, type: 'rightAligned', valueFormatter: ({ data }) => (data ? packText(data.onHand, data) : '') },
      { field: 'avgMonthly', headerName: t('requisitions.avgMonthly'), width: 100, type: 'rightAligned', valueFormatter: ({ data }) => (data ? monthlyText(data.avgMonthly, data) : '') },
      { field: 'incoming', headerName: t('requisitions.incoming'), width: 90, type: 'rightAligned', valueFormatter: ({ data }) => (data ? packText(data.incoming, data) : '') },
      { field: 'otherBackOrders', headerName: t('requisitions.otherBackOrders'), width: 90, type: 'rightAligned', valueFormatter: ({ data }) => (data ? packText(data.otherBackOrders, data) : '') },
      { field: 'suggested', headerName: t('requisitions.suggested'), width: 100, type: 'rightAligned', valueFormatter: ({ data }) => (data ? packText(data.suggested, data) : '') },
      {
        field: 'qtyPacks',
        headerName: t('requisitions.quantityPacks'),
        width: 140,
        type: 'rightAligned',
        editable: true,
        cellClass: 'tc-editable ag-right-aligned-cell',
        cellDataType: 'number',
        valueParser: ({ newValue }) => Math.max(0, Math.round(Number(newValue) || 0)),
        valueFormatter: ({ data }) => (data ? `${data.qtyPacks} ${data.issueUnit}` : ''),
      },
      {
        colId: 'remove',
        headerName: '',
        width: 60,
        sortable: false,
        filter: false,
        cellRenderer: ({ data }: { data?: DraftLine }) =>
          data ? (
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('requisitions.removeLine')} onClick={() => setLines((c) => c.filter((l) => l.itemId !== data.itemId))} />
          ) : null,
      },
    ],
    [t, setLines],
  );

  return (
    <>
      <PageHeader
        title={t('requisitions.newTitle')}
        subtitle={t('requisitions.newSubtitle')}
        actions={
          <Link to="/requisitions">
            <Button icon={<ArrowLeftOutlined />}>{t('requisitions.back')}</Button>
          </Link>
        }
      />
      <Form layout="vertical" component="div">
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item label={t('requisitions.store')}>
              <Select<number>
                value={storeId ?? undefined}
                onChange={(id) => {
                  setPicked(id);
                  setLines([]);
                }}
                options={storeOptions.map((s) => ({ value: s.id, label: `${s.unitName} · ${s.name}` }))}
                data-testid="requisition-store"
              />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label={t('requisitions.note')}>
              <Input value={note} onChange={(e) => setNote(e.target.value)} data-testid="requisition-note" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Flex gap={10} align="center" style={{ marginBottom: 10 }} wrap>
        <div style={{ width: 420 }}>
          <ItemPicker autoFocus value={null} onChange={(id) => void addItem(id)} placeholder={t('requisitions.pickItem')} {...(unit.data ? { level: unit.data.unit.level } : {})} />
        </div>
        <Button icon={<BulbOutlined />} onClick={fill} loading={suggest.isFetching} disabled={storeId === null} data-testid="requisition-fill">
          {t('requisitions.fillSuggested')}
        </Button>
        {months > 0 && <Typography.Text type="secondary">{t('requisitions.targetMonths', { months })}</Typography.Text>}
        <span style={{ flex: 1 }} />
        <Space>
          <Button icon={<SaveOutlined />} loading={busy} disabled={lines.length === 0} onClick={() => void save(false)} data-testid="requisition-save">
            {t('requisitions.saveDraft')}
          </Button>
          <Button type="primary" icon={<SendOutlined />} loading={busy} disabled={lines.length === 0} onClick={() => void save(true)} data-testid="requisition-submit">
            {t('requisitions.submit')}
          </Button>
        </Space>
      </Flex>
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
      <div style={{ height: 'calc(100vh - 330px)', minHeight: 320 }} data-testid="requisition-lines">
        <AgGridReact<DraftLine>
          theme={gridTheme}
          rowData={lines}
          columnDefs={columns}
          defaultColDef={{ sortable: true, resizable: true, minWidth: 60 }}
          getRowId={({ data }) => rowId(data)}
          singleClickEdit
          stopEditingWhenCellsLoseFocus
          onCellValueChanged={(e: CellValueChangedEvent<DraftLine>) => setLines((c) => c.map((l) => (l.itemId === e.data.itemId ? { ...l, qtyPacks: e.data.qtyPacks } : l)))}
          overlayNoRowsTemplate={`<span style="color:#8c8c8c">${t('requisitions.noLines')}</span>`}
          animateRows={false}
        />
      </div>
    </>
  );
}
