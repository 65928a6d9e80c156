import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DISCREPANCY_RESOLUTION_LABELS, type Discrepancy, type DiscrepancyResolution } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useCan } from '../../session/SessionContext.js';

const MISSING: DiscrepancyResolution[] = ['found', 'returned', 'reshipped', 'write_off'];
const EXCESS: DiscrepancyResolution[] = ['excess_accepted', 'excess_returned'];
const STATUS_COLORS = { open: 'red', pending_write_off: 'orange', resolved: 'green' } as const;

export function DiscrepancyStatusTag({ d }: { d: Pick<Discrepancy, 'status' | 'statusLabel'> }) {
  return <Tag color={STATUS_COLORS[d.status]}>{d.statusLabel}</Tag>;
}

/** The officer's actions on one discrepancy: 处理 (open), 批准 / 驳回报损 (pending, by a second person). */
export function DiscrepancyActions({ d, onDone }: { d: Discrepancy; onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const canResolve = useCan('distribution.resolve');
  const canApprove = useCan('stock.approve');
  const [open, setOpen] = useState<'resolve' | 'reject' | null>(null);
  const [resolution, setResolution] = useState<DiscrepancyResolution | undefined>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      void message.success(t('shipments.discrepancies.resolved'));
      setOpen(null);
      setNote('');
      for (const key of ['discrepancy.list', 'shipment.get', 'shipment.list', 'shipment.queue']) await client.invalidateQueries({ queryKey: [key] });
      onDone?.();
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };
  const options = (d.kind === 'excess' ? EXCESS : MISSING).map((r) => ({ value: r, label: DISCREPANCY_RESOLUTION_LABELS[r] }));
  return (
    <Space size={4}>
      {d.status === 'open' && canResolve && (
        <Button size="small" type="primary" onClick={() => setOpen('resolve')} data-testid={`resolve-${d.id}`}>
          {t('shipments.discrepancies.resolve')}
        </Button>
      )}
      {d.status === 'pending_write_off' && canApprove && (
        <>
          <Button size="small" type="primary" loading={busy} onClick={() => void run(() => call('discrepancy.approveWriteOff', { id: d.id, note: '' }))} title={t('shipments.discrepancies.secondPerson')}>
            {t('shipments.discrepancies.approveWriteOff')}
          </Button>
          <Button size="small" danger onClick={() => setOpen('reject')}>
            {t('shipments.discrepancies.rejectWriteOff')}
          </Button>
        </>
      )}
      {open === 'resolve' && (
        <Modal
          open
          title={t('shipments.discrepancies.resolveTitle', { item: `${d.itemName} ${d.spec}`, kind: d.kindLabel, quantity: `${d.quantity}${d.baseUnit}` })}
          onCancel={() => setOpen(null)}
          confirmLoading={busy}
          okButtonProps={{ disabled: !resolution || !note.trim(), id: 'resolve-ok' }}
          onOk={() => void run(() => call('discrepancy.resolve', { id: d.id, resolution: resolution!, note }))}
        >
          <Form layout="vertical">
            <Form.Item label={t('shipments.discrepancies.resolution')} required>
              <Select value={resolution} onChange={setResolution} options={options} data-testid="resolve-resolution" autoFocus />
            </Form.Item>
            <Form.Item label={t('shipments.discrepancies.note')} required>
              <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} data-testid="resolve-note" />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {open === 'reject' && (
        <Modal
          open
          title={t('shipments.discrepancies.rejectWriteOff')}
          onCancel={() => setOpen(null)}
          confirmLoading={busy}
          okButtonProps={{ disabled: !note.trim() }}
          onOk={() => void run(() => call('discrepancy.rejectWriteOff', { id: d.id, reason: note }))}
        >
          <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} placeholder={t('shipments.action.reasonRequired')} />
        </Modal>
      )}
    </Space>
  );
}
