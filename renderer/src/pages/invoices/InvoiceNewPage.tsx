import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseYuan, type InvoiceableLine, type InvoiceLine, type InvoiceMedium } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useAction } from '../../api/useAction.js';
import { useOp } from '../../api/hooks.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { communityToday, newRequestId, price, yuan } from './invoiceShared.js';

interface DraftLine {
  line: InvoiceableLine;
  quantity: number;
  /** Yuan as typed. */
  amount: string;
}

const today = communityToday;

const micro = (text: string) => {
  const t = text.trim();
  const negative = t.startsWith('-');
  const value = parseYuan(negative ? t.slice(1) : t);
  return value === null ? null : negative ? -value : value;
};

/** 登记发票: supplier → its open receipt lines → quantity and amount per line, with the three-way match shown as you type. */
export function InvoiceNewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [supplierId, setSupplierId] = useState<number | undefined>();
  const [medium, setMedium] = useState<InvoiceMedium>('digital');
  const [code, setCode] = useState('');
  const [number, setNumber] = useState('');
  const [date, setDate] = useState(today);
  const [rate, setRate] = useState<number>(13);
  const [note, setNote] = useState('');
  const [q, setQ] = useState('');
  const [lines, setLines] = useState<DraftLine[]>([]);
  const { busy, run } = useAction();
  const [requestId] = useState(newRequestId);
  const suppliers = useOp('supplier.list', {});
  const open = useOp('invoice.invoiceable', { supplierId: supplierId ?? 0, ...(q ? { q } : {}) }, { enabled: supplierId !== undefined, placeholderData: keepPreviousData });

  const inputLines = lines.map((l) => ({ receiptLineId: l.line.receiptLineId, quantity: l.quantity, amountMicro: micro(l.amount) ?? 0 }));
  const draft = {
    supplierId: supplierId ?? 0,
    medium,
    code: medium === 'paper' ? code : '',
    number,
    date: /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : today(),
    taxRateBp: Math.round(rate * 100),
    note,
    lines: inputLines,
  };
  const check = useOp('invoice.check', draft, { enabled: supplierId !== undefined && lines.length > 0, placeholderData: keepPreviousData, retry: false });
  const checked = new Map<number, InvoiceLine>((check.data?.lines ?? []).map((l) => [l.receiptLineId, l]));
  const added = new Set(lines.map((l) => l.line.receiptLineId));

  const add = (line: InvoiceableLine) => setLines((ls) => [...ls, { line, quantity: line.openQuantity, amount: yuan(line.openAmountMicro).replace(/,/g, '') }]);
  const change = (id: number, patch: Partial<DraftLine>) => setLines((ls) => ls.map((l) => (l.line.receiptLineId === id ? { ...l, ...patch } : l)));

  const save = async () => {
    await run(async () => {
      const { invoice } = await call('invoice.register', { ...draft, date, requestId });
      void message.success(t('invoices.register.saved', { number: invoice.documentNumber }));
      await client.invalidateQueries({ queryKey: ['invoice.list'] });
      await navigate({ to: '/invoices/$invoiceId', params: { invoiceId: invoice.id } });
    });
  };

  const openColumns = useMemo(
    () => [
      { title: t('invoices.line.receipt'), dataIndex: 'receiptNumber', width: 140, render: (v: string) => <span className="mono">{v}</span> },
      { title: t('invoices.line.item'), key: 'item', render: (_: unknown, l: InvoiceableLine) => `${l.itemName} ${l.spec}` },
      { title: t('invoices.line.batchNo'), dataIndex: 'batchNo', width: 110 },
      { title: t('invoices.line.open'), key: 'open', width: 110, align: 'right' as const, render: (_: unknown, l: InvoiceableLine) => `${l.openQuantity} ${l.baseUnit}` },
      { title: t('invoices.line.receiptPrice'), key: 'price', width: 120, align: 'right' as const, render: (_: unknown, l: InvoiceableLine) => `${price(l.priceMicro)}/${l.packUnit}` },
      { title: t('invoices.line.amount'), dataIndex: 'openAmountMicro', width: 110, align: 'right' as const, render: (v: number) => yuan(v) },
      {
        title: '',
        key: 'add',
        width: 90,
        render: (_: unknown, l: InvoiceableLine) =>
          added.has(l.receiptLineId) ? (
            <Tag>{t('invoices.register.added')}</Tag>
          ) : (
            <Button size="small" icon={<PlusOutlined />} onClick={() => add(l)} data-testid={`invoice-add-${l.receiptLineId}`}>
              {t('invoices.register.add')}
            </Button>
          ),
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, lines],
  );

  const lineColumns = [
    { title: t('invoices.line.item'), key: 'item', width: 220, render: (_: unknown, l: DraftLine) => `${l.line.itemName} ${l.line.spec}` },
    { title: t('invoices.line.receipt'), key: 'receipt', width: 170, render: (_: unknown, l: DraftLine) => <span className="mono">{`${l.line.receiptNumber} · ${l.line.batchNo}`}</span> },
    {
      title: t('invoices.register.quantity', { unit: lines[0]?.line.baseUnit ?? '' }),
      key: 'q',
      width: 120,
      render: (_: unknown, l: DraftLine) => (
        <InputNumber
          min={1}
          precision={0}
          value={l.quantity}
          addonAfter={l.line.baseUnit}
          onChange={(v) => change(l.line.receiptLineId, { quantity: Number(v ?? 0) })}
          data-testid={`invoice-line-quantity-${l.line.receiptLineId}`}
        />
      ),
    },
    {
      title: t('invoices.register.amount'),
      key: 'a',
      width: 130,
      render: (_: unknown, l: DraftLine) => (
        <Input
          value={l.amount}
          status={micro(l.amount) === null ? 'error' : undefined}
          onChange={(e) => change(l.line.receiptLineId, { amount: e.target.value })}
          data-testid={`invoice-line-amount-${l.line.receiptLineId}`}
        />
      ),
    },
    {
      title: t('invoices.line.unitPrice'),
      key: 'p',
      width: 150,
      render: (_: unknown, l: DraftLine) => {
        const c = checked.get(l.line.receiptLineId);
        return c ? (
          <span style={{ fontSize: 12 }}>
            {price(c.unitPriceMicro)}/{l.line.packUnit}
            <br />
            {t('invoices.line.orderPrice')} {c.orderPriceMicro === null ? '—' : price(c.orderPriceMicro)}
          </span>
        ) : null;
      },
    },
    {
      title: t('invoices.line.exceptions'),
      key: 'e',
      render: (_: unknown, l: DraftLine) => {
        const c = checked.get(l.line.receiptLineId);
        if (!c) return null;
        if (c.exceptions.length === 0) return <Tag color="success">{t('invoices.line.ok')}</Tag>;
        return (
          <Space direction="vertical" size={2}>
            {c.exceptions.map((e) => (
              <div key={e.kind} data-testid="invoice-live-exception">
                <Tag color="red">{e.label}</Tag>
                <span style={{ fontSize: 12, color: '#595959' }}>{e.reason}</span>
              </div>
            ))}
          </Space>
        );
      },
    },
    {
      title: '',
      key: 'x',
      width: 50,
      render: (_: unknown, l: DraftLine) => <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => setLines((ls) => ls.filter((x) => x !== l))} aria-label={t('invoices.register.remove')} />,
    },
  ];
  const totals = check.data?.totals;
  const problems = (check.data?.problems ?? []).filter((p) => p.path !== 'number' || number !== '');

  return (
    <>
      <PageHeader
        title={t('invoices.register.title')}
        subtitle={t('invoices.register.subtitle')}
        actions={
          <Link to="/invoices">
            <Button icon={<ArrowLeftOutlined />}>{t('invoices.detail.back')}</Button>
          </Link>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form layout="vertical">
          <Row gutter={12}>
            <Col span={7}>
              <Form.Item label={t('invoices.register.supplier')} required>
                <Select
                  showSearch
                  optionFilterProp="label"
                  placeholder={t('invoices.register.pickSupplier')}
                  value={supplierId}
                  onChange={(v) => {
                    setSupplierId(v);
                    setLines([]);
                  }}
                  options={(suppliers.data?.suppliers ?? []).map((s) => ({ value: s.id, label: s.name }))}
                  data-testid="invoice-supplier"
                />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label={t('invoices.register.medium')}>
                <Radio.Group value={medium} onChange={(e) => setMedium(e.target.value as InvoiceMedium)}>
                  <Radio value="digital">{t('invoices.register.digital')}</Radio>
                  <Radio value="paper">{t('invoices.register.paper')}</Radio>
                </Radio.Group>
              </Form.Item>
            </Col>
            {medium === 'paper' && (
              <Col span={3}>
                <Form.Item label={t('invoices.register.code')} required>
                  <Input value={code} maxLength={12} onChange={(e) => setCode(e.target.value)} className="mono" data-testid="invoice-code" />
                </Form.Item>
              </Col>
            )}
            <Col span={medium === 'paper' ? 3 : 5}>
              <Form.Item label={t('invoices.register.number')} required>
                <Input value={number} maxLength={20} onChange={(e) => setNumber(e.target.value)} className="mono" data-testid="invoice-number" />
              </Form.Item>
            </Col>
            <Col span={3}>
              <Form.Item label={t('invoices.register.date')} required>
                <Input value={date} onChange={(e) => setDate(e.target.value)} placeholder="YYYY-MM-DD" data-testid="invoice-date" />
              </Form.Item>
            </Col>
            <Col span={2}>
              <Form.Item label={t('invoices.register.rate')}>
                <InputNumber min={0} max={100} value={rate} onChange={(v) => setRate(Number(v ?? 0))} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label={t('invoices.register.note')} style={{ marginBottom: 0 }}>
            <Input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          </Form.Item>
        </Form>
      </Card>
      {supplierId !== undefined && (
        <Card size="small" style={{ marginBottom: 12 }} title={t('invoices.register.invoiceable')} extra={<Input.Search allowClear style={{ width: 240 }} placeholder={t('invoices.register.search')} onSearch={(v) => setQ(v.trim())} />}>
          <Table<InvoiceableLine> size="small" rowKey="receiptLineId" columns={openColumns} dataSource={open.data?.rows ?? []} loading={open.isFetching} pagination={{ pageSize: 8, hideOnSinglePage: true }} data-testid="invoice-invoiceable" />
        </Card>
      )}
      <Card
        size="small"
        title={t('invoices.register.lines')}
        extra={
          totals && (
            <Typography.Text strong data-testid="invoice-total">
              {t('invoices.register.total', { amount: yuan(totals.amountMicro), exTax: yuan(totals.amountExTaxMicro), tax: yuan(totals.taxMicro), value: yuan(totals.receiptValueMicro) })}
            </Typography.Text>
          )
        }
      >
        {lines.length === 0 ? (
          <Typography.Text type="secondary">{t('invoices.register.noLines')}</Typography.Text>
        ) : (
          <Table<DraftLine> size="small" rowKey={(l) => String(l.line.receiptLineId)} columns={lineColumns} dataSource={lines} pagination={false} data-testid="invoice-draft-lines" />
        )}
        {check.error && <Alert type="error" showIcon style={{ marginTop: 12 }} message={errorMessage(check.error, t)} />}
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 12 }}
            message={t('invoices.register.problems')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problems.map((p) => (
                  <li key={`${p.path}${p.message}`}>{p.message}</li>
                ))}
              </ul>
            }
          />
        )}
        {(check.data?.exceptions.length ?? 0) > 0 && <Alert type="warning" showIcon style={{ marginTop: 12 }} message={t('invoices.register.exceptions')} />}
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" loading={busy} disabled={supplierId === undefined || lines.length === 0 || number === ''} onClick={() => void save()} data-testid="invoice-save">
            {t('invoices.register.save')}
          </Button>
        </Space>
      </Card>
    </>
  );
}
