import { useQueryClient } from '@tanstack/react-query';
import { App, Input, Modal, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Receipt, ReceiptLine } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';

interface Numbers {
  distributorInvoiceNo: string;
  manufacturerInvoiceNo: string;
}

/**
 * 发票补录 on a posted receipt: the invoices that arrive after the goods (两票制: the distributor's and the
 * manufacturer's). Only the lines whose numbers were typed or changed are sent; the hub appends them.
 */
export function InvoicesModal({ receipt, onClose }: { receipt: Receipt; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [numbers, setNumbers] = useState<Map<number, Numbers>>(
    () => new Map(receipt.lines.map((l) => [l.id, { distributorInvoiceNo: l.distributorInvoiceNo, manufacturerInvoiceNo: l.manufacturerInvoiceNo }])),
  );
  const [busy, setBusy] = useState(false);

  const changed = receipt.lines.flatMap((l) => {
    const now = numbers.get(l.id)!;
    const distributorInvoiceNo = now.distributorInvoiceNo.trim() === l.distributorInvoiceNo ? '' : now.distributorInvoiceNo.trim();
    const manufacturerInvoiceNo = now.manufacturerInvoiceNo.trim() === l.manufacturerInvoiceNo ? '' : now.manufacturerInvoiceNo.trim();
    return distributorInvoiceNo || manufacturerInvoiceNo ? [{ lineId: l.id, distributorInvoiceNo, manufacturerInvoiceNo }] : [];
  });

  const save = async () => {
    setBusy(true);
    try {
      await call('receipt.recordInvoices', { id: receipt.id, lines: changed });
      void message.success(t('receiving.invoices.saved', { count: changed.length }));
      await client.invalidateQueries({ queryKey: ['receipt.get'] });
      onClose();
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  const input = (line: ReceiptLine, key: keyof Numbers) => (
    <Input
      value={numbers.get(line.id)![key]}
      maxLength={60}
      data-testid={`rk-inv-${key}-${line.lineNo}`}
      onChange={(e) => setNumbers((all) => new Map(all).set(line.id, { ...all.get(line.id)!, [key]: e.target.value }))}
    />
  );

  return (
    <Modal
      open
      width={900}
      title={t('receiving.invoices.title', { number: receipt.number })}
      onCancel={onClose}
      onOk={() => void save()}
      okButtonProps={{ disabled: changed.length === 0, loading: busy }}
      destroyOnHidden
    >
      <Table<ReceiptLine>
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={receipt.lines}
        columns={[
          { title: t('receiving.line.no'), dataIndex: 'lineNo', width: 44, align: 'center' },
          { title: t('receiving.line.item'), render: (_v, l) => `${l.genericName} ${l.spec}` },
          { title: t('receiving.line.batch'), dataIndex: 'batchNo', width: 100 },
          { title: t('receiving.invoices.distributor'), width: 230, render: (_v, l) => input(l, 'distributorInvoiceNo') },
          { title: t('receiving.invoices.manufacturer'), width: 230, render: (_v, l) => input(l, 'manufacturerInvoiceNo') },
        ]}
      />
    </Modal>
  );
}
