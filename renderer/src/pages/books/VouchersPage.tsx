import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { Alert, App, Button, ConfigProvider, Flex, Form, Modal, Radio, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput, VoucherLine, VoucherRow } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { PagePager, PAGE_SIZES } from '../../components/PagePager.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan, useSessionUser } from '../../session/SessionContext.js';
import { downloadBase64, lastMonth, monthLabel, MonthPicker, UnitSelect, yuan } from './booksShared.js';

type VoucherMonth = OpOutput<'voucher.list'>;

/** One line of a voucher as the table shows it; the voucher's own cells span its lines. */
interface LineRow {
  key: string;
  voucher: VoucherRow;
  line: VoucherLine;
  /** rowSpan of the voucher's cells: its line count on the first line, 0 on the others. */
  span: number;
}


/** The month of the address (?month=), else last month (the one being closed); a change is written back. */
function useMonth(): [string, (month: string) => void] {
  const search = useSearch({ from: '/app/vouchers' });
  const navigate = useNavigate({ from: '/vouchers' });
  return [search.month ?? lastMonth(), (month: string) => void navigate({ search: { month }, replace: true })];
}

/**
 * 记账凭证: one unit's month of journal entries as vouchers (date, number, summary, mapped account, debit, credit,
 * 辅助核算), the month's totals with whether they balance, and the export through a voucher format. Read-only: the
 * auditor sees and exports the same; mapping accounts is on /finance-settings.
 */
export function VouchersPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const canConfigure = useCan('finance.configure');
  const [month, setMonth] = useMonth();
  const [unitId, setUnitId] = useState(user.unitId);
  const [page, setPage] = useState({ page: 1, pageSize: PAGE_SIZES[0]! });
  const [exporting, setExporting] = useState(false);
  const list = useOp('voucher.list', { unitId, month, ...page }, { placeholderData: keepPreviousData });
  const data = list.data;
  const changeMonth = (m: string) => {
    setPage((p) => ({ ...p, page: 1 }));
    setMonth(m);
  };
  const changeUnit = (id: number) => {
    setPage((p) => ({ ...p, page: 1 }));
    setUnitId(id);
  };
  const blocked = !data
    ? ''
    : data.total === 0
      ? t('vouchers.unmapped.noEntries')
      : data.unmapped.length > 0
        ? t('vouchers.unmapped.exportBlocked')
        : '';
  return (
    <>
      <PageHeader
        title={t('vouchers.title')}
        subtitle={t('vouchers.subtitle', { unit: data?.unitName ?? user.unitName })}
        actions={
          <>
            <UnitSelect value={unitId} onChange={changeUnit} testId="vouchers-unit" width={240} />
            <MonthPicker value={month} onChange={changeMonth} testId="vouchers-month" />
            <Tooltip title={blocked}>
              <Button
                type="primary"
                icon={<DownloadOutlined />}
                disabled={!data || blocked !== ''}
                onClick={() => setExporting(true)}
                data-testid="vouchers-export"
              >
                {t('vouchers.export')}
              </Button>
            </Tooltip>
          </>
        }
      />
      {data && <MonthSummary data={data} />}
      {data && data.unmapped.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="vouchers-unmapped"
          message={t('vouchers.unmapped.title', { accounts: data.unmapped.map((u) => u.label).join('、') })}
          action={
            canConfigure ? (
              <Link to="/finance-settings">
                <Button size="small" icon={<SettingOutlined />}>
                  {t('vouchers.unmapped.configure')}
                </Button>
              </Link>
            ) : undefined
          }
          description={canConfigure ? undefined : t('vouchers.unmapped.askAdmin')}
        />
      )}
      {list.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorMessage(list.error, t)} />}
      {/* The table scrolls inside the page so the totals and the pages stay on a 1366×768 screen, the note above it too. */}
      <VoucherTable
        data={data}
        loading={list.isFetching}
        height={data && data.unmapped.length > 0 ? 'calc(100vh - 400px)' : 'calc(100vh - 344px)'}
      />
      <PagePager page={page} total={data?.total} onChange={setPage} />
      {exporting && data && <ExportDialog data={data} canConfigure={canConfigure} onClose={() => setExporting(false)} />}
    </>
  );
}

/** The month's counts and totals (all pages), and whether debits equal credits. */
function MonthSummary({ data }: { data: VoucherMonth }) {
  const { t } = useTranslation();
  const balanced = data.debitMicro === data.creditMicro;
  return (
    <Flex gap={20} align="center" wrap style={{ marginBottom: 12 }} data-testid="vouchers-summary">
      <Typography.Text>{t('vouchers.summary.vouchers', { count: data.total })}</Typography.Text>
      <Typography.Text>{t('vouchers.summary.lines', { count: data.lineCount })}</Typography.Text>
      <Typography.Text>
        {t('vouchers.summary.debit')}{' '}
        <Typography.Text strong className="mono" data-testid="vouchers-debit">
          {yuan(data.debitMicro)}
        </Typography.Text>
      </Typography.Text>
      <Typography.Text>
        {t('vouchers.summary.credit')}{' '}
        <Typography.Text strong className="mono" data-testid="vouchers-credit">
          {yuan(data.creditMicro)}
        </Typography.Text>
      </Typography.Text>
      {data.total === 0 ? (
        <Tag data-testid="vouchers-balance">{t('vouchers.summary.empty')}</Tag>
      ) : balanced ? (
        <Tag color="success" data-testid="vouchers-balance">
          {t('vouchers.summary.balanced')}
        </Tag>
      ) : (
        <Tag color="error" data-testid="vouchers-balance">
          {t('vouchers.summary.unbalanced', { diff: yuan(data.debitMicro - data.creditMicro) })}
        </Tag>
      )}
    </Flex>
  );
}

const amount = (micro: number) => (micro === 0 ? '' : <span style={micro < 0 ? { color: '#cf1322' } : undefined}>{yuan(micro)}</span>);

function VoucherTable({ data, loading, height }: { data: VoucherMonth | undefined; loading: boolean; height: string }) {
  const { t } = useTranslation();
  const rows = useMemo<LineRow[]>(
    () =>
      (data?.vouchers ?? []).flatMap((voucher) =>
        voucher.lines.map((line, i) => ({
          key: `${voucher.entryId}-${line.lineNo}`,
          voucher,
          line,
          span: i === 0 ? voucher.lines.length : 0,
        })),
      ),
    [data],
  );
  const spanned = (r: LineRow) => ({ rowSpan: r.span });
  const columns: ColumnsType<LineRow> = [
    {
      title: t('vouchers.col.number'),
      key: 'number',
      width: 70,
      align: 'center',
      onCell: spanned,
      render: (_, r) => (
        <>
          <span className="mono">{r.voucher.number}</span>
          {r.voucher.reversal && (
            <Tag color="red" style={{ marginInlineEnd: 0, marginTop: 2, display: 'block' }}>
              {t('vouchers.col.reversal')}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('vouchers.col.date'), key: 'date', width: 100, onCell: spanned, render: (_, r) => r.voucher.date },
    {
      title: t('vouchers.col.summary'),
      key: 'summary',
      onCell: spanned,
      render: (_, r) => (
        <>
          <div>{r.voucher.summary}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.voucher.kindLabel}
            {r.voucher.preparer ? ` · ${r.voucher.preparer}` : ''}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('vouchers.col.account'),
      key: 'account',
      width: 220,
      render: (_, { line }) =>
        line.accountCode ? (
          <>
            <span className="mono">{line.accountCode}</span> {line.accountName || line.accountLabel}
          </>
        ) : (
          <>
            <Tag color="warning">{t('vouchers.col.notMapped')}</Tag>
            {line.accountLabel}
          </>
        ),
    },
    {
      title: t('vouchers.col.debit'),
      key: 'debit',
      width: 130,
      align: 'right',
      className: 'mono',
      render: (_, { line }) => amount(line.debitMicro),
    },
    {
      title: t('vouchers.col.credit'),
      key: 'credit',
      width: 130,
      align: 'right',
      className: 'mono',
      render: (_, { line }) => amount(line.creditMicro),
    },
    {
      title: t('vouchers.col.auxiliary'),
      key: 'aux',
      width: 230,
      render: (_, { line }) => (
        <>
          {line.supplierId !== null && (
            <div>
              <Typography.Text type="secondary">{t('vouchers.col.supplier')}：</Typography.Text>
              {line.supplierName}
            </div>
          )}
          {line.counterUnitId !== null && (
            <div>
              <Typography.Text type="secondary">{t('vouchers.col.counterUnit')}：</Typography.Text>
              {line.counterUnitName}
            </div>
          )}
        </>
      ),
    },
  ];
  return (
    // Denser rows than antd's small table: a finance officer reads more vouchers per screen.
    <ConfigProvider theme={{ components: { Table: { cellPaddingBlockSM: 4 } } }}>
      <Table<LineRow>
        size="small"
        bordered
        rowKey="key"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        scroll={{ y: height }}
        data-testid="vouchers-table"
        summary={() =>
          data && data.total > 0 ? (
            <Table.Summary fixed>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={4} align="right">
                  <Typography.Text strong>{t('vouchers.col.monthTotal')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right" className="mono">
                  <Typography.Text strong>{yuan(data.debitMicro)}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right" className="mono">
                  <Typography.Text strong>{yuan(data.creditMicro)}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} />
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
    </ConfigProvider>
  );
}

/** Choose a voucher format (the ones voucher.list offers to everyone who may export) and a file type. */
function ExportDialog({ data, canConfigure, onClose }: { data: VoucherMonth; canConfigure: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [profileId, setProfileId] = useState<number | undefined>(data.profiles[0]?.id);
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [busy, setBusy] = useState(false);
  const download = async () => {
    if (!profileId) return;
    setBusy(true);
    try {
      const file = await call('voucher.export', { unitId: data.unitId, month: data.month, profileId, format });
      downloadBase64(file);
      void message.success(
        t('vouchers.exportDialog.done', { vouchers: file.voucherCount, lines: file.lineCount, amount: yuan(file.debitMicro) }),
      );
      onClose();
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('vouchers.exportDialog.title', { unit: data.unitName, month: monthLabel(data.month) })}
      onCancel={onClose}
      onOk={() => void download()}
      okText={t('vouchers.exportDialog.download')}
      cancelText={t('vouchers.exportDialog.cancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: !profileId, 'data-testid': 'vouchers-download' } as never}
    >
      <Form layout="vertical" component="div">
        <Form.Item
          label={t('vouchers.exportDialog.profile')}
          extra={canConfigure ? <Link to="/finance-settings">{t('vouchers.exportDialog.editProfiles')}</Link> : undefined}
        >
          <Select
            value={profileId}
            onChange={setProfileId}
            options={data.profiles.map((p) => ({ value: p.id, label: p.name }))}
            data-testid="vouchers-profile"
            aria-label={t('vouchers.exportDialog.profile')}
          />
        </Form.Item>
        <Form.Item label={t('vouchers.exportDialog.format')}>
          <Radio.Group
            value={format}
            onChange={(e) => setFormat(e.target.value as 'xlsx' | 'csv')}
            options={[
              { value: 'xlsx', label: 'Excel (xlsx)' },
              { value: 'csv', label: 'CSV' },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
