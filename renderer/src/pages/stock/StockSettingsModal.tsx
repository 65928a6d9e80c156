import { useQueryClient } from '@tanstack/react-query';
import { App, Alert, Form, InputNumber, Modal, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ITEM_CATEGORIES, stockSettingsUpdate, type ItemCategory } from '../../../../core/api/index.js';
import { ApiError, call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { showFieldErrors, validateWith } from '../../forms/zodForm.js';

interface Values {
  nearExpiryMonths: number[];
  minShelfLifeMonths: Record<ItemCategory, number>;
}

/** The community's stock rules: near-expiry thresholds and the minimum remaining shelf life per category. */
export function StockSettingsModal({ open, canEdit, onClose }: { open: boolean; canEdit: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const settings = useOp('stock.settings.get', {}, { enabled: open });
  useEffect(() => {
    if (open && settings.data) form.setFieldsValue(settings.data.settings as Values);
  }, [open, settings.data, form]);

  const save = async () => {
    const values = form.getFieldsValue();
    const checked = validateWith(form, stockSettingsUpdate.input, { ...values, nearExpiryMonths: (values.nearExpiryMonths ?? []).map(Number) });
    if (!checked.ok) return;
    setSaving(true);
    try {
      await call('stock.settings.update', checked.data);
      await Promise.all(['stock.settings.get', 'stock.nearExpiry'].map((name) => client.invalidateQueries({ queryKey: [name] })));
      void message.success(t('stock.settingsSaved'));
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) showFieldErrors(form, error.fields);
      else void message.error(errorMessage(error, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('stock.settingsTitle')}
      open={open}
      onCancel={onClose}
      onOk={canEdit ? () => void save() : onClose}
      okText={canEdit ? t('common.save') : t('common.close')}
      cancelButtonProps={canEdit ? {} : { style: { display: 'none' } }}
      confirmLoading={saving}
      destroyOnHidden
      width={520}
    >
      {!canEdit && <Alert type="info" showIcon message={t('stock.settingsReadOnly')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" disabled={!canEdit} data-testid="stock-settings-form">
        <Form.Item name="nearExpiryMonths" label={t('stock.nearExpiryMonths')} extra={t('stock.nearExpiryMonthsHelp')}>
          <Select<number[]>
            mode="tags"
            tokenSeparators={[',', '，', ' ']}
            options={[1, 2, 3, 6, 9, 12].map((m) => ({ value: m, label: `${m} ${t('stock.months')}` }))}
            onChange={(values) => form.setFieldValue('nearExpiryMonths', values.map(Number).filter((n) => Number.isFinite(n)))}
          />
        </Form.Item>
        <Form.Item label={t('stock.minShelfLife')} extra={t('stock.minShelfLifeHelp')} style={{ marginBottom: 0 }}>
          <Space wrap size={[16, 0]}>
            {ITEM_CATEGORIES.map((category) => (
              <Form.Item key={category} name={['minShelfLifeMonths', category]} label={t(`itemCategory.${category}`)} style={{ width: 140 }}>
                <InputNumber min={0} max={60} precision={0} addonAfter={t('stock.months')} style={{ width: '100%' }} />
              </Form.Item>
            ))}
          </Space>
        </Form.Item>
      </Form>
    </Modal>
  );
}
