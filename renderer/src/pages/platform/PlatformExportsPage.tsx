import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperationName } from '../../../../core/api/index.js';
import { ApiError, call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { downloadBase64 } from '../books/booksShared.js';
import { ExchangeHistory } from './ExchangeHistory.js';

const KINDS = {
  orders: 'platform.exportOrders',
  receiptConfirmations: 'platform.exportReceiptConfirmations',
  returns: 'platform.exportReturns',
  settlement: 'platform.exportSettlement',
} as const satisfies Record<string, OperationName>;
type Kind = keyof typeof KINDS;

/**
 * 导出平台文件: pick the profile, the file and the period; the hub writes it (xlsx or CSV) through the profile, or
 * refuses with every reason (an item without its platform id, a supplier without its code …), listed here.
 */
export function PlatformExportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const profiles = useOp('platformProfile.list', {});
  const [profile, setProfile] = useState<string | undefined>(undefined);
  const [kind, setKind] = useState<Kind>('orders');
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string[] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosen = profile ?? profiles.data?.profiles[0]?.name;

  const run = async () => {
    if (!chosen) return;
    setBusy(true);
    setRefusal(null);
    setDone(null);
    try {
      const file = await call(KINDS[kind], { profile: chosen, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), format });
      downloadBase64(file);
      setDone(t('platform.exports.done', { rows: file.rowCount, file: file.fileName }));
      void client.invalidateQueries({ queryKey: ['platformExchange.list'] });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION' && error.fields.length) setRefusal(error.fields.map((f) => f.message));
      else void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t('nav.platformExports')} subtitle={t('platform.exports.subtitle')} />
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('platform.exports.profile')}>
          <Select
            style={{ width: 300 }}
            value={chosen}
            loading={profiles.isPending}
            onChange={setProfile}
            data-testid="export-profile"
            options={(profiles.data?.profiles ?? []).map((p) => ({ value: p.name, label: `${p.label}（${p.name}）` }))}
          />
        </Form.Item>
        <Form.Item label={t('platform.exports.exchange')}>
          <Select
            style={{ width: 220 }}
            value={kind}
            onChange={setKind}
            data-testid="export-kind"
            options={(Object.keys(KINDS) as Kind[]).map((k) => ({ value: k, label: t(`platform.exports.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('platform.exports.period')}>
          <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} data-testid="export-period" />
        </Form.Item>
        <Form.Item label={t('platform.exports.format')}>
          <Radio.Group value={format} onChange={(e) => setFormat(e.target.value as 'xlsx' | 'csv')} optionType="button" options={[{ value: 'xlsx', label: 'xlsx' }, { value: 'csv', label: 'CSV' }]} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} disabled={!chosen} data-testid="export-run">
            {t('platform.exports.download')}
          </Button>
        </Form.Item>
      </Form>
      {done && <Alert type="success" showIcon message={done} style={{ marginBottom: 12 }} data-testid="export-done" />}
      {refusal && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="export-refusal"
          message={t('platform.exports.refused', { count: refusal.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {refusal.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          }
        />
      )}
      <ExchangeHistory direction="out" />
    </>
  );
}
