import { BarcodeOutlined, DeleteOutlined, PlusOutlined, SplitCellsOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Flex, Form, Input, InputNumber, Modal, Row, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, lineAmountMicro, parseYuan, type ReceivingItem } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { useOp } from '../../api/hooks.js';
import { ItemPicker } from '../../components/ItemPicker.js';
import { useReceivingStores, useSupplierOptions } from '../orders/orderShared.js';
import { baseOf, codeErrors, emptyLine, expectedCodes, formatPackQty, lineItemOf, placeScan, type EditHeader, type EditLine } from './receiptShared.js';

const focusById = (id: string) => setTimeout(() => document.getElementById(id)?.focus(), 0);
export const SCAN_ID = 'rk-scan';
/** Puts the cursor back in the scan box (after a drawer opens, a modal closes). */
export const focusScan = () => focusById(SCAN_ID);

type Notice = { type: 'success' | 'warning' | 'error' | 'info'; text: string };

/**
 * The header and the scanner-first line grid of a draft receipt. The scan box keeps the focus: a barcode scanner
 * "types" a 20-digit 追溯码 or a GS1 UDI and Enter, and it lands on the right line (core/api/scan.ts, as the hub
 * reads it); batch, expiry, quantity and price are keyed in with Enter moving on. The hub's refusals are shown on
 * the line and field they name (`lines.3.traceCodes.7`).
 */
export function ReceiptEditor({
  header,
  lines,
  onHeader,
  onLines,
  errors,
  fixedOrder,
  orderProgress,
}: {
  header: EditHeader;
  lines: EditLine[];
  onHeader: (next: EditHeader) => void;
  onLines: (next: EditLine[]) => void;
  errors: Map<string, string>;
  /** Received against an order: supplier and store come from it. */
  fixedOrder: boolean;
  /** The order's lines as they stand (a saved draft's hint under the quantity), by order line id. */
  orderProgress?: ReadonlyMap<number, { ordered: number; received: number; outstanding: number }>;
}) {
  const { t } = useTranslation();
  const { stores } = useReceivingStores();
  const { suppliers } = useSupplierOptions();
  const inspectors = useOp('receipt.inspectors', { storeId: header.storeId ?? 0 }, { enabled: header.storeId !== null });
  const [selected, setSelected] = useState<number | null>(null);
  const [scan, setScan] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [codesRow, setCodesRow] = useState<number | null>(null);

  useEffect(() => {
    focusById(SCAN_ID);
  }, []);

  const progressOf = (line: EditLine) => line.ordered ?? (line.orderLineId !== null ? orderProgress?.get(line.orderLineId) : undefined);
  const setLine = (index: number, patch: Partial<EditLine>) => onLines(lines.map((l, i) => (i === index ? { ...l, ...patch } : l)));
  const err = (key: string) => errors.get(key);
  const status = (key: string) => (err(key) ? ('error' as const) : undefined);
  const help = (key: string) =>
    err(key) && (
      <div className="tc-field-error" style={{ color: '#cf1322', fontSize: 12, lineHeight: 1.4, marginTop: 2 }} data-testid="rk-field-error">
        {err(key)}
      </div>
    );

  const addItemLine = (item: ReceivingItem, patch: Partial<EditLine> = {}) => {
    const line = emptyLine(lineItemOf(item), { priceText: item.priceMicro !== null ? formatYuan(item.priceMicro) : '', ...patch });
    const current = lines.filter((l) => l.item !== null);
    onLines([...current, line]);
    return current.length;
  };

  const onScan = async () => {
    const raw = scan;
    setScan('');
    if (!raw.trim()) return;
    const outcome = placeScan(raw, lines, selected);
    if (outcome.kind === 'problem') {
      // A trace code of an item not on the receipt yet: find the item by its 药品标识码 and add its line.
      if (outcome.messageKey === 'receiving.scan.noLine' && !fixedOrder) {
        const prefix = String(outcome.values?.prefix ?? '');
        const { items } = await call('receipt.items', { tracePrefix: prefix });
        if (items[0]) {
          const row = addItemLine(items[0], { traceCodes: [raw.trim()] });
          setSelected(row);
          setNotice({ type: 'success', text: t('receiving.scan.udiAdded', { name: `${items[0].genericName} ${items[0].spec}` }) });
          return;
        }
      }
      setNotice({ type: 'error', text: outcome.messageKey ? t(outcome.messageKey, outcome.values) : outcome.message });
      return;
    }
    if (outcome.kind === 'needItem') {
      const { items } = await call('receipt.items', { gtin: outcome.gtin });
      const item = items[0];
      if (!item) {
        setNotice({ type: 'error', text: t('receiving.scan.udiNoItem', { gtin: outcome.gtin }) });
        return;
      }
      const row = addItemLine(item, { batchNo: outcome.batch ?? '', productionDate: outcome.production ?? '', expiry: outcome.expiry ?? '' });
      setSelected(row);
      setNotice({ type: 'success', text: t('receiving.scan.udiAdded', { name: `${item.genericName} ${item.spec}` }) });
      focusById(`rk-qty-${lines[row]?.key ?? ''}`);
      return;
    }
    onLines(outcome.lines);
    setSelected(outcome.row);
    if (outcome.kind === 'code') setNotice({ type: 'success', text: t('receiving.scan.added', { code: outcome.code, line: outcome.row + 1 }) });
    else
      setNotice({
        type: 'success',
        text: outcome.added
          ? t('receiving.scan.udiNewBatch', { batch: outcome.batch, line: outcome.row + 1 })
          : t('receiving.scan.udiFilled', { line: outcome.row + 1, batch: outcome.batch, expiry: outcome.expiry }),
      });
  };

  const pickItem = async (index: number, itemId: number | null) => {
    if (itemId === null) return setLine(index, { item: null });
    const { items } = await call('receipt.items', { itemIds: [itemId] });
    const item = items[0];
    if (!item) return;
    const fresh = emptyLine(lineItemOf(item), { key: lines[index]!.key, priceText: item.priceMicro !== null ? formatYuan(item.priceMicro) : '' });
    onLines(lines.map((l, i) => (i === index ? fresh : l)));
    focusById(`rk-batch-${fresh.key}`);
  };

  const nextRow = (index: number) => {
    if (index < lines.length - 1) focusById(`rk-batch-${lines[index + 1]!.key}`);
    else focusById(SCAN_ID);
  };

  const splitBatch = (index: number) => {
    const model = lines[index]!;
    const copy = emptyLine(model.item, {
      orderLineId: model.orderLineId,
      ordered: model.ordered,
      packUnit: model.packUnit,
      packFactor: model.packFactor,
      priceText: model.priceText,
      deliveryNoteNo: model.deliveryNoteNo,
      distributorInvoiceNo: model.distributorInvoiceNo,
      manufacturerInvoiceNo: model.manufacturerInvoiceNo,
      arrivalTemp: model.arrivalTemp,
    });
    onLines([...lines.slice(0, index + 1), copy, ...lines.slice(index + 1)]);
    focusById(`rk-batch-${copy.key}`);
  };

  const total = lines.reduce((sum, l) => {
    const price = parseYuan(l.priceText);
    return l.item && price !== null && l.acceptedPacks ? sum + lineAmountMicro(baseOf(l.acceptedPacks, l.packFactor), { priceMicro: price, packFactor: l.packFactor }) : sum;
  }, 0);
  const headerErrors = ['supplierId', 'storeId', 'orderId', 'unplannedReason', 'arrivedOn'].filter((k) => err(k));
  const codesLine = codesRow !== null ? lines[codesRow] : undefined;

  return (
    <div data-testid="receipt-editor">
      <Form layout="vertical" component="div">
        <Row gutter={16}>
          <Col span={7}>
            <Form.Item label={t('receiving.field.supplier')} required validateStatus={status('supplierId')} help={err('supplierId')}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                disabled={fixedOrder}
                value={header.supplierId ?? undefined}
                onChange={(supplierId: number) => onHeader({ ...header, supplierId })}
                options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
                optionRender={(option) => {
                  const s = suppliers.find((x) => x.id === option.value);
                  return (
                    <Flex justify="space-between" gap={8}>
                      <span>{s?.name}</span>
                      {s && s.alert !== 'valid' && <Tag color={s.alert === 'expired' ? 'error' : 'warning'}>{s.alertText}</Tag>}
                    </Flex>
                  );
                }}
                data-testid="rk-supplier"
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('receiving.field.store')} required validateStatus={status('storeId')} help={err('storeId')}>
              <Select
                disabled={fixedOrder}
                value={header.storeId ?? undefined}
                onChange={(storeId: number) => onHeader({ ...header, storeId })}
                options={stores.map((s) => ({ value: s.id, label: s.isCentral ? s.name : `${s.unitName} · ${s.name}` }))}
                data-testid="rk-store"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label={t('receiving.field.arrivedOn')} validateStatus={status('arrivedOn')} help={err('arrivedOn')}>
              <Input type="date" value={header.arrivedOn} onChange={(e) => onHeader({ ...header, arrivedOn: e.target.value })} />
            </Form.Item>
          </Col>
          <Col span={7}>
            {header.orderId ? (
              <Form.Item label={t('receiving.field.order')} validateStatus={status('orderId')} help={err('orderId')}>
                <Input value={header.orderNumber ?? ''} readOnly data-testid="rk-order" />
              </Form.Item>
            ) : (
              <Form.Item
                label={t('receiving.field.unplannedReason')}
                required
                validateStatus={status('unplannedReason')}
                help={err('unplannedReason') ?? t('receiving.field.unplannedReasonHint')}
              >
                <Input value={header.unplannedReason} onChange={(e) => onHeader({ ...header, unplannedReason: e.target.value })} data-testid="rk-unplanned" />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Row gutter={16}>
          {(['deliveryNoteNo', 'distributorInvoiceNo', 'manufacturerInvoiceNo'] as const).map((field) => {
            const values = [...new Set(lines.filter((l) => l.item).map((l) => l[field]))];
            const label = t(`receiving.line.${field === 'deliveryNoteNo' ? 'deliveryNote' : field === 'distributorInvoiceNo' ? 'distributorInvoice' : 'manufacturerInvoice'}`);
            return (
              <Col span={field === 'deliveryNoteNo' ? 6 : 7} key={field}>
                <Form.Item label={label}>
                  <Input
                    value={values.length === 1 ? values[0] : ''}
                    placeholder={values.length > 1 ? t('receiving.field.differs') : t('receiving.field.allLines')}
                    onChange={(e) => onLines(lines.map((l) => ({ ...l, [field]: e.target.value })))}
                    data-testid={`rk-${field}`}
                  />
                </Form.Item>
              </Col>
            );
          })}
          <Col span={4}>
            <Form.Item label={t('receiving.field.note')}>
              <Input value={header.note} onChange={(e) => onHeader({ ...header, note: e.target.value })} />
            </Form.Item>
          </Col>
        </Row>
      </Form>

      <div className="rk-scanbar" style={{ background: '#f0f5ff', border: '1px solid #adc6ff', borderRadius: 6, padding: '10px 12px', marginBottom: 12 }}>
        <Flex gap={12} align="center">
          <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
            <BarcodeOutlined /> {t('receiving.scan.label')}
          </Typography.Text>
          <Input
            id={SCAN_ID}
            value={scan}
            onChange={(e) => setScan(e.target.value)}
            onPressEnter={() => void onScan()}
            placeholder={t('receiving.scan.placeholder')}
            autoComplete="off"
            style={{ fontFamily: 'monospace', maxWidth: 560 }}
            data-testid="rk-scan"
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {selected !== null && lines[selected]?.item ? t('receiving.scan.selected', { line: selected + 1 }) : t('receiving.scan.hint')}
          </Typography.Text>
        </Flex>
        {notice && (
          <div style={{ marginTop: 6, fontSize: 13, color: notice.type === 'error' ? '#cf1322' : notice.type === 'warning' ? '#d46b08' : '#389e0d' }} data-testid="rk-scan-notice">
            {notice.text}
          </div>
        )}
      </div>

      {headerErrors.length === 0 && err('lines') && <Alert type="error" showIcon message={err('lines')} style={{ marginBottom: 8 }} />}

      <Table<EditLine>
        size="small"
        bordered
        pagination={false}
        rowKey="key"
        dataSource={lines}
        data-testid="rk-lines"
        scroll={{ x: 1080 }}
        rowClassName={(_l, i) => (i === selected ? 'tc-row-selected' : '')}
        onRow={(_l, i) => ({ onClick: () => setSelected(i ?? null) })}
        columns={[
          { title: t('receiving.line.no'), width: 40, align: 'center', fixed: 'left', render: (_v, _l, i) => i + 1 },
          {
            title: t('receiving.line.item'),
            width: 200,
            fixed: 'left',
            render: (_v, line, i) => (
              <>
                {line.item ? (
                  <div>
                    <Typography.Text strong>{line.item.genericName}</Typography.Text> <span>{line.item.spec}</span>
                    <div style={{ fontSize: 12, color: '#595959' }}>{line.item.manufacturer}</div>
                  </div>
                ) : (
                  <ItemPicker
                    id={`rk-item-${line.key}`}
                    value={null}
                    onChange={(itemId) => void pickItem(i, itemId)}
                    style={{ width: '100%' }}
                  />
                )}
                {line.item && (
                  <Flex gap={4} wrap style={{ marginTop: 2 }}>
                    {line.item.coldChain && <Tag color="cyan">{t('receiving.line.coldChain')}</Tag>}
                    {(line.item.controlledClass === 'narcotic' || line.item.controlledClass === 'psychotropic1') && <Tag color="magenta">{t('receiving.line.controlled')}</Tag>}
                    {line.item.tracePack && <Tag>{t('receiving.line.tracedPerBox', { pack: line.item.tracePack })}</Tag>}
                  </Flex>
                )}
                {help(`${i}.itemId`)}
                {help(`${i}.orderLineId`)}
              </>
            ),
          },
          {
            title: t('receiving.line.batch'),
            width: 130,
            render: (_v, line, i) => (
              <>
                <Input
                  id={`rk-batch-${line.key}`}
                  value={line.batchNo}
                  status={status(`${i}.batchNo`)}
                  onChange={(e) => setLine(i, { batchNo: e.target.value })}
                  onPressEnter={() => focusById(`rk-expiry-${line.key}`)}
                  data-testid="rk-batch"
                />
                <Input
                  size="small"
                  style={{ marginTop: 4 }}
                  value={line.productionDate}
                  placeholder={t('receiving.line.production')}
                  status={status(`${i}.productionDate`)}
                  onChange={(e) => setLine(i, { productionDate: e.target.value })}
                  data-testid="rk-production"
                />
                {help(`${i}.batchNo`)}
                {help(`${i}.productionDate`)}
              </>
            ),
          },
          {
            title: t('receiving.line.expiry'),
            width: 118,
            render: (_v, line, i) => (
              <>
                <Tooltip title={t('receiving.line.expiryHint')}>
                  <Input
                    id={`rk-expiry-${line.key}`}
                    value={line.expiry}
                    status={status(`${i}.expiry`)}
                    onChange={(e) => setLine(i, { expiry: e.target.value })}
                    onPressEnter={() => focusById(`rk-qty-${line.key}`)}
                    placeholder="2027-09"
                    data-testid="rk-expiry"
                  />
                </Tooltip>
                {line.shortExpiryReason && (
                  <div style={{ fontSize: 12, color: '#d46b08' }}>
                    {t('receiving.line.shortExpiry')}：{line.shortExpiryReason}
                  </div>
                )}
                {help(`${i}.expiry`)}
                {help(`${i}.shortExpiryReason`)}
              </>
            ),
          },
          {
            title: t('receiving.line.accepted'),
            width: 160,
            render: (_v, line, i) => (
              <>
                <InputNumber<number>
                  id={`rk-qty-${line.key}`}
                  min={0}
                  value={line.acceptedPacks}
                  status={status(`${i}.quantity`)}
                  onChange={(acceptedPacks) => setLine(i, { acceptedPacks })}
                  onPressEnter={() => focusById(`rk-price-${line.key}`)}
                  addonAfter={line.packUnit || '—'}
                  style={{ width: '100%' }}
                  data-testid="rk-qty"
                />
                {line.acceptedPacks != null && line.item && line.packFactor > 1 && (
                  <div style={{ fontSize: 12, color: '#595959' }}>{t('receiving.line.packsEqual', { base: `${baseOf(line.acceptedPacks, line.packFactor)} ${line.item.baseUnit}` })}</div>
                )}
                {progressOf(line) && (
                  <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                    {t('receiving.line.ordered', {
                      ordered: formatPackQty(progressOf(line)!.ordered, line.packFactor, line.packUnit, line.item?.baseUnit ?? ''),
                      received: formatPackQty(progressOf(line)!.received, line.packFactor, line.packUnit, line.item?.baseUnit ?? ''),
                      outstanding: formatPackQty(progressOf(line)!.outstanding, line.packFactor, line.packUnit, line.item?.baseUnit ?? ''),
                    })}
                  </div>
                )}
                <Flex gap={4} style={{ marginTop: 4 }}>
                  <InputNumber<number>
                    size="small"
                    min={0}
                    value={line.rejectedPacks}
                    placeholder={t('receiving.line.rejected')}
                    onChange={(rejectedPacks) => setLine(i, { rejectedPacks })}
                    style={{ width: 72 }}
                    data-testid="rk-rejected"
                  />
                  {(line.rejectedPacks ?? 0) > 0 && (
                    <Input size="small" value={line.rejectReason} placeholder={t('receiving.line.rejectReason')} status={status(`${i}.rejectReason`)} onChange={(e) => setLine(i, { rejectReason: e.target.value })} />
                  )}
                </Flex>
                {help(`${i}.quantity`)}
                {help(`${i}.arrivedQuantity`)}
                {help(`${i}.rejectReason`)}
              </>
            ),
          },
          {
            title: t('receiving.line.price'),
            width: 124,
            render: (_v, line, i) => (
              <>
                <Input
                  id={`rk-price-${line.key}`}
                  value={line.priceText}
                  status={status(`${i}.priceMicro`)}
                  onChange={(e) => setLine(i, { priceText: e.target.value })}
                  onPressEnter={() => nextRow(i)}
                  suffix={<span style={{ color: '#8c8c8c', fontSize: 12 }}>{line.packUnit ? t('receiving.line.perPack', { unit: line.packUnit }) : ''}</span>}
                  data-testid="rk-price"
                />
                <LineAmount line={line} />
                {help(`${i}.priceMicro`)}
                {help(`${i}.packUnit`)}
              </>
            ),
          },
          {
            title: t('receiving.line.codes'),
            width: 104,
            render: (_v, line, i) => {
              const need = expectedCodes(line);
              const bad = codeErrors(errors, i).size;
              const complete = need === 0 || line.traceCodes.length === need;
              return (
                <>
                  <Button
                    size="small"
                    danger={bad > 0 || Boolean(err(`${i}.traceCodes`))}
                    type={complete ? 'default' : 'dashed'}
                    onClick={(e) => {
                      e.stopPropagation();
                      setCodesRow(i);
                    }}
                    data-testid="rk-codes"
                  >
                    {need > 0 ? t('receiving.line.codesNeeded', { count: line.traceCodes.length, need }) : t('receiving.line.codesCount', { count: line.traceCodes.length })}
                  </Button>
                  {help(`${i}.traceCodes`)}
                  {bad > 0 && <div style={{ color: '#cf1322', fontSize: 12 }}>{[...codeErrors(errors, i).values()][0]}</div>}
                </>
              );
            },
          },
          {
            title: `${t('receiving.line.temp')} / ${t('receiving.line.secondInspector')}`,
            width: 140,
            render: (_v, line, i) => (
              <>
                {line.item?.coldChain && (
                  <>
                    <InputNumber<number>
                      size="small"
                      step={0.1}
                      value={line.arrivalTemp}
                      status={status(`${i}.arrivalTemp`)}
                      onChange={(arrivalTemp) => setLine(i, { arrivalTemp })}
                      addonAfter="°C"
                      style={{ width: '100%' }}
                      data-testid="rk-temp"
                    />
                    <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                      {t('receiving.line.tempRange', { min: line.item.storageTempMin ?? '', max: line.item.storageTempMax ?? '' })}
                    </div>
                  </>
                )}
                {(line.item?.controlledClass === 'narcotic' || line.item?.controlledClass === 'psychotropic1') && (
                  <Select
                    size="small"
                    style={{ width: '100%', marginTop: 4 }}
                    placeholder={t('receiving.line.secondInspector')}
                    value={line.secondInspectorUserId ?? undefined}
                    status={status(`${i}.secondInspectorUserId`)}
                    onChange={(secondInspectorUserId: number) => setLine(i, { secondInspectorUserId })}
                    options={(inspectors.data?.users ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
                    data-testid="rk-second"
                  />
                )}
                {help(`${i}.arrivalTemp`)}
                {help(`${i}.secondInspectorUserId`)}
              </>
            ),
          },
          {
            title: '',
            width: 72,
            fixed: 'right',
            render: (_v, line, i) => (
              <Flex gap={2}>
                {line.item && (
                  <Tooltip title={t('receiving.line.addBatch')}>
                    <Button type="text" icon={<SplitCellsOutlined />} aria-label={t('receiving.line.addBatch')} onClick={() => splitBatch(i)} />
                  </Tooltip>
                )}
                <Tooltip title={t('receiving.line.remove')}>
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('receiving.line.remove')} onClick={() => onLines(lines.filter((_, j) => j !== i))} />
                </Tooltip>
              </Flex>
            ),
          },
        ]}
        footer={() => (
          <Flex justify="space-between" align="center">
            <Button
              icon={<PlusOutlined />}
              onClick={() => {
                const added = emptyLine();
                onLines([...lines, added]);
                focusById(`rk-item-${added.key}`);
              }}
            >
              {t('receiving.line.add')}
            </Button>
            <Typography.Text strong data-testid="rk-total">
              {t('receiving.detail.total', { count: lines.filter((l) => l.item).length, amount: formatYuan(total) })}
            </Typography.Text>
          </Flex>
        )}
      />

      <CodesModal
        key={codesRow ?? 'none'}
        line={codesLine}
        row={codesRow}
        errors={codesRow !== null ? codeErrors(errors, codesRow) : new Map()}
        onClose={() => {
          setCodesRow(null);
          focusById(SCAN_ID);
        }}
        onSave={(codes) => {
          if (codesRow !== null) setLine(codesRow, { traceCodes: codes });
          setCodesRow(null);
          focusById(SCAN_ID);
        }}
      />
    </div>
  );
}

function LineAmount({ line }: { line: EditLine }) {
  const price = parseYuan(line.priceText);
  if (price === null || !line.acceptedPacks) return null;
  return (
    <div className="mono" style={{ fontSize: 12, color: '#595959', textAlign: 'right', marginTop: 2 }}>
      ¥ {formatYuan(lineAmountMicro(baseOf(line.acceptedPacks, line.packFactor), { priceMicro: price, packFactor: line.packFactor }))}
    </div>
  );
}

/** One line's codes as text, one a line: scanned in one after another or pasted; the hub's refusals beside them. */
function CodesModal({
  line,
  row,
  errors,
  onClose,
  onSave,
}: {
  line: EditLine | undefined;
  row: number | null;
  errors: Map<number, string>;
  onClose: () => void;
  onSave: (codes: string[]) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => (line ? line.traceCodes.join('\n') : ''));
  const codes = text
    .split(/[\s,，;；]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  return (
    <Modal
      open={line !== undefined}
      title={line?.item ? t('receiving.codesModal.title', { line: (row ?? 0) + 1, name: `${line.item.genericName} ${line.item.spec}` }) : ''}
      onCancel={onClose}
      onOk={() => onSave(codes)}
      width={640}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('receiving.codesModal.hint')}
      </Typography.Paragraph>
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 8, maxRows: 16 }} style={{ fontFamily: 'monospace' }} autoFocus data-testid="rk-codes-text" />
      <Typography.Text type="secondary">{t('receiving.codesModal.count', { count: codes.length })}</Typography.Text>
      {errors.size > 0 && (
        <ul style={{ color: '#cf1322', fontSize: 12, paddingLeft: 18, marginTop: 8 }}>
          {[...errors.entries()].map(([index, message]) => (
            <li key={index}>
              #{index + 1}：{message}
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
