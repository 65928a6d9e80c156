import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addMonths, communityDate, type Receipt, type ReceiptLine } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';

/** Today on the community's calendar; addMonths is the hub's own, so the panel flags exactly the lines posting refuses. */
const today = () => communityDate(new Date());

/**
 * 近效期验收: a draft's lines whose batch expires sooner than the category's minimum remaining shelf life can be
 * accepted only after the pharmacy officer records why (receipt.allowShortExpiry); the storekeeper then posts.
 */
export function ShortExpiryPanel({ receipt }: { receipt: Receipt }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const settings = useOp('stock.settings.get', {});
  const [line, setLine] = useState<ReceiptLine | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const minimum = settings.data?.settings.minShelfLifeMonths;
  if (!minimum) return null;
  const short = receipt.lines.filter((l) => l.acceptedQuantity > 0 && l.expiry < addMonths(today(), minimum[l.category]));

  const record = async () => {
    if (!line) return;
    setBusy(true);
    try {
      await call('receipt.allowShortExpiry', { id: receipt.id, lineId: line.id, version: receipt.version, reason });
      void message.success(t('receiving.shortExpiry.recorded'));
      setLine(null);
      setReason('');
      await client.invalidateQueries({ queryKey: ['receipt.get'] });
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('receiving.shortExpiry.title')} style={{ marginTop: 16 }} data-testid="rk-short-expiry">
      {short.length === 0 ? (
        <Typography.Text type="secondary">{t('receiving.shortExpiry.none')}</Typography.Text>
      ) : (
        <Table<ReceiptLine>
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={short}
          columns={[
            { title: t('receiving.line.no'), dataIndex: 'lineNo', width: 44, align: 'center' },
            { title: t('receiving.line.item'), render: (_v, l) => `${l.genericName} ${l.spec}` },
            { title: t('receiving.line.batch'), dataIndex: 'batchNo', width: 110 },
            { title: t('receiving.line.expiry'), dataIndex: 'expiry', width: 110 },
            {
              title: t('receiving.shortExpiry.reason'),
              render: (_v, l) => (l.shortExpiryReason ? <Tag color="green">{l.shortExpiryReason}</Tag> : <Tag color="orange">{t('receiving.shortExpiry.missing')}</Tag>),
            },
            {
              title: '',
              width: 120,
              render: (_v, l) => (
                <Button size="small" onClick={() => (setLine(l), setReason(l.shortExpiryReason))} data-testid={`rk-short-${l.lineNo}`}>
                  {t('receiving.shortExpiry.record')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={line !== null}
        title={t('receiving.shortExpiry.modal', { item: line ? `${line.genericName} ${line.spec} ${line.batchNo}` : '' })}
        onCancel={() => setLine(null)}
        onOk={() => void record()}
        okButtonProps={{ disabled: !reason.trim(), loading: busy }}
        destroyOnHidden
      >
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 2 }} maxLength={200} data-testid="rk-short-reason" />
      </Modal>
    </Card>
  );
}
