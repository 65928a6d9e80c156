import { ArrowLeftOutlined, CheckCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Radio, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DUE_RULE_LABELS, parseYuan, type DueRule, type InvoiceDetail, type InvoiceException, type InvoiceLine } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useAction } from '../../api/useAction.js';
import { useOp } from '../../api/hooks.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan, useSessionUser } from '../../session/SessionContext.js';
import { communityToday, InvoiceStateTag, newRequestId, price, yuan } from './invoiceShared.js';

/** 发票详情: header, lines with the three-way match line by line, the exceptions' approval by a second person, approve and void. */
export function InvoicePage() {
  const { t } = useTranslation();
  const { invoiceId } = useParams({ strict: false });
  const query = useOp('invoice.get', { id: invoiceId ?? 0 }, { enabled: invoiceId !== undefined });
  const invoice = query.data?.invoice;
  return (
    <>
      <PageHeader
        title={invoice ? `${t('invoices.detail.header')} ${invoice.documentNumber}` : t('invoices.detail.header')}
        subtitle={invoice ? `${invoice.supplierName} · ${invoice.mediumLabel} ${invoice.code ? `${invoice.code} ` : ''}${invoice.number}` : undefined}
        actions={
          <Link to="/invoices">
            <Button icon={<ArrowLeftOutlined />}>{t('invoices.detail.back')}</Button>
          </Link>
        }
      />
      {query.error && <Alert type="error" showIcon message={errorMessage(query.error, t)} />}
      {invoice && <InvoiceView invoice={invoice} />}
    </>
  );
}

function InvoiceView({ invoice }: { invoice: InvoiceDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const user = useSessionUser();
  const canApprove = useCan('invoice.approve');
  const canManage = useCan('invoice.manage');
  const [excepting, setExcepting] = useState<InvoiceException | null>(null);
  const [voiding, setVoiding] = useState(false);
  const [redding, setRedding] = useState(false);
  const { busy, run } = useAction();
  const [requestId] = useState(newRequestId);
  const registered = invoice.status === 'registered';
  const open = invoice.exceptions.filter((e) => !e.approved);
  const isRegistrar = invoice.createdByUserId === user.id;
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['invoice.get'] });
    await client.invalidateQueries({ queryKey: ['invoice.list'] });
  };
  const approve = async () => {
    await run(async () => {
      const out = await call('invoice.approve', { id: invoice.id, version: invoice.version, requestId });
      void message.success(t('invoices.detail.approved', { count: out.payables.length }));
      await refresh();
    });
  };

  const lineColumns = [
    { title: t('invoices.line.lineNo'), dataIndex: 'lineNo', width: 44 },
    {
      title: t('invoices.line.item'),
      key: 'item',
      width: 180,
      render: (_: unknown, l: InvoiceLine) => (
        <>
          <div>
            {l.itemName} {l.spec}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {l.manufacturer}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('invoices.line.receipt'),
      key: 'receipt',
      width: 200,
      render: (_: unknown, l: InvoiceLine) => (
        <>
          <Link to="/receipts/$receiptId" params={{ receiptId: l.receiptId }} className="mono">
            {l.receiptNumber}
          </Link>
          <div className="mono" style={{ fontSize: 12 }}>
            {t('invoices.line.batchNo')} {l.batchNo}
          </div>
          <div style={{ fontSize: 12 }}>
            {t('invoices.line.manufacturerInvoice')}{' '}
            {l.manufacturerInvoiceNo ? <span className="mono">{l.manufacturerInvoiceNo}</span> : l.twoInvoiceRequired ? <Tag color="red">{t('invoices.line.missing')}</Tag> : '—'}
          </div>
        </>
      ),
    },
    {
      title: t('invoices.line.quantity'),
      key: 'q',
      width: 120,
      render: (_: unknown, l: InvoiceLine) => (
        <>
          <div>
            {l.quantity} {l.baseUnit}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('invoices.line.accepted')} {l.acceptedQuantity} · {t('invoices.line.returned')} {l.returnedQuantity}
            <br />
            {t('invoices.line.elsewhere')} {l.invoicedElsewhere}
          </Typography.Text>
        </>
      ),
    },
    { title: t('invoices.line.amount'), dataIndex: 'amountMicro', width: 90, align: 'right' as const, render: (v: number) => yuan(v) },
    {
      title: t('invoices.line.unitPrice'),
      key: 'prices',
      width: 170,
      render: (_: unknown, l: InvoiceLine) => (
        <div style={{ fontSize: 12, lineHeight: 1.6 }}>
          <div>
            <Typography.Text strong>{price(l.unitPriceMicro)}</Typography.Text> 元/{l.packUnit}
          </div>
          <div>
            {t('invoices.line.orderPrice')} {l.orderPriceMicro === null ? '—' : price(l.orderPriceMicro)} · {t('invoices.line.receiptPrice')} {price(l.receiptPriceMicro)}
          </div>
          {l.ceilingMicro !== null && (
            <div>
              {l.ceilingLabel} {price(l.ceilingMicro)}
              {l.vbpPriceMicro !== null && ` · ${t('invoices.line.vbp')} ${price(l.vbpPriceMicro)}`}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('invoices.line.exceptions'),
      key: 'exceptions',
      render: (_: unknown, l: InvoiceLine) =>
        l.exceptions.length === 0 ? (
          <Tag color="success">{t('invoices.line.ok')}</Tag>
        ) : (
          <Space direction="vertical" size={6} style={{ width: '100%' }}>
            {l.exceptions.map((e) => (
              <div key={e.kind} data-testid={`invoice-exception-${l.lineNo}-${e.kind}`}>
                <Space size={4} wrap>
                  <Tag color={e.approved ? 'green' : 'red'}>{e.label}</Tag>
                  {e.approved ? (
                    <Typography.Text type="success" style={{ fontSize: 12 }}>
                      {t('invoices.exception.approvedBy', { name: e.approvedBy, reason: e.approvalReason })}
                    </Typography.Text>
                  ) : registered && canApprove && e.approvable && !isRegistrar ? (
                    <Button size="small" onClick={() => setExcepting(e)} data-testid={`invoice-approve-exception-${l.lineNo}-${e.kind}`}>
                      {t('invoices.exception.approve')}
                    </Button>
                  ) : !e.approvable ? (
                    <Typography.Text type="warning" style={{ fontSize: 12 }}>
                      {t('invoices.exception.notApprovable')}
                    </Typography.Text>
                  ) : null}
                </Space>
                {e.reason && (
                  <div style={{ fontSize: 12, color: '#595959' }} data-testid="invoice-exception-reason">
                    {e.reason}
                  </div>
                )}
              </div>
            ))}
          </Space>
        ),
    },
  ];

  return (
    <>
      <Card
        size="small"
        style={{ marginBottom: 12 }}
        title={
          <Space>
            <InvoiceStateTag state={invoice.status} label={invoice.stateLabel} />
            <Typography.Text className="mono">{invoice.documentNumber}</Typography.Text>
            {invoice.red && <Tag color="red">{t('invoices.list.red')}</Tag>}
          </Space>
        }
        extra={
          invoice.status === 'approved' && !invoice.red && canManage ? (
            <Button danger onClick={() => setRedding(true)} data-testid="invoice-red">
              {t('invoices.red.open')}
            </Button>
          ) : registered && (
            <Space>
              {canManage && (
                <Button danger icon={<StopOutlined />} onClick={() => setVoiding(true)} data-testid="invoice-void">
                  {t('invoices.detail.void')}
                </Button>
              )}
              {canApprove && (
                <Popconfirm title={t('invoices.detail.approveConfirm')} onConfirm={() => void approve()} disabled={open.length > 0} okButtonProps={{ 'data-testid': 'invoice-approve-ok' } as never}>
                  <Button type="primary" icon={<CheckCircleOutlined />} disabled={open.length > 0} loading={busy} data-testid="invoice-approve">
                    {t('invoices.detail.approve')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          )
        }
      >
        <Descriptions size="small" column={4}>
          <Descriptions.Item label={t('invoices.detail.supplier')}>{invoice.supplierName}</Descriptions.Item>
          <Descriptions.Item label={t('invoices.detail.medium')}>{invoice.mediumLabel}</Descriptions.Item>
          <Descriptions.Item label={t('invoices.detail.number')}>
            <span className="mono">
              {invoice.code ? `${invoice.code} ` : ''}
              {invoice.number}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('invoices.detail.date')}>{invoice.date}</Descriptions.Item>
          <Descriptions.Item label={t('invoices.detail.amount')}>
            <Typography.Text strong>{yuan(invoice.amountMicro)} 元</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('invoices.detail.exTax')}>{yuan(invoice.amountExTaxMicro)} 元</Descriptions.Item>
          <Descriptions.Item label={t('invoices.detail.tax')}>
            {yuan(invoice.taxMicro)} 元（{invoice.taxRateBp / 100}%）
          </Descriptions.Item>
          <Descriptions.Item label={t('invoices.detail.receiptValue')}>
            {yuan(invoice.totals.receiptValueMicro)} 元（{t('invoices.detail.variance')} {yuan(invoice.totals.varianceMicro)}）
          </Descriptions.Item>
          {invoice.redOfId !== null && (
            <Descriptions.Item label={t('invoices.detail.redOf')}>
              <Link to="/invoices/$invoiceId" params={{ invoiceId: invoice.redOfId }}>
                {invoice.redOfNumber}
              </Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('invoices.detail.createdBy')}>
            {invoice.createdBy} {formatDateTime(invoice.createdAt)}
          </Descriptions.Item>
          {invoice.sourceFile && <Descriptions.Item label={t('invoices.detail.source')}>{invoice.sourceFile}</Descriptions.Item>}
          {invoice.note && <Descriptions.Item label={t('invoices.detail.note')}>{invoice.note}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {registered &&
        (open.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="invoice-blocked"
            message={t('invoices.detail.blocked', { count: open.length })}
            description={isRegistrar && canApprove ? t('invoices.detail.registrar') : undefined}
          />
        ) : (
          <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('invoices.detail.allClear')} />
        ))}
      <Card size="small" title={t('invoices.detail.lines')} style={{ marginBottom: 12 }}>
        <Table<InvoiceLine> size="small" rowKey={(l) => String(l.id ?? l.lineNo)} columns={lineColumns} dataSource={invoice.lines} pagination={false} data-testid="invoice-lines" />
      </Card>
      {invoice.payables.length > 0 && (
        <Card size="small" title={t('invoices.detail.payables')} style={{ marginBottom: 12 }}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={invoice.payables}
            columns={[
              { title: '#', dataIndex: 'id', width: 80 },
              { title: t('invoices.line.amount'), dataIndex: 'amountMicro', align: 'right' as const, width: 120, render: (v: number) => yuan(v) },
              { title: t('invoices.detail.dueOn'), dataIndex: 'dueOn', width: 120 },
              { title: t('invoices.detail.rule'), dataIndex: 'rule', render: (r: string) => DUE_RULE_LABELS[r as DueRule] ?? r },
            ]}
          />
        </Card>
      )}
      {invoice.redInvoices.length > 0 && (
        <Card size="small" title={t('invoices.detail.redInvoices')} style={{ marginBottom: 12 }}>
          <Space wrap>
            {invoice.redInvoices.map((r) => (
              <Link key={r.id} to="/invoices/$invoiceId" params={{ invoiceId: r.id }}>
                <Tag color="red">
                  {r.number} · {yuan(r.amountMicro)} · {t(`invoices.list.states.${r.status}`)}
                </Tag>
              </Link>
            ))}
          </Space>
        </Card>
      )}
      <Card size="small" title={t('invoices.detail.events')}>
        <Timeline
          items={invoice.events.map((e) => ({
            children: (
              <span>
                {formatDateTime(e.at)} {e.actorName} · {t(`invoices.list.states.${e.toState}`, { defaultValue: e.toState })}
                {e.reason ? `：${e.reason}` : ''}
              </span>
            ),
          }))}
        />
      </Card>
      {excepting && <ExceptionModal invoice={invoice} exception={excepting} onClose={() => setExcepting(null)} onDone={refresh} />}
      {voiding && <VoidModal invoice={invoice} onClose={() => setVoiding(false)} onDone={refresh} />}
      {redding && <RedInvoiceModal invoice={invoice} onClose={() => setRedding(false)} />}
    </>
  );
}

function ExceptionModal({ invoice, exception, onClose, onDone }: { invoice: InvoiceDetail; exception: InvoiceException; onClose: () => void; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const { busy, run } = useAction();
  const submit = async () => {
    const { reason } = await form.validateFields();
    await run(async () => {
      await call('invoice.approveException', { invoiceId: invoice.id, lineId: exception.lineId!, kind: exception.kind, reason });
      void message.success(t('invoices.exception.done'));
      await onDone();
      onClose();
    });
  };
  return (
    <Modal open title={t('invoices.exception.title', { lineNo: exception.lineNo, label: exception.label })} onOk={() => void submit()} onCancel={onClose} okButtonProps={{ loading: busy, 'data-testid': 'invoice-exception-ok' } as never}>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={exception.reason} />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('invoices.exception.reason')} rules={[{ required: true, whitespace: true, message: t('invoices.exception.reasonPlaceholder') }]}>
          <Input.TextArea rows={3} maxLength={200} placeholder={t('invoices.exception.reasonPlaceholder')} data-testid="invoice-exception-reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VoidModal({ invoice, onClose, onDone }: { invoice: InvoiceDetail; onClose: () => void; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = async () => {
    const { reason } = await form.validateFields();
    try {
      await call('invoice.void', { id: invoice.id, version: invoice.version, reason });
      void message.success(t('invoices.detail.voided'));
      await onDone();
      onClose();
    } catch (error) {
      void message.error(errorMessage(error, t));
    }
  };
  return (
    <Modal open title={t('invoices.detail.voidTitle', { number: invoice.number })} onOk={() => void submit()} onCancel={onClose} okButtonProps={{ danger: true, 'data-testid': 'invoice-void-ok' } as never}>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('invoices.detail.voidReason')} rules={[{ required: true, whitespace: true, message: t('invoices.detail.voidReason') }]}>
          <Input.TextArea rows={2} maxLength={200} data-testid="invoice-void-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 红字发票: offsets lines of this approved blue invoice (after a return, a price correction); matched like any invoice. */
function RedInvoiceModal({ invoice, onClose }: { invoice: InvoiceDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [medium, setMedium] = useState<'digital' | 'paper'>('digital');
  const [code, setCode] = useState('');
  const [number, setNumber] = useState('');
  const [date, setDate] = useState(communityToday);
  const [rows, setRows] = useState(() => invoice.lines.map((l) => ({ line: l, quantity: 0, amount: '' })));
  const { busy, run } = useAction();
  const [requestId] = useState(newRequestId);
  const setQuantity = (id: number, quantity: number) =>
    setRows((rs) =>
      rs.map((r) => {
        if (r.line.receiptLineId !== id) return r;
        // The blue line's price for the offset quantity, to the fen.
        const fen = Math.round((r.line.amountMicro * quantity) / r.line.quantity / 10_000);
        return { ...r, quantity, amount: (fen / 100).toFixed(2) };
      }),
    );
  const submit = async () => {
    const lines = rows.filter((r) => r.quantity > 0).map((r) => ({ receiptLineId: r.line.receiptLineId, quantity: -r.quantity, amountMicro: -(parseYuan(r.amount) ?? 0) }));
    await run(async () => {
      const out = await call('invoice.register', { supplierId: invoice.supplierId, medium, code: medium === 'paper' ? code : '', number, date, redOfId: invoice.id, note: '', taxRateBp: invoice.taxRateBp, lines, requestId });
      void message.success(t('invoices.register.saved', { number: out.invoice.documentNumber }));
      await client.invalidateQueries({ queryKey: ['invoice.get'] });
      await client.invalidateQueries({ queryKey: ['invoice.list'] });
      onClose();
      await navigate({ to: '/invoices/$invoiceId', params: { invoiceId: out.invoice.id } });
    });
  };
  return (
    <Modal open width={820} title={t('invoices.red.title', { number: invoice.number })} onOk={() => void submit()} onCancel={onClose} okButtonProps={{ danger: true, loading: busy, disabled: number === '' || rows.every((r) => r.quantity === 0), 'data-testid': 'invoice-red-ok' } as never}>
      <Typography.Paragraph type="secondary">{t('invoices.red.hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Radio.Group value={medium} onChange={(e) => setMedium(e.target.value as 'digital' | 'paper')}>
          <Radio value="digital">{t('invoices.register.digital')}</Radio>
          <Radio value="paper">{t('invoices.register.paper')}</Radio>
        </Radio.Group>
        {medium === 'paper' && <Input style={{ width: 140 }} placeholder={t('invoices.register.code')} value={code} onChange={(e) => setCode(e.target.value)} />}
        <Input style={{ width: 220 }} className="mono" placeholder={t('invoices.register.number')} value={number} onChange={(e) => setNumber(e.target.value)} data-testid="invoice-red-number" />
        <Input style={{ width: 130 }} value={date} onChange={(e) => setDate(e.target.value)} />
      </Space>
      <Table
        size="small"
        rowKey={(r) => String(r.line.receiptLineId)}
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('invoices.line.item'), key: 'i', render: (_: unknown, r: (typeof rows)[number]) => `${r.line.itemName} ${r.line.spec} · ${r.line.batchNo}` },
          { title: t('invoices.line.quantity'), key: 'b', width: 100, render: (_: unknown, r: (typeof rows)[number]) => `${r.line.quantity} ${r.line.baseUnit}` },
          {
            title: t('invoices.red.quantity'),
            key: 'q',
            width: 130,
            render: (_: unknown, r: (typeof rows)[number]) => (
              <InputNumber min={0} max={r.line.quantity} precision={0} value={r.quantity} addonAfter={r.line.baseUnit} onChange={(v) => setQuantity(r.line.receiptLineId, Number(v ?? 0))} />
            ),
          },
          {
            title: t('invoices.red.amount'),
            key: 'a',
            width: 130,
            render: (_: unknown, r: (typeof rows)[number]) => <Input value={r.amount} prefix="-" onChange={(e) => setRows((rs) => rs.map((x) => (x === r ? { ...x, amount: e.target.value } : x)))} />,
          },
        ]}
      />
    </Modal>
  );
}
