import { ArrowLeftOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Alert, App, Button, Card, Col, InputNumber, Row, Select, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput } from '../../../../core/api/index.js';
import { ApiError, call } from '../../api/client.js';
import { useAction } from '../../api/useAction.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { newRequestId, yuan } from './invoiceShared.js';

type Preview = OpOutput<'invoice.importPreview'>;

async function uploadInvoiceFile(file: File): Promise<number> {
  let response: Response;
  try {
    response = await fetch(`/api/op/invoice.importUpload?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
      body: file,
    });
  } catch {
    throw new ApiError('NETWORK', '', 0);
  }
  const body = (await response.json().catch(() => null)) as { uploadId?: number; error?: { code: string; message: string } } | null;
  if (!response.ok || typeof body?.uploadId !== 'number') throw new ApiError(body?.error?.code ?? 'HTTP', body?.error?.message ?? `HTTP ${response.status}`, response.status);
  return body.uploadId;
}

/** 导入发票: upload the platform's export → the column mapping (recognised or remembered) → preview with every problem → register all. */
export function InvoiceImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [uploadId, setUploadId] = useState<number | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const { busy, run } = useAction();
  const [requestId] = useState(newRequestId);

  const previewWith = (input: { uploadId: number; sheet?: string; headerRow?: number; mapping?: Record<string, number> }) =>
    run(async () => setPreview(await call('invoice.importPreview', input)));
  const upload = (file: File) =>
    run(async () => {
      const id = await uploadInvoiceFile(file);
      setUploadId(id);
      setPreview(await call('invoice.importPreview', { uploadId: id }));
    });
  const remap = (field: string, column: number | undefined) => {
    if (!preview || uploadId === null) return;
    const mapping = { ...preview.mapping };
    if (column === undefined) delete mapping[field];
    else mapping[field] = column;
    void previewWith({ uploadId, sheet: preview.sheet, headerRow: preview.headerRow, mapping });
  };
  const commit = async () => {
    if (!preview || uploadId === null) return;
    await run(async () => {
      const out = await call('invoice.importCommit', { uploadId, sheet: preview.sheet, headerRow: preview.headerRow, mapping: preview.mapping, requestId });
      void message.success(t('invoices.import.committed', { count: out.invoices.length }));
      await client.invalidateQueries({ queryKey: ['invoice.list'] });
      await navigate({ to: '/invoices' });
    });
  };

  return (
    <>
      <PageHeader
        title={t('invoices.import.title')}
        subtitle={t('invoices.import.subtitle')}
        actions={
          <Link to="/invoices">
            <Button icon={<ArrowLeftOutlined />}>{t('invoices.detail.back')}</Button>
          </Link>
        }
      />
      <Spin spinning={busy}>
        {!preview && (
          <Card>
            <Upload.Dragger
              accept=".xlsx,.csv"
              showUploadList={false}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
              data-testid="invoice-import-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('invoices.import.upload')}</p>
            </Upload.Dragger>
          </Card>
        )}
        {preview && uploadId !== null && (
          <>
            <Card size="small" style={{ marginBottom: 12 }} title={`${t('invoices.import.mapping')} · ${preview.filename}`}>
              <Space style={{ marginBottom: 8 }}>
                <span>{t('invoices.import.headerRow')}</span>
                <InputNumber min={1} value={preview.headerRow} onChange={(v) => v && void previewWith({ uploadId, sheet: preview.sheet, headerRow: Number(v) })} />
                {preview.sheets.length > 1 && (
                  <Select value={preview.sheet} style={{ width: 160 }} onChange={(sheet) => void previewWith({ uploadId, sheet })} options={preview.sheets.map((s) => ({ value: s, label: s }))} />
                )}
              </Space>
              <Row gutter={[12, 8]}>
                {preview.fields.map((f) => (
                  <Col span={6} key={f.key}>
                    <Typography.Text type={f.required ? undefined : 'secondary'}>
                      {f.label}
                      {f.required && ' *'}
                    </Typography.Text>
                    <Select
                      allowClear
                      size="small"
                      style={{ width: '100%' }}
                      placeholder={t('invoices.import.notMapped')}
                      value={preview.mapping[f.key]}
                      onChange={(v) => remap(f.key, v)}
                      options={preview.header.map((h, i) => ({ value: i, label: h || `#${i + 1}` }))}
                    />
                  </Col>
                ))}
              </Row>
            </Card>
            {preview.problems.length > 0 ? (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="invoice-import-problems"
                message={t('invoices.import.problems', { count: preview.problems.length })}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 160, overflow: 'auto' }}>
                    {preview.problems.map((p, i) => (
                      <li key={i}>{p.message}</li>
                    ))}
                  </ul>
                }
              />
            ) : (
              <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('invoices.import.noProblems')} />
            )}
            <Card size="small" style={{ marginBottom: 12 }} title={t('invoices.import.invoices')}>
              <Table
                size="small"
                rowKey={(r) => `${r.code}${r.number}`}
                pagination={false}
                dataSource={preview.invoices}
                columns={[
                  { title: t('invoices.list.number'), key: 'n', render: (_: unknown, r: Preview['invoices'][number]) => <span className="mono">{`${r.code ? `${r.code} ` : ''}${r.number}`}</span> },
                  { title: t('invoices.list.date'), dataIndex: 'date', width: 110 },
                  { title: t('invoices.list.supplier'), dataIndex: 'supplierName' },
                  { title: t('invoices.import.rows'), dataIndex: 'lineCount', width: 80 },
                  { title: t('invoices.list.amount'), dataIndex: 'amountMicro', align: 'right' as const, width: 130, render: (v: number) => yuan(v) },
                  { title: t('invoices.import.exceptionCount'), dataIndex: 'exceptionCount', width: 100, render: (v: number) => (v > 0 ? <Tag color="orange">{v}</Tag> : <Tag color="success">0</Tag>) },
                ]}
              />
            </Card>
            <Card size="small" title={t('invoices.import.rows')} style={{ marginBottom: 12 }}>
              <Table
                size="small"
                rowKey="row"
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                dataSource={preview.rows}
                rowClassName={(r) => (r.problems.length > 0 ? 'tc-row-error' : '')}
                columns={[
                  { title: t('invoices.import.row'), dataIndex: 'row', width: 60 },
                  { title: t('invoices.list.number'), dataIndex: 'number', width: 200, render: (v: string) => <span className="mono">{v}</span> },
                  { title: t('invoices.line.item'), key: 'i', render: (_: unknown, r: Preview['rows'][number]) => `${r.itemName} ${r.spec}` },
                  { title: t('invoices.line.quantity'), dataIndex: 'quantity', width: 90, align: 'right' as const },
                  { title: t('invoices.line.amount'), dataIndex: 'amountMicro', width: 110, align: 'right' as const, render: (v: number | null) => yuan(v) },
                  { title: t('invoices.import.receipt'), dataIndex: 'receiptNumber', width: 140, render: (v: string | null) => <span className="mono">{v ?? ''}</span> },
                  { title: t('invoices.import.problem'), dataIndex: 'problems', render: (v: string[]) => v.map((p) => <div key={p} style={{ color: '#cf1322', fontSize: 12 }}>{p}</div>) },
                ]}
              />
            </Card>
            <Button type="primary" disabled={preview.problems.length > 0 || preview.invoices.length === 0} loading={busy} onClick={() => void commit()} data-testid="invoice-import-commit">
              {t('invoices.import.commit')}
            </Button>
          </>
        )}
      </Spin>
    </>
  );
}
