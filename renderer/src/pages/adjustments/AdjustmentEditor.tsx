import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Flex, Form, Input, InputNumber, Row, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  formatYuan,
  parseYuan,
  type Adjustment,
  type AdjustmentBatch,
  type AdjustmentKind,
  type OpInput,
} from '../../../../core/api/index.js';
import { ApiError, type FieldError } from '../../api/client.js';
import { useOp } from '../../api/hooks.js';
import { ItemPicker } from '../../components/ItemPicker.js';
import { BatchStatusTag } from './adjustmentShared.js';

/** One line as the editor holds it; `key` keeps rows stable while lines are added and removed. */
export interface EditLine {
  key: number;
  itemId: number | null;
  itemLabel: string;
  batchId: number | null;
  batchNo: string;
  expiry: string;
  costYuan: string;
  quantity: number | null;
  reason: string;
}

export interface EditHeader {
  kind: AdjustmentKind;
  storeId: number | null;
  reason: string;
  note: string;
}

let nextKey = 1;
export const emptyLine = (): EditLine => ({ key: nextKey++, itemId: null, itemLabel: '', batchId: null, batchNo: '', expiry: '', costYuan: '', quantity: null, reason: '' });

export function linesFrom(doc: Adjustment): EditLine[] {
  return doc.lines.map((l) => ({
    key: nextKey++,
    itemId: l.itemId,
    itemLabel: `${l.itemName} ${l.spec} ${l.manufacturer}`,
    batchId: l.batchId,
    batchNo: l.batchNo,
    expiry: l.expiry ?? '',
    costYuan: l.batchId === null && l.costMicro !== null ? formatYuan(l.costMicro) : '',
    quantity: l.quantity,
    reason: l.reason,
  }));
}

/** The operation's lines from the editor's: a batch for the out kinds, a new batch as printed for 其他入库. */
export function linesInput(kind: AdjustmentKind, lines: EditLine[]): NonNullable<OpInput<'stockAdjustment.create'>>['lines'] {
  return lines.map((l) =>
    kind === 'other_in'
      ? { itemId: l.itemId ?? 0, batchId: null, batchNo: l.batchNo, expiry: l.expiry, costMicro: l.costYuan.trim() ? (parseYuan(l.costYuan) ?? -1) : null, quantity: l.quantity ?? 0, reason: l.reason }
      : { itemId: l.itemId ?? 0, batchId: l.batchId, quantity: l.quantity ?? 0, reason: l.reason },
  );
}

/** The hub's field errors keyed by `<line key>.<field>` (or the path for header fields). */
export function fieldErrors(error: unknown, lines: EditLine[]): Map<string, string> {
  const map = new Map<string, string>();
  if (!(error instanceof ApiError)) return map;
  for (const f of error.fields as FieldError[]) {
    const m = /^lines\.(\d+)\.(\w+)$/.exec(f.path);
    const key = m ? `${lines[Number(m[1])]?.key ?? m[1]}.${m[2]}` : f.path;
    if (!map.has(key)) map.set(key, f.message);
  }
  return map;
}

function batchLabel(b: AdjustmentBatch): string {
  return `${b.itemName} ${b.spec} · 批号 ${b.batchNo} · 效期 ${b.expiry} · 可用 ${b.available}${b.baseUnit}${b.supplierName ? ` · ${b.supplierName}` : ''}`;
}

const ErrorText = ({ text }: { text: string | undefined }) =>
  text ? (
    <Typography.Text type="danger" style={{ fontSize: 12, display: 'block', lineHeight: 1.4 }}>
      {text}
    </Typography.Text>
  ) : null;

/**
 * The header and lines of a draft 退货/报损/其他出入库单. Out kinds pick batches on hand in the store (earliest
 * expiry first, with status and supplier); 其他入库 takes the item and the batch as printed.
 */
export function AdjustmentEditor({
  header,
  onHeader,
  lines,
  onLines,
  errors,
  stores,
  storeFixed,
}: {
  header: EditHeader;
  onHeader: (h: EditHeader) => void;
  lines: EditLine[];
  onLines: (l: EditLine[]) => void;
  errors: Map<string, string>;
  stores: { id: number; name: string; unitName: string }[];
  storeFixed: boolean;
}) {
  const { t } = useTranslation();
  const inward = header.kind === 'other_in';
  const batches = useOp('stockAdjustment.batches', { storeId: header.storeId ?? 0 }, { enabled: header.storeId !== null && !inward });
  const options = batches.data?.batches ?? [];
  const byId = new Map(options.map((b) => [b.batchId, b]));
  const set = (key: number, patch: Partial<EditLine>) => onLines(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const err = (key: number, field: string) => errors.get(`${key}.${field}`);
  const supplierNames = [...new Set(lines.map((l) => (l.batchId ? byId.get(l.batchId)?.supplierName : null)).filter(Boolean))];

  const outColumns = [
    {
      title: t('adjustments.batch'),
      key: 'batch',
      render: (_: unknown, l: EditLine) => (
        <>
          <Select<number>
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: '100%' }}
            status={err(l.key, 'batchId') || err(l.key, 'itemId') ? 'error' : undefined}
            placeholder={header.storeId ? t('adjustments.pickBatch') : t('adjustments.pickStoreFirst')}
            disabled={!header.storeId}
            loading={batches.isFetching}
            notFoundContent={t('adjustments.noBatches')}
            value={l.batchId ?? undefined}
            onChange={(batchId) => {
              const b = byId.get(batchId);
              set(l.key, { batchId, itemId: b?.itemId ?? null, itemLabel: b ? `${b.itemName} ${b.spec}` : '' });
            }}
            options={options.map((b) => ({
              value: b.batchId,
              label: batchLabel(b),
              render: b,
            }))}
            optionRender={(o) => {
              const b = o.data.render as AdjustmentBatch;
              return (
                <Flex justify="space-between" gap={8}>
                  <span>
                    {b.itemName} <Typography.Text type="secondary">{b.spec}</Typography.Text> · 批号 <span className="mono">{b.batchNo}</span> · 效期 {b.expiry}{' '}
                    <BatchStatusTag status={b.status} />
                  </span>
                  <Typography.Text type="secondary">
                    {t('adjustments.available')} {b.available}
                    {b.baseUnit}
                    {b.supplierName ? ` · ${b.supplierName}` : ''}
                  </Typography.Text>
                </Flex>
              );
            }}
            labelRender={(o) => {
              const b = byId.get(o.value as number);
              if (!b) return l.itemLabel ? `${l.itemLabel} · 批号 ${l.batchNo}` : o.label;
              return batchLabel(b);
            }}
          />
          <ErrorText text={err(l.key, 'batchId') ?? err(l.key, 'itemId')} />
        </>
      ),
    },
  ];
  const inColumns = [
    {
      title: t('adjustments.item'),
      key: 'item',
      render: (_: unknown, l: EditLine) => (
        <>
          <ItemPicker value={l.itemId} selectedLabel={l.itemLabel} onChange={(itemId, hit) => set(l.key, { itemId, itemLabel: hit ? `${hit.genericName} ${hit.spec}` : '' })} />
          <ErrorText text={err(l.key, 'itemId')} />
        </>
      ),
    },
    {
      title: t('adjustments.batchNo'),
      key: 'batchNo',
      width: 130,
      render: (_: unknown, l: EditLine) => (
        <>
          <Input className="mono" value={l.batchNo} status={err(l.key, 'batchNo') ? 'error' : undefined} onChange={(e) => set(l.key, { batchNo: e.target.value })} />
          <ErrorText text={err(l.key, 'batchNo')} />
        </>
      ),
    },
    {
      title: t('adjustments.expiry'),
      key: 'expiry',
      width: 140,
      render: (_: unknown, l: EditLine) => (
        <>
          <Input value={l.expiry} placeholder={t('adjustments.expiryPlaceholder')} status={err(l.key, 'expiry') ? 'error' : undefined} onChange={(e) => set(l.key, { expiry: e.target.value })} />
          <ErrorText text={err(l.key, 'expiry')} />
        </>
      ),
    },
    {
      title: t('adjustments.cost'),
      key: 'cost',
      width: 150,
      render: (_: unknown, l: EditLine) => (
        <>
          <Input value={l.costYuan} inputMode="decimal" status={err(l.key, 'costMicro') ? 'error' : undefined} onChange={(e) => set(l.key, { costYuan: e.target.value })} />
          <ErrorText text={err(l.key, 'costMicro')} />
        </>
      ),
    },
  ];
  const common = [
    {
      title: t('adjustments.quantity'),
      key: 'quantity',
      width: 140,
      render: (_: unknown, l: EditLine) => {
        const b = l.batchId ? byId.get(l.batchId) : undefined;
        return (
          <>
            <InputNumber<number>
              min={1}
              precision={0}
              style={{ width: '100%' }}
              value={l.quantity}
              status={err(l.key, 'quantity') ? 'error' : undefined}
              onChange={(quantity) => set(l.key, { quantity })}
              suffix={b?.baseUnit}
            />
            <ErrorText text={err(l.key, 'quantity')} />
          </>
        );
      },
    },
    {
      title: t('adjustments.lineReason'),
      key: 'reason',
      width: 150,
      render: (_: unknown, l: EditLine) => <Input value={l.reason} onChange={(e) => set(l.key, { reason: e.target.value })} />,
    },
    {
      key: 'remove',
      width: 44,
      render: (_: unknown, l: EditLine) => (
        <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('adjustments.removeLine')} disabled={lines.length === 1} onClick={() => onLines(lines.filter((x) => x.key !== l.key))} />
      ),
    },
  ];

  return (
    <>
      <Form layout="vertical" component="div">
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item label={t('adjustments.store')} validateStatus={errors.get('storeId') ? 'error' : undefined} help={errors.get('storeId')}>
              <Select<number>
                disabled={storeFixed}
                value={header.storeId ?? undefined}
                onChange={(storeId) => {
                  onHeader({ ...header, storeId });
                  onLines([emptyLine()]);
                }}
                showSearch={{ optionFilterProp: 'label' }}
                options={stores.map((s) => ({ value: s.id, label: `${s.unitName} · ${s.name}` }))}
                data-testid="adjustment-store"
              />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label={t('adjustments.reason')} validateStatus={errors.get('reason') ? 'error' : undefined} help={errors.get('reason')}>
              <Input value={header.reason} placeholder={t('adjustments.reasonPlaceholder')} onChange={(e) => onHeader({ ...header, reason: e.target.value })} data-testid="adjustment-reason" />
            </Form.Item>
          </Col>
          {header.kind === 'return' && (
            <Col span={24}>
              <Form.Item label={t('adjustments.supplier')} validateStatus={errors.get('supplierId') ? 'error' : undefined} help={errors.get('supplierId') ?? t('adjustments.supplierAuto')}>
                <Input readOnly value={supplierNames.join('、')} />
              </Form.Item>
            </Col>
          )}
          <Col span={24}>
            <Form.Item label={t('adjustments.note')}>
              <Input value={header.note} onChange={(e) => onHeader({ ...header, note: e.target.value })} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {errors.get('lines') && <Alert type="error" showIcon message={errors.get('lines')} style={{ marginBottom: 8 }} />}
      <Table<EditLine>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={lines}
        columns={[...(inward ? inColumns : outColumns), ...common]}
        data-testid="adjustment-lines"
      />
      <Button icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => onLines([...lines, emptyLine()])}>
        {t('adjustments.addLine')}
      </Button>
    </>
  );
}
