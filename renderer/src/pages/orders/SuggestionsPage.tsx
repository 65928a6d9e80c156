import { ReloadOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { useNavigate } from '@tanstack/react-router';
import { App, Button, Card, Checkbox, Flex, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, parseYuan, SUGGESTION_DEFAULTS, type SuggestionRow } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useReceivingStores, useSupplierOptions } from './orderShared.js';

/** What the officer makes of one suggestion: chosen, how many packs, from whom, at what price. */
interface Choice {
  chosen: boolean;
  packs: number | null;
  supplierId: number | null;
  priceText: string;
}

const number = (n: number, unit: string) => `${n.toLocaleString('zh-CN')} ${unit}`;

/** 采购建议 for the central store: choose lines, adjust, and turn them into draft orders, one per supplier. */
export function SuggestionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { stores } = useReceivingStores();
  const { suppliers } = useSupplierOptions();
  const [storeId, setStoreId] = useState<number | undefined>();
  const [months, setMonths] = useState<number>(SUGGESTION_DEFAULTS.months);
  const [minMonths, setMinMonths] = useState<number>(SUGGESTION_DEFAULTS.minMonths);
  const [maxMonths, setMaxMonths] = useState<number>(SUGGESTION_DEFAULTS.maxMonths);
  const [all, setAll] = useState(false);
  // What the officer changed, over the hub's suggestion (reset when the suggestions are asked for anew).
  const [overrides, setOverrides] = useState<Record<number, Partial<Choice>>>({});
  const [creating, setCreating] = useState(false);
  const input = { ...(storeId ? { storeId } : {}), months, minMonths, maxMonths, all };
  const result = useOp('purchaseOrder.suggestions', input);
  const rows = result.data?.rows ?? [];

  const choices: Record<number, Choice> = Object.fromEntries(
    rows.map((r) => [
      r.itemId,
      {
        chosen: r.suggested > 0,
        packs: r.suggestedPacks,
        supplierId: r.supplierId,
        priceText: r.priceMicro !== null ? formatYuan(r.priceMicro) : '',
        ...overrides[r.itemId],
      },
    ]),
  );
  const set = (itemId: number, patch: Partial<Choice>) => setOverrides((o) => ({ ...o, [itemId]: { ...o[itemId], ...patch } }));
  const ask =
    <T,>(setter: (v: T) => void) =>
    (v: T) => {
      setOverrides({});
      setter(v);
    };
  const chosen = rows.filter((r) => choices[r.itemId]?.chosen && (choices[r.itemId]?.packs ?? 0) > 0);
  const supplierCount = new Set(chosen.map((r) => choices[r.itemId]!.supplierId)).size;

  const create = async () => {
    if (chosen.length === 0) return void message.warning(t('purchasing.suggestions.nothingChosen'));
    for (const [i, r] of chosen.entries()) {
      const c = choices[r.itemId]!;
      if (!c.supplierId) return void message.warning(t('purchasing.suggestions.noSupplier', { row: i + 1 }));
      if (parseYuan(c.priceText) === null) return void message.warning(t('purchasing.suggestions.noPrice', { row: i + 1 }));
    }
    setCreating(true);
    try {
      const { orders } = await call('purchaseOrder.createFromSuggestions', {
        storeId: storeId ?? result.data!.storeId,
        lines: chosen.map((r) => {
          const c = choices[r.itemId]!;
          return {
            itemId: r.itemId,
            quantity: (c.packs ?? 0) * r.packFactor,
            supplierId: c.supplierId!,
            priceMicro: parseYuan(c.priceText)!,
          };
        }),
      });
      void message.success(
        t('purchasing.suggestions.created', { count: orders.length, numbers: orders.map((o) => o.number).join('、') }),
        6,
      );
      await navigate({ to: '/orders' });
    } catch (error) {
      void message.error(errorMessage(error, t), 8);
    } finally {
      setCreating(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('purchasing.suggestions.title')}
        subtitle={t('purchasing.suggestions.subtitle', { months, min: minMonths, max: maxMonths })}
        actions={
          <>
            <Typography.Text type="secondary">
              {t('purchasing.suggestions.createHint', { count: chosen.length, suppliers: supplierCount })}
            </Typography.Text>
            <Button
              type="primary"
              icon={<ShoppingCartOutlined />}
              loading={creating}
              onClick={() => void create()}
              data-testid="suggestions-create"
            >
              {t('purchasing.suggestions.create')}
            </Button>
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }} styles={{ body: { padding: '10px 14px' } }}>
        <Flex gap={14} wrap align="center">
          <Flex gap={6} align="center">
            <span>{t('purchasing.suggestions.store')}</span>
            <Select
              style={{ width: 240 }}
              value={storeId ?? result.data?.storeId}
              onChange={ask(setStoreId)}
              options={stores.map((s) => ({ value: s.id, label: s.isCentral ? s.name : `${s.unitName} · ${s.name}` }))}
            />
          </Flex>
          <Flex gap={6} align="center">
            <span>{t('purchasing.suggestions.months')}</span>
            <InputNumber<number>
              min={1}
              max={24}
              precision={0}
              value={months}
              onChange={(v) => v && ask(setMonths)(v)}
              style={{ width: 72 }}
            />
          </Flex>
          <Flex gap={6} align="center">
            <span>{t('purchasing.suggestions.minMonths')}</span>
            <InputNumber<number>
              min={0}
              max={24}
              step={0.5}
              value={minMonths}
              onChange={(v) => v !== null && ask(setMinMonths)(v)}
              style={{ width: 72 }}
            />
          </Flex>
          <Flex gap={6} align="center">
            <span>{t('purchasing.suggestions.maxMonths')}</span>
            <InputNumber<number>
              min={0.5}
              max={36}
              step={0.5}
              value={maxMonths}
              onChange={(v) => v && ask(setMaxMonths)(v)}
              style={{ width: 72 }}
            />
          </Flex>
          <Checkbox checked={all} onChange={(e) => ask(setAll)(e.target.checked)}>
            {t('purchasing.suggestions.showAll')}
          </Checkbox>
          <Button icon={<ReloadOutlined />} onClick={() => void result.refetch()}>
            {t('purchasing.suggestions.refresh')}
          </Button>
        </Flex>
      </Card>
      <Table<SuggestionRow>
        size="small"
        bordered
        rowKey="itemId"
        loading={result.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100, y: 'calc(100vh - 330px)' }}
        data-testid="suggestions-grid"
        rowSelection={{
          selectedRowKeys: rows.filter((r) => choices[r.itemId]?.chosen).map((r) => r.itemId),
          onChange: (keys) =>
            setOverrides((o) => Object.fromEntries(rows.map((r) => [r.itemId, { ...o[r.itemId], chosen: keys.includes(r.itemId) }]))),
        }}
        columns={[
          {
            title: t('purchasing.suggestions.col.item'),
            width: 210,
            fixed: 'left',
            render: (_v, r) => (
              <>
                <strong>{r.genericName}</strong> {r.spec}
                {r.vbp && (
                  <Tag color="cyan" style={{ marginLeft: 6 }}>
                    {t('purchasing.line.vbp')}
                  </Tag>
                )}
                <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                  {r.packFactor > 1 ? `${r.packFactor}${r.baseUnit}/${r.packUnit} · ` : ''}
                  {r.manufacturer}
                </div>
              </>
            ),
          },
          {
            title: t('purchasing.suggestions.col.avgMonthly'),
            align: 'right',
            width: 96,
            // The period's total issues on hover: the average is what the officer compares with stock.
            render: (_v, r) => (
              <span title={`${t('purchasing.suggestions.col.consumed')} ${number(r.consumed, r.baseUnit)}`}>
                {number(r.avgMonthly, r.baseUnit)}
              </span>
            ),
          },
          { title: t('purchasing.suggestions.col.onHand'), align: 'right', width: 80, render: (_v, r) => number(r.onHand, r.baseUnit) },
          { title: t('purchasing.suggestions.col.onOrder'), align: 'right', width: 70, render: (_v, r) => number(r.onOrder, r.baseUnit) },
          {
            title: t('purchasing.suggestions.col.needs'),
            align: 'right',
            width: 76,
            render: (_v, r) =>
              r.needs ? (
                <span title={r.needSources.map((n) => `${n.source}: ${n.quantity}`).join('\n')}>{number(r.needs, r.baseUnit)}</span>
              ) : (
                '—'
              ),
          },
          {
            title: t('purchasing.suggestions.col.monthsOfStock'),
            align: 'right',
            width: 76,
            render: (_v, r) =>
              r.monthsOfStock === null ? (
                '—'
              ) : (
                <Typography.Text type={r.monthsOfStock < minMonths ? 'danger' : undefined}>{r.monthsOfStock}</Typography.Text>
              ),
          },
          {
            title: t('purchasing.suggestions.col.suggested'),
            align: 'right',
            width: 84,
            render: (_v, r) => (
              <>
                <strong>{number(r.suggestedPacks, r.packUnit)}</strong>
                <div style={{ fontSize: 12, color: '#8c8c8c' }}>{number(r.suggested, r.baseUnit)}</div>
              </>
            ),
          },
          {
            title: t('purchasing.suggestions.col.quantity'),
            width: 124,
            render: (_v, r) => {
              const c = choices[r.itemId];
              return (
                <>
                  <InputNumber<number>
                    min={0}
                    precision={0}
                    value={c?.packs ?? null}
                    addonAfter={r.packUnit}
                    onChange={(packs) => set(r.itemId, { packs, chosen: (packs ?? 0) > 0 })}
                    style={{ width: '100%' }}
                    data-testid="suggestion-qty"
                  />
                  {c?.packs != null && r.packFactor > 1 && (
                    <div style={{ fontSize: 12, color: '#595959' }}>
                      {t('purchasing.line.packsEqual', { base: number(c.packs * r.packFactor, r.baseUnit) })}
                    </div>
                  )}
                </>
              );
            },
          },
          {
            title: t('purchasing.suggestions.col.supplier'),
            width: 190,
            render: (_v, r) => (
              <>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  style={{ width: '100%' }}
                  value={choices[r.itemId]?.supplierId ?? undefined}
                  onChange={(supplierId: number) => set(r.itemId, { supplierId })}
                  options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
                />
                <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t(`purchasing.suggestions.source.${r.supplierSource}`)}</div>
              </>
            ),
          },
          {
            title: t('purchasing.suggestions.col.price'),
            width: 104,
            render: (_v, r) => (
              <Input
                value={choices[r.itemId]?.priceText ?? ''}
                onChange={(e) => set(r.itemId, { priceText: e.target.value })}
                suffix={<span style={{ color: '#8c8c8c', fontSize: 12 }}>/{r.packUnit}</span>}
              />
            ),
          },
        ]}
      />
    </>
  );
}
