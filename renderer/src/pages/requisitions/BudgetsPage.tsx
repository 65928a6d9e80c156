import { BarChartOutlined, DownloadOutlined, EditOutlined, SettingOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { App, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BUDGET_RULE_LABELS, communityYear, parseYuan, UNIT_SCOPED_ROLES, type BudgetRow, type BudgetRule } from '../../../../core/api/index.js';
import { call, exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime, levelLabel } from '../../labels.js';
import { useCan, useSessionUser } from '../../session/SessionContext.js';
import { BudgetExecution } from './BudgetExecution.js';

const thisYear = () => communityYear(new Date());
const money = (field: keyof BudgetRow, header: string): ColDef<BudgetRow> => ({
  field,
  headerName: header,
  width: 140,
  type: 'rightAligned',
  cellClass: 'mono',
});

/**
 * 预算执行: each member unit's budget, rule, committed, actual and remaining for a year (budget.manage edits), and one
 * unit's year month by month — a member pharmacist's own unit opens on that view (我的预算).
 */
export function BudgetsPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const canManage = useCan('budget.manage');
  const canRules = useCan('stock.approve');
  const [year, setYear] = useState(thisYear);
  const [editing, setEditing] = useState<BudgetRow | null>(null);
  const [rules, setRules] = useState(false);
  const [tab, setTab] = useState<'year' | 'execution'>(UNIT_SCOPED_ROLES.includes(user.role) ? 'execution' : 'year');
  const [pickedUnit, setPickedUnit] = useState<number | null>(null);
  const list = useOp('budget.list', { year }, { placeholderData: keepPreviousData });
  // Until a unit is picked, the month-by-month view shows the first unit of the list.
  const executionUnit = pickedUnit ?? list.data?.budgets[0]?.unitId ?? null;
  const columns = useMemo<ColDef<BudgetRow>[]>(
    () => [
      { field: 'unitName', headerName: t('requisitions.budgets.unit'), width: 180, pinned: 'left' },
      {
        colId: 'byMonth',
        headerName: '',
        width: 90,
        pinned: 'left',
        sortable: false,
        filter: false,
        cellRenderer: ({ data }: { data?: BudgetRow }) =>
          data ? (
            <Button
              size="small"
              type="link"
              icon={<BarChartOutlined />}
              onClick={() => {
                setPickedUnit(data.unitId);
                setTab('execution');
              }}
              data-testid={`budget-months-${data.unitId}`}
            >
              {t('requisitions.budgets.byMonth')}
            </Button>
          ) : null,
      } as ColDef<BudgetRow>,
      {
        field: 'unitLevel',
        headerName: t('requisitions.budgets.level'),
        width: 80,
        valueFormatter: ({ value }) => levelLabel(t, value as BudgetRow['unitLevel']),
      },
      {
        ...money('amountYuan', t('requisitions.budgets.amount')),
        valueFormatter: ({ data }) => (data?.amountMicro === null ? t('requisitions.budgets.none') : (data?.amountYuan ?? '')),
      },
      {
        field: 'overRuleLabel',
        headerName: t('requisitions.budgets.rule'),
        width: 160,
        valueFormatter: ({ data }) =>
          data ? `${data.overRuleLabel}${data.ruleSource === 'community' ? t('requisitions.budgets.fromCommunity') : ''}` : '',
      },
      money('committedYuan', t('requisitions.budgets.committed')),
      money('actualYuan', t('requisitions.budgets.actual')),
      {
        ...money('remainingYuan', t('requisitions.budgets.remaining')),
        cellStyle: ({ data }) => (data && data.remainingMicro <= 0 ? { color: '#cf1322', fontWeight: 600 } : null),
      },
      { field: 'note', headerName: t('requisitions.budgets.note'), flex: 1, minWidth: 140 },
      {
        field: 'updatedAt',
        headerName: t('requisitions.budgets.updated'),
        width: 200,
        valueFormatter: ({ data }) => (data?.updatedAt ? `${data.updatedBy ?? ''} ${formatDateTime(data.updatedAt)}` : ''),
      },
      ...(canManage
        ? [
            {
              colId: 'edit',
              headerName: '',
              width: 110,
              sortable: false,
              filter: false,
              cellRenderer: ({ data }: { data?: BudgetRow }) =>
                data ? (
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(data)} data-testid={`budget-edit-${data.unitId}`}>
                    {t('requisitions.budgets.edit')}
                  </Button>
                ) : null,
            } as ColDef<BudgetRow>,
          ]
        : []),
    ],
    [t, canManage],
  );
  return (
    <>
      <PageHeader
        title={t('requisitions.budgets.title')}
        subtitle={t('requisitions.budgets.subtitle')}
        actions={
          <Space>
            <Select
              style={{ width: 110 }}
              value={year}
              onChange={setYear}
              options={[thisYear() - 1, thisYear(), thisYear() + 1].map((y) => ({ value: y, label: `${y}` }))}
              aria-label={t('requisitions.budgets.year')}
            />
            {tab === 'year' && (
              <Button icon={<DownloadOutlined />} href={exportUrl('budget.list', { year })} download>
                {t('requisitions.export')}
              </Button>
            )}
            {canRules && (
              <Button icon={<SettingOutlined />} onClick={() => setRules(true)} data-testid="distribution-settings">
                {t('requisitions.budgets.settings')}
              </Button>
            )}
          </Space>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as 'year' | 'execution')}
        items={[
          {
            key: 'year',
            label: t('requisitions.budgets.tabYear'),
            children: (
              <DataGrid<BudgetRow>
                testId="budgets-grid"
                rows={list.data?.budgets}
                columns={columns}
                rowId={(r) => String(r.unitId)}
                loading={list.isPending}
                height="calc(100vh - 270px)"
              />
            ),
          },
          {
            key: 'execution',
            label: t('requisitions.budgets.tabExecution'),
            children: <BudgetExecution year={year} unitId={executionUnit} onUnitChange={setPickedUnit} />,
          },
        ]}
      />
      {editing && <BudgetModal row={editing} year={year} onClose={() => setEditing(null)} />}
      {rules && <RulesModal onClose={() => setRules(false)} />}
    </>
  );
}

function BudgetModal({ row, year, onClose }: { row: BudgetRow; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [amount, setAmount] = useState(row.amountMicro === null ? '' : row.amountYuan);
  const [rule, setRule] = useState<BudgetRule>(row.overRule);
  const [note, setNote] = useState(row.note);
  const [busy, setBusy] = useState(false);
  const parsed = parseYuan(amount);
  const save = async () => {
    if (parsed === null) {
      void message.error(t('requisitions.budgets.amountInvalid'));
      return;
    }
    setBusy(true);
    try {
      await call('budget.set', { unitId: row.unitId, year, amountMicro: parsed, overRule: rule, note });
      await client.invalidateQueries({ queryKey: ['budget.list'] });
      void message.success(t('requisitions.budgets.saved'));
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
      title={t('requisitions.budgets.editTitle', { unit: row.unitName, year })}
      onCancel={onClose}
      onOk={() => void save()}
      okButtonProps={{ loading: busy, 'data-testid': 'budget-save' } as never}
    >
      <Form layout="vertical" component="div">
        <Form.Item label={t('requisitions.budgets.amountYuan')} validateStatus={amount && parsed === null ? 'error' : undefined}>
          <Input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" autoFocus data-testid="budget-amount" />
        </Form.Item>
        <Form.Item label={t('requisitions.budgets.rule')}>
          <Radio.Group
            value={rule}
            onChange={(e) => setRule(e.target.value as BudgetRule)}
            options={(['block', 'warn'] as const).map((r) => ({ value: r, label: BUDGET_RULE_LABELS[r] }))}
          />
        </Form.Item>
        <Form.Item label={t('requisitions.budgets.note')}>
          <Input value={note} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 配送规则: the community's distribution settings (the pharmacy officer). */
function RulesModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const got = useOp('distribution.settings.get', {});
  const [draft, setDraft] = useState<{
    villageViaTownship?: boolean;
    budgetRule?: BudgetRule;
    targetMonths?: { county: number; township: number; village: number };
  }>({});
  const s = got.data?.settings;
  const value = s ? { ...s, ...draft } : null;
  const save = async () => {
    try {
      await call('distribution.settings.update', draft);
      await client.invalidateQueries({ queryKey: ['distribution.settings.get'] });
      await client.invalidateQueries({ queryKey: ['budget.list'] });
      void message.success(t('requisitions.budgets.settingsSaved'));
      onClose();
    } catch (error) {
      void message.error(errorMessage(error, t));
    }
  };
  return (
    <Modal open title={t('requisitions.budgets.settingsTitle')} onCancel={onClose} onOk={() => void save()}>
      {value && (
        <Form layout="vertical" component="div">
          <Form.Item label={t('requisitions.budgets.villageViaTownship')}>
            <Switch checked={value.villageViaTownship} onChange={(v) => setDraft({ ...draft, villageViaTownship: v })} />
          </Form.Item>
          <Form.Item label={t('requisitions.budgets.budgetRuleDefault')}>
            <Radio.Group
              value={value.budgetRule}
              onChange={(e) => setDraft({ ...draft, budgetRule: e.target.value as BudgetRule })}
              options={(['block', 'warn'] as const).map((r) => ({ value: r, label: BUDGET_RULE_LABELS[r] }))}
            />
          </Form.Item>
          <Form.Item label={t('requisitions.budgets.targetMonths')}>
            <Space>
              {(['county', 'township', 'village'] as const).map((level) => (
                <Space key={level} size={4}>
                  <Typography.Text>{t(`requisitions.budgets.${level}`)}</Typography.Text>
                  <InputNumber<number>
                    min={0}
                    max={24}
                    step={0.5}
                    style={{ width: 80 }}
                    value={value.targetMonths[level]}
                    onChange={(v) => setDraft({ ...draft, targetMonths: { ...value.targetMonths, [level]: v ?? 0 } })}
                  />
                </Space>
              ))}
            </Space>
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
