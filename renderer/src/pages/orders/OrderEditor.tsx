import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Checkbox, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Select, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ORDER_CHANNELS,
  formatPacks,
  formatYuan,
  lineAmountMicro,
  parseYuan,
  type Order,
  type OrderChannel,
  type OrderItemTerms,
  type OpInput,
} from '../../../../core/api/index.js';
import { ApiError, call, type FieldError } from '../../api/client.js';
import { ItemPicker } from '../../components/ItemPicker.js';
import { useReceivingStores, useSupplierOptions } from './orderShared.js';

/** One line being entered: quantity in whole purchase packs, price as typed (yuan per pack). */
export interface EditLine {
  key: string;
  itemId: number | null;
  name: { genericName: string; spec: string; manufacturer: string } | null;
  baseUnit: string;
  /** 24粒/盒 — tells apart two presentations of the same product. */
  packsText: string;
  packUnit: string;
  packFactor: number;
  ceilingMicro: number | null;
  ceilingKind: string | null;
  packQty: number | null;
  priceText: string;
  vbp: boolean;
  priceReason: string;
  memo: string;
}

export interface EditHeader {
  supplierId: number | null;
  storeId: number | null;
  channel: OrderChannel;
  channelReason: string;
  platformProfile: string;
  expectedOn: string;
  note: string;
}

let nextKey = 1;
export const emptyLine = (): EditLine => ({
  key: `l${nextKey++}`,
  itemId: null,
  name: null,
  baseUnit: '',
  packsText: '',
  packUnit: '',
  packFactor: 1,
  ceilingMicro: null,
  ceilingKind: null,
  packQty: null,
  priceText: '',
  vbp: false,
  priceReason: '',
  memo: '',
});

export function linesFromOrder(order: Order): EditLine[] {
  return order.lines.map((l) => ({
    key: `l${nextKey++}`,
    itemId: l.itemId,
    name: { genericName: l.genericName, spec: l.spec, manufacturer: l.manufacturer },
    baseUnit: l.baseUnit,
    packsText: formatPacks(l.baseUnit, l.packs),
    packUnit: l.packUnit,
    packFactor: l.packFactor,
    ceilingMicro: l.ceilingMicro,
    ceilingKind: null,
    packQty: l.packQuantity,
    priceText: formatYuan(l.priceMicro),
    vbp: l.vbp,
    priceReason: l.priceReason,
    memo: l.memo,
  }));
}

export const headerFromOrder = (order: Order): EditHeader => ({
  supplierId: order.supplierId,
  storeId: order.storeId,
  channel: order.channel,
  channelReason: order.channelReason,
  platformProfile: order.platformProfile,
  expectedOn: order.expectedOn ?? '',
  note: order.note,
});

/** The lines to send (those with an item) and, for each, its row in the editor (for the hub's field paths). */
export function orderInput(header: EditHeader, lines: EditLine[]): { input: OpInput<'purchaseOrder.create'>; rows: number[] } {
  const rows: number[] = [];
  const sent = lines.flatMap((l, i) => {
    if (l.itemId === null) return [];
    rows.push(i);
    return [
      {
        itemId: l.itemId,
        quantity: Math.round((l.packQty ?? 0) * l.packFactor),
        priceMicro: parseYuan(l.priceText) ?? -1,
        vbp: l.vbp,
        priceReason: l.priceReason,
        memo: l.memo,
      },
    ];
  });
  return {
    input: {
      supplierId: header.supplierId ?? 0,
      storeId: header.storeId ?? 0,
      channel: header.channel,
      channelReason: header.channelReason,
      platformProfile: header.channel === 'platform' ? header.platformProfile : '',
      expectedOn: header.expectedOn || null,
      note: header.note,
      lines: sent,
    },
    rows,
  };
}

/** The hub's refusals by field: header fields by name, line fields by editor row (`3.priceMicro`). */
export function fieldErrors(error: unknown, rows: number[]): Map<string, string> {
  const map = new Map<string, string>();
  if (!(error instanceof ApiError)) return map;
  for (const f of error.fields as FieldError[]) {
    const m = /^lines\.(\d+)\.(\w+)$/.exec(f.path);
    const key = m ? `${rows[Number(m[1])] ?? m[1]}.${m[2]}` : f.path;
    if (!map.has(key)) map.set(key, f.message);
  }
  return map;
}

const focusById = (id: string) => setTimeout(() => document.getElementById(id)?.focus(), 0);

/**
 * The header and the keyboard-first line grid of a draft order: pick the item by pinyin, Enter goes on to the
 * quantity (whole purchase packs, the base units shown beside it), Enter to the price (prefilled from the
 * current price), Enter to a new line. The hub's refusals are shown on the field they name.
 */
export function OrderEditor({
  header,
  lines,
  onHeader,
  onLines,
  errors,
}: {
  header: EditHeader;
  lines: EditLine[];
  onHeader: (next: EditHeader) => void;
  onLines: (next: EditLine[]) => void;
  errors: Map<string, string>;
}) {
  const { t } = useTranslation();
  const { stores, loading: storesLoading } = useReceivingStores();
  const { suppliers, loading: suppliersLoading } = useSupplierOptions();
  const [termsError, setTermsError] = useState<string | null>(null);
  const supplier = suppliers.find((s) => s.id === header.supplierId);
  const profiles = [...new Set(suppliers.flatMap((s) => s.platformCodes.map((p) => p.profile)))];

  const setLine = (index: number, patch: Partial<EditLine>) => onLines(lines.map((l, i) => (i === index ? { ...l, ...patch } : l)));

  const pickItem = async (
    index: number,
    itemId: number | null,
    hit: { genericName: string; spec: string; manufacturer: string } | null,
  ) => {
    if (itemId === null) {
      setLine(index, { ...emptyLine(), key: lines[index]!.key });
      return;
    }
    const line = lines[index]!;
    let terms: OrderItemTerms | undefined;
    try {
      terms = (
        await call('purchaseOrder.itemTerms', {
          itemIds: [itemId],
          platformProfile: header.channel === 'platform' ? header.platformProfile : '',
        })
      ).terms[0];
      setTermsError(null);
    } catch (error) {
      setTermsError(error instanceof Error ? error.message : String(error));
    }
    const next = {
      ...line,
      itemId,
      name: hit,
      baseUnit: terms?.baseUnit ?? '',
      packsText: terms ? formatPacks(terms.baseUnit, terms.packs) : '',
      packUnit: terms?.packUnit ?? '',
      packFactor: terms?.packFactor ?? 1,
      ceilingMicro: terms?.ceilingMicro ?? null,
      ceilingKind: terms?.ceilingKind ?? null,
      priceText: terms?.priceMicro != null ? formatYuan(terms.priceMicro) : '',
      vbp: terms?.vbp ?? false,
    };
    const updated = lines.map((l, i) => (i === index ? next : l));
    onLines(updated);
    if (header.supplierId === null && terms?.lastSupplierId) onHeader({ ...header, supplierId: terms.lastSupplierId });
    focusById(`po-qty-${line.key}`);
  };

  const nextRow = (index: number) => {
    if (index === lines.length - 1) {
      const added = emptyLine();
      onLines([...lines, added]);
      focusById(`po-item-${added.key}`);
    } else focusById(`po-item-${lines[index + 1]!.key}`);
  };

  const err = (key: string) => errors.get(key);
  const status = (key: string) => (err(key) ? ('error' as const) : undefined);
  const help = (key: string) =>
    err(key) && (
      <div className="tc-field-error" style={{ color: '#cf1322', fontSize: 12, lineHeight: 1.4, marginTop: 2 }}>
        {err(key)}
      </div>
    );
  const total = lines.reduce((sum, l) => {
    const price = parseYuan(l.priceText);
    return l.itemId !== null && price !== null && l.packQty
      ? sum + lineAmountMicro(Math.round(l.packQty * l.packFactor), { priceMicro: price, packFactor: l.packFactor })
      : sum;
  }, 0);

  return (
    <div data-testid="order-editor">
      <Form layout="vertical" component="div">
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item label={t('purchasing.field.supplier')} required validateStatus={status('supplierId')} help={err('supplierId')}>
              <Select
                id="po-supplier"
                showSearch={{ optionFilterProp: 'label' }}
                loading={suppliersLoading}
                value={header.supplierId ?? undefined}
                onChange={(supplierId: number) => {
                  const s = suppliers.find((x) => x.id === supplierId);
                  onHeader({ ...header, supplierId, platformProfile: header.platformProfile || (s?.platformCodes[0]?.profile ?? '') });
                }}
                options={suppliers.map((s) => ({
                  value: s.id,
                  label: s.name,
                  title: s.alertText,
                }))}
                optionRender={(option) => {
                  const s = suppliers.find((x) => x.id === option.value);
                  return (
                    <Flex justify="space-between" gap={8}>
                      <span>{s?.name}</span>
                      {s && s.alert !== 'valid' && <Tag color={s.alert === 'expired' ? 'error' : 'warning'}>{s.alertText}</Tag>}
                    </Flex>
                  );
                }}
                data-testid="po-supplier"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('purchasing.field.store')} required validateStatus={status('storeId')} help={err('storeId')}>
              <Select
                id="po-store"
                loading={storesLoading}
                value={header.storeId ?? undefined}
                onChange={(storeId: number) => onHeader({ ...header, storeId })}
                options={stores.map((s) => ({
                  value: s.id,
                  label: s.isCentral ? `${s.unitName} · ${s.name}` : `${s.unitName} · ${s.name}（${t('purchasing.col.direct')}）`,
                }))}
                data-testid="po-store"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label={t('purchasing.field.channel')} required>
              <Select
                value={header.channel}
                onChange={(channel: OrderChannel) => onHeader({ ...header, channel })}
                options={ORDER_CHANNELS.map((c) => ({ value: c, label: t(`purchasing.channel.${c}`) }))}
                data-testid="po-channel"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label={t('purchasing.field.expectedOn')} validateStatus={status('expectedOn')} help={err('expectedOn')}>
              <DatePicker
                style={{ width: '100%' }}
                value={header.expectedOn ? dayjs(header.expectedOn) : null}
                onChange={(d: Dayjs | null) => onHeader({ ...header, expectedOn: d ? d.format('YYYY-MM-DD') : '' })}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          {header.channel === 'platform' ? (
            <Col span={8}>
              <Form.Item label={t('purchasing.field.platformProfile')} extra={t('purchasing.field.platformProfileHint')}>
                <AutoComplete
                  id="po-platform-profile"
                  value={header.platformProfile}
                  onChange={(platformProfile: string) => onHeader({ ...header, platformProfile })}
                  options={(supplier ? supplier.platformCodes.map((p) => p.profile) : profiles).map((p) => ({ value: p }))}
                  allowClear
                />
              </Form.Item>
            </Col>
          ) : (
            <Col span={8}>
              <Form.Item
                label={t('purchasing.field.channelReason')}
                required
                validateStatus={status('channelReason')}
                help={err('channelReason') ?? t('purchasing.field.channelReasonHint')}
              >
                <Input
                  value={header.channelReason}
                  onChange={(e) => onHeader({ ...header, channelReason: e.target.value })}
                  data-testid="po-channel-reason"
                />
              </Form.Item>
            </Col>
          )}
          <Col span={16}>
            <Form.Item label={t('purchasing.field.note')}>
              <Input value={header.note} onChange={(e) => onHeader({ ...header, note: e.target.value })} />
            </Form.Item>
          </Col>
        </Row>
      </Form>

      <Table<EditLine>
        size="small"
        bordered
        pagination={false}
        rowKey="key"
        dataSource={lines}
        data-testid="po-lines"
        columns={[
          { title: t('purchasing.line.no'), width: 44, align: 'center', render: (_v, _l, i) => i + 1 },
          {
            title: t('purchasing.line.item'),
            render: (_v, line, i) => (
              <>
                <ItemPicker
                  id={`po-item-${line.key}`}
                  value={line.itemId}
                  onChange={(itemId, hit) => void pickItem(i, itemId, hit)}
                  selectedLabel={line.name ? `${line.name.genericName} ${line.name.spec} ${line.name.manufacturer}` : undefined}
                  style={{ minWidth: 280 }}
                />
                {line.packsText && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {line.packsText}
                  </Typography.Text>
                )}
                {help(`${i}.itemId`)}
              </>
            ),
          },
          {
            title: t('purchasing.line.quantity'),
            width: 190,
            render: (_v, line, i) => (
              <>
                <InputNumber<number>
                  id={`po-qty-${line.key}`}
                  min={0}
                  precision={0}
                  value={line.packQty}
                  status={status(`${i}.quantity`)}
                  onChange={(packQty) => setLine(i, { packQty })}
                  onPressEnter={() => focusById(`po-price-${line.key}`)}
                  onFocus={(e) => e.target.select()}
                  addonAfter={line.packUnit || '—'}
                  style={{ width: '100%' }}
                  data-testid="po-qty"
                />
                {line.packQty != null && line.packUnit && line.packFactor > 1 && (
                  <div style={{ fontSize: 12, color: '#595959' }} data-testid="po-qty-base">
                    {t('purchasing.line.packsEqual', { base: `${line.packQty * line.packFactor} ${line.baseUnit}` })}
                  </div>
                )}
                {help(`${i}.quantity`)}
              </>
            ),
          },
          {
            title: t('purchasing.line.price'),
            width: 170,
            render: (_v, line, i) => {
              const price = parseYuan(line.priceText);
              const above = price !== null && line.ceilingMicro !== null && price > line.ceilingMicro;
              return (
                <>
                  <Input
                    id={`po-price-${line.key}`}
                    value={line.priceText}
                    status={status(`${i}.priceMicro`)}
                    onChange={(e) => setLine(i, { priceText: e.target.value })}
                    onFocus={(e) => e.target.select()}
                    onPressEnter={() => (above && !line.priceReason ? focusById(`po-reason-${line.key}`) : nextRow(i))}
                    suffix={
                      <span style={{ color: '#8c8c8c', fontSize: 12 }}>
                        {line.packUnit ? t('purchasing.line.perPack', { unit: line.packUnit }) : ''}
                      </span>
                    }
                    placeholder={line.itemId !== null && !line.priceText ? t('purchasing.line.noPrice') : undefined}
                    data-testid="po-price"
                  />
                  {(above || line.priceReason || err(`${i}.priceMicro`)) && (
                    <Input
                      id={`po-reason-${line.key}`}
                      size="small"
                      style={{ marginTop: 4 }}
                      value={line.priceReason}
                      placeholder={t('purchasing.line.priceReason')}
                      onChange={(e) => setLine(i, { priceReason: e.target.value })}
                      onPressEnter={() => nextRow(i)}
                      data-testid="po-price-reason"
                    />
                  )}
                  {above && !err(`${i}.priceMicro`) && (
                    <div style={{ fontSize: 12, color: '#d46b08' }}>
                      {t('purchasing.line.priceReasonNeeded', {
                        kind: line.ceilingKind === 'limit' ? '限价' : '挂网价',
                        ceiling: formatYuan(line.ceilingMicro!),
                      })}
                    </div>
                  )}
                  {help(`${i}.priceMicro`)}
                </>
              );
            },
          },
          {
            title: t('purchasing.line.amount'),
            width: 110,
            align: 'right',
            render: (_v, line) => {
              const price = parseYuan(line.priceText);
              return price !== null && line.packQty ? (
                <span className="mono">
                  {formatYuan(
                    lineAmountMicro(Math.round(line.packQty * line.packFactor), { priceMicro: price, packFactor: line.packFactor }),
                  )}
                </span>
              ) : (
                ''
              );
            },
          },
          {
            title: t('purchasing.line.vbp'),
            width: 56,
            align: 'center',
            render: (_v, line, i) => <Checkbox checked={line.vbp} onChange={(e) => setLine(i, { vbp: e.target.checked })} />,
          },
          {
            title: t('purchasing.line.memo'),
            width: 150,
            render: (_v, line, i) => (
              <Input value={line.memo} onChange={(e) => setLine(i, { memo: e.target.value })} onPressEnter={() => nextRow(i)} />
            ),
          },
          {
            title: '',
            width: 44,
            render: (_v, _line, i) => (
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('purchasing.line.remove')}
                onClick={() => onLines(lines.length > 1 ? lines.filter((_, j) => j !== i) : [emptyLine()])}
              />
            ),
          },
        ]}
        footer={() => (
          <Flex justify="space-between" align="center">
            <Flex gap={12} align="center">
              <Button
                icon={<PlusOutlined />}
                onClick={() => {
                  const added = emptyLine();
                  onLines([...lines, added]);
                  focusById(`po-item-${added.key}`);
                }}
              >
                {t('purchasing.line.add')}
              </Button>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('purchasing.line.keyboardHint')}
              </Typography.Text>
              {termsError && <Typography.Text type="danger">{termsError}</Typography.Text>}
            </Flex>
            <Typography.Text strong data-testid="po-total">
              {t('purchasing.total', { count: lines.filter((l) => l.itemId !== null).length, amount: formatYuan(total) })}
            </Typography.Text>
          </Flex>
        )}
      />
    </div>
  );
}
