import { DownloadOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Alert, App, Badge, Button, Checkbox, ConfigProvider, Empty, Flex, Popover, Select, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MedinsReportCode, MedinsUnreportableRow, OpOutput } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { PagePager, PAGE_SIZES } from '../../components/PagePager.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useSessionUser } from '../../session/SessionContext.js';
import { downloadBase64, lastMonth, MonthPicker } from '../books/booksShared.js';

type ReportView = OpOutput<'medins.report'>;
type RecordRow = ReportView['records'][number];
type Source = Pick<RecordRow, 'documentId' | 'documentNumber' | 'documentType' | 'lineNo'>;

const UNREPORTABLE = 'unreportable';

/** The source document of a record, linked to its page (期初库存 has none). */
function DocLink({ source }: { source: Source }) {
  const { t } = useTranslation();
  const id = source.documentId;
  const text = <span className="mono">{source.documentNumber}</span>;
  const link = (() => {
    if (id === null) return <Typography.Text type="secondary">{t('medins.opening')}</Typography.Text>;
    switch (source.documentType) {
      case 'receipt':
        return <Link to="/receipts/$receiptId" params={{ receiptId: id }}>{text}</Link>;
      case 'shipment':
        return <Link to="/shipments/$shipmentId" params={{ shipmentId: id }}>{text}</Link>;
      case 'member_return':
        return <Link to="/member-returns/$returnId" params={{ returnId: id }}>{text}</Link>;
      case 'stocktake':
        return <Link to="/stocktakes/$stocktakeId" params={{ stocktakeId: id }}>{text}</Link>;
      case 'consumption':
        return <Link to="/consumptions/$consumptionId" params={{ consumptionId: id }}>{text}</Link>;
      case 'stock_return':
      case 'stock_loss':
      case 'stock_other':
        return <Link to="/stock-adjustments/$adjustmentId" params={{ adjustmentId: id }}>{text}</Link>;
      default:
        return text;
    }
  })();
  return (
    <>
      {link}
      {source.lineNo !== null && (
        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>
          {t('medins.lineNo', { line: source.lineNo })}
        </Typography.Text>
      )}
    </>
  );
}

/**
 * 医保进销存上报 3501–3506: a 定点 unit's month, one tab per report with its count and a paged table of the records
 * (Chinese label over the field name), the rows that cannot be reported with their reasons and source documents,
 * and the files to send (JSON of the report shown, one xlsx of all). A member pharmacist sees only their own unit.
 */
export function MedinsReportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useSessionUser();
  const units = useOp('medins.units', {});
  const [chosenUnit, setChosenUnit] = useState<number | null>(null);
  const [month, setMonth] = useState(lastMonth());
  const [tab, setTab] = useState<string>('3501');
  const [page, setPage] = useState({ page: 1, pageSize: PAGE_SIZES[0]! });
  const [skip, setSkip] = useState(false);
  const [busy, setBusy] = useState<'json' | 'xlsx' | null>(null);
  const unitList = units.data?.units ?? [];
  const unitId = chosenUnit ?? unitList.find((u) => u.unitId === user.unitId)?.unitId ?? unitList[0]?.unitId ?? null;
  const report: MedinsReportCode = tab === UNREPORTABLE ? '3501' : (tab as MedinsReportCode);
  const view = useOp('medins.report', { unitId: unitId ?? 0, month, report, ...page }, { enabled: unitId !== null, placeholderData: keepPreviousData });
  const data = view.data;
  const reset = () => setPage((p) => ({ ...p, page: 1 }));
  const blocked = !!data && data.unreportable.length > 0 && !skip;

  const exportFile = async (format: 'json' | 'xlsx') => {
    if (unitId === null) return;
    setBusy(format);
    try {
      const file = await call('medins.export', { unitId, month, format, report, skipUnreportable: skip });
      downloadBase64(file);
      void message.success(
        file.skipped.length ? t('medins.exportedSkipped', { file: file.fileName, records: file.records, skipped: file.skipped.length }) : t('medins.exported', { file: file.fileName, records: file.records }),
      );
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(null);
    }
  };

  if (units.data && unitList.length === 0) {
    return (
      <>
        <PageHeader title={t('medins.title')} />
        <Empty description={t('medins.noUnits')} data-testid="medins-no-units" />
      </>
    );
  }
  const fixed = user.role === 'member_pharmacist';
  return (
    <>
      <PageHeader
        title={t('medins.title')}
        subtitle={data ? t('medins.subtitle', { unit: data.unit.name, code: data.unit.insuranceCode, from: data.period.from, to: data.period.to }) : t('medins.subtitleNone')}
        actions={
          <>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: 300 }}
              placeholder={t('medins.chooseUnit')}
              value={unitId ?? undefined}
              disabled={fixed}
              loading={units.isPending}
              onChange={(id: number) => {
                reset();
                setChosenUnit(id);
              }}
              options={unitList.map((u) => ({ value: u.unitId, label: `${u.name}（${u.code}）` }))}
              data-testid="medins-unit"
              aria-label={t('medins.chooseUnit')}
            />
            <MonthPicker
              value={month}
              onChange={(m) => {
                reset();
                setMonth(m);
              }}
              testId="medins-month"
            />
            <Tooltip title={t('medins.skipHint')}>
              <Checkbox checked={skip} onChange={(e) => setSkip(e.target.checked)} data-testid="medins-skip">
                {t('medins.skip')}
              </Checkbox>
            </Tooltip>
            <Tooltip title={blocked ? t('medins.exportBlocked') : ''}>
              <Button icon={<DownloadOutlined />} disabled={!data || blocked} loading={busy === 'json'} onClick={() => void exportFile('json')} data-testid="medins-export-json">
                {t('medins.exportJson', { report })}
              </Button>
            </Tooltip>
            <Tooltip title={blocked ? t('medins.exportBlocked') : ''}>
              <Button type="primary" icon={<DownloadOutlined />} disabled={!data || blocked} loading={busy === 'xlsx'} onClick={() => void exportFile('xlsx')} data-testid="medins-export-xlsx">
                {t('medins.exportXlsx')}
              </Button>
            </Tooltip>
          </>
        }
      />
      {view.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorMessage(view.error, t)} />}
      {data && (
        <Flex gap={12} align="center" wrap style={{ marginBottom: 8 }}>
          <Tag color={data.inventoryBasis === 'stocktake' ? 'blue' : 'default'} data-testid="medins-basis">
            {data.inventoryBasis === 'stocktake' ? t('medins.basisStocktake') : t('medins.basisOpening')}
          </Tag>
          <Popover
            trigger="click"
            placement="bottomLeft"
            content={
              <div style={{ maxWidth: 620 }}>
                {data.note.map((line) => (
                  <Typography.Paragraph key={line} style={{ marginBottom: 6, fontSize: 13 }}>
                    {line}
                  </Typography.Paragraph>
                ))}
              </div>
            }
          >
            <Button size="small" type="link" icon={<InfoCircleOutlined />} data-testid="medins-note">
              {t('medins.note')}
            </Button>
          </Popover>
          {data.unreportable.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ padding: '2px 10px' }}
              data-testid="medins-unreportable-alert"
              message={
                <Typography.Link onClick={() => setTab(UNREPORTABLE)}>{t('medins.unreportableTitle', { count: data.unreportable.length })}</Typography.Link>
              }
            />
          )}
        </Flex>
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          reset();
          setTab(key);
        }}
        size="small"
        style={{ marginBottom: 0 }}
        items={[
          ...(data?.counts ?? []).map((c) => ({
            key: c.report,
            label: (
              <span data-testid={`medins-tab-${c.report}`}>
                {t('medins.tab', { report: c.report, title: t(`medins.short.${c.report}`) })} <Tag style={{ marginInlineStart: 4 }}>{t('medins.records', { count: c.records })}</Tag>
                {c.unreportable > 0 && <Badge count={c.unreportable} size="small" />}
              </span>
            ),
          })),
          {
            key: UNREPORTABLE,
            label: (
              <span data-testid="medins-tab-unreportable">
                {t('medins.unreportableTab')} <Badge count={data?.unreportable.length ?? 0} showZero color={data?.unreportable.length ? '#faad14' : '#d9d9d9'} size="small" />
              </span>
            ),
          },
        ]}
      />
      {tab === UNREPORTABLE ? (
        <UnreportableTable rows={data?.unreportable ?? []} loading={view.isFetching} />
      ) : (
        <>
          <RecordTable data={data} loading={view.isFetching} />
          <PagePager page={page} total={data?.total} onChange={setPage} />
        </>
      )}
    </>
  );
}

/** The records of the report shown: the source, then each field the hub fills, its Chinese label over its name. */
function RecordTable({ data, loading }: { data: ReportView | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const columns = useMemo<ColumnsType<RecordRow>>(() => {
    if (!data) return [];
    return [
      { title: t('medins.col.source'), key: 'source', width: 180, fixed: 'left', ellipsis: true, render: (_, r) => <DocLink source={r} /> },
      ...data.fields.map((f) => ({
        key: f.name,
        // Wide enough for the label and the field name on one line each; long values are cut with an ellipsis (full text on hover).
        width: Math.max(f.label.length * 14, f.name.length * 7, f.name === 'fixmedins_hilist_name' || f.name === 'spler_name' ? 170 : f.type === 'datetime' ? 140 : 90) + 24,
        ellipsis: { showTitle: true },
        align: f.type === 'number' ? ('right' as const) : undefined,
        title: (
          <div style={{ lineHeight: 1.25 }}>
            <div>
              {f.label}
              {f.required && <span style={{ color: '#cf1322' }}>*</span>}
            </div>
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 11, fontWeight: 400 }}>
              {f.name}
            </Typography.Text>
          </div>
        ),
        render: (_: unknown, r: RecordRow) =>
          f.type === 'list' ? (
            r.traceCodeCount > 0 ? (
              <Tooltip title={r.values[f.name]}>
                <Tag>{t('medins.traceCodes', { count: r.traceCodeCount })}</Tag>
              </Tooltip>
            ) : (
              ''
            )
          ) : (
            <span className={f.type === 'number' || f.name.endsWith('_codg') || f.name.endsWith('bchno') ? 'mono' : undefined}>{r.values[f.name] ?? ''}</span>
          ),
      })),
    ];
  }, [data, t]);
  return (
    <ConfigProvider theme={{ components: { Table: { cellPaddingBlockSM: 4 } } }}>
      <Table<RecordRow>
        size="small"
        bordered
        rowKey={(r) => `${r.moveId ?? ''}-${r.documentNumber}-${r.lineNo ?? ''}-${r.values.fixmedins_bchno ?? ''}`}
        columns={columns}
        dataSource={data?.records ?? []}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content', y: 'calc(100vh - 420px)' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('medins.empty')} /> }}
        data-testid="medins-records"
      />
    </ConfigProvider>
  );
}

/** Every row that cannot be reported: which report, the source document (linked), the item, the field and why. */
function UnreportableTable({ rows, loading }: { rows: MedinsUnreportableRow[]; loading: boolean }) {
  const { t } = useTranslation();
  const columns: ColumnsType<MedinsUnreportableRow> = [
    { title: t('medins.col.report'), dataIndex: 'report', width: 70 },
    { title: t('medins.col.source'), key: 'source', width: 190, render: (_, r) => <DocLink source={r} /> },
    { title: t('medins.col.item'), key: 'item', width: 220, render: (_, r) => `${r.itemCode} ${r.itemName}` },
    {
      title: t('medins.col.field'),
      key: 'field',
      width: 200,
      render: (_, r) => (
        <>
          {r.label} <Typography.Text type="secondary" className="mono" style={{ fontSize: 11 }}>{r.field}</Typography.Text>
        </>
      ),
    },
    { title: t('medins.col.reason'), dataIndex: 'reason' },
  ];
  return (
    <Table<MedinsUnreportableRow>
      size="small"
      bordered
      rowKey={(r) => `${r.report}-${r.moveId ?? r.documentNumber}-${r.lineNo ?? ''}-${r.field}`}
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      scroll={{ y: 'calc(100vh - 380px)' }}
      data-testid="medins-unreportable"
    />
  );
}
