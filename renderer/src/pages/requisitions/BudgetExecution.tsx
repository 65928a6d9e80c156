import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, Button, ConfigProvider, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { communityDate, UNIT_SCOPED_ROLES, type BudgetMonth } from '../../../../core/api/index.js';
import { exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { useSessionUser } from '../../session/SessionContext.js';
import { UnitSelect, yuan } from '../books/booksShared.js';

/** This month (1..12) and year in the community's time zone (UTC+8). */
const today = () => {
  const iso = communityDate(new Date());
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)) };
};

/**
 * 预算执行（按月）: one unit's year month by month — the budget up to the month, what is committed now (in the current
 * month), charged in the month, charged so far and what remains. A member pharmacist sees their own unit (the hub
 * scopes it); the centre picks a unit.
 */
export function BudgetExecution({
  year,
  unitId,
  onUnitChange,
}: {
  year: number;
  unitId: number | null;
  onUnitChange: (id: number) => void;
}) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const scoped = UNIT_SCOPED_ROLES.includes(user.role);
  const shown = scoped ? user.unitId : unitId;
  const execution = useOp('budget.execution', { unitId: shown ?? 0, year }, { enabled: shown !== null, placeholderData: keepPreviousData });
  const data = execution.data;
  const now = today();
  const none = t('requisitions.budgets.none');
  const money = (micro: number | null) => (micro === null ? <Typography.Text type="secondary">{none}</Typography.Text> : yuan(micro));
  const columns: ColumnsType<BudgetMonth> = [
    {
      title: t('requisitions.budgets.execution.month'),
      dataIndex: 'month',
      width: 110,
      render: (m: number) => (
        <>
          {t('requisitions.budgets.execution.monthLabel', { month: m })}
          {year === now.year && m === now.month && (
            <Tag color="processing" style={{ marginInlineStart: 6 }}>
              {t('requisitions.budgets.execution.current')}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('requisitions.budgets.execution.budget'), dataIndex: 'budgetMicro', align: 'right', className: 'mono', render: money },
    {
      title: t('requisitions.budgets.execution.committed'),
      dataIndex: 'committedMicro',
      align: 'right',
      className: 'mono',
      render: (v: number) => (v === 0 ? '' : yuan(v)),
    },
    {
      title: t('requisitions.budgets.execution.actual'),
      dataIndex: 'actualMicro',
      align: 'right',
      className: 'mono',
      render: (v: number) => yuan(v),
    },
    {
      title: t('requisitions.budgets.execution.cumulative'),
      dataIndex: 'cumulativeActualMicro',
      align: 'right',
      className: 'mono',
      render: (v: number) => yuan(v),
    },
    {
      title: t('requisitions.budgets.execution.remaining'),
      dataIndex: 'remainingMicro',
      align: 'right',
      className: 'mono',
      render: (v: number | null) =>
        v !== null && v < 0 ? (
          <Typography.Text type="danger" strong>
            {yuan(v)}
          </Typography.Text>
        ) : (
          money(v)
        ),
    },
  ];
  return (
    <>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Flex align="center" gap={8}>
          <Typography.Text>{t('requisitions.budgets.unit')}</Typography.Text>
          {scoped ? (
            <Typography.Text strong data-testid="execution-unit">
              {user.unitName}
            </Typography.Text>
          ) : (
            <UnitSelect value={unitId} onChange={onUnitChange} testId="execution-unit" width={260} />
          )}
          <Typography.Text type="secondary">{t('requisitions.budgets.execution.hint')}</Typography.Text>
        </Flex>
        <Button
          icon={<DownloadOutlined />}
          href={shown === null ? undefined : exportUrl('budget.execution', { unitId: shown, year })}
          disabled={shown === null}
          download
          data-testid="execution-export"
        >
          {t('requisitions.export')}
        </Button>
      </Flex>
      {shown === null && <Alert type="info" showIcon message={t('requisitions.budgets.execution.pickUnit')} />}
      {execution.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorMessage(execution.error, t)} />}
      {data && data.totals.budgetMicro === null && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('requisitions.budgets.execution.noBudget', { unit: data.unitName, year })}
        />
      )}
      {shown !== null && (
        // Twelve months and the year on one 1366×768 screen: rows a little tighter than antd's small table.
        <ConfigProvider theme={{ components: { Table: { cellPaddingBlockSM: 4 } } }}>
          <Table<BudgetMonth>
            size="small"
            bordered
            rowKey="month"
            columns={columns}
            dataSource={data?.months}
            loading={execution.isFetching}
            pagination={false}
            data-testid="execution-table"
            rowClassName={(r) => (r.month === now.month && year === now.year ? 'ant-table-row-selected' : '')}
            summary={() =>
              data ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{t('requisitions.budgets.execution.year')}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right" className="mono">
                    <Typography.Text strong>{money(data.totals.budgetMicro)}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right" className="mono">
                    <Typography.Text strong>{yuan(data.totals.committedMicro)}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right" className="mono">
                    <Typography.Text strong>{yuan(data.totals.actualMicro)}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right" className="mono">
                    <Typography.Text strong>{yuan(data.totals.actualMicro)}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5} align="right" className="mono">
                    <Typography.Text
                      strong
                      type={data.totals.remainingMicro !== null && data.totals.remainingMicro < 0 ? 'danger' : undefined}
                    >
                      {money(data.totals.remainingMicro)}
                    </Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              ) : null
            }
          />
        </ConfigProvider>
      )}
    </>
  );
}
