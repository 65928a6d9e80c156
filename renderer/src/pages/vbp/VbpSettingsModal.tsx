import { App, Form, InputNumber, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useOp, useOpMutation } from '../../api/hooks.js';
import { useAction } from '../../api/useAction.js';

/** 集采监测设置: the margin (percentage points) beyond which a product or unit is behind; vbp.manage. */
export function VbpSettingsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ marginPp: number }>();
  const settings = useOp('vbp.settings.get', {}, { enabled: open });
  const save = useOpMutation('vbp.settings.save', ['vbp.settings.get', 'vbp.monitor']);
  const { busy, run } = useAction();
  useEffect(() => {
    if (open && settings.data) form.setFieldsValue(settings.data.settings);
  }, [open, settings.data, form]);
  const submit = async () => {
    const values = await form.validateFields();
    if (await run(() => save.mutateAsync({ marginPp: values.marginPp }))) {
      void message.success(t('vbp.settingsDialog.saved'));
      onClose();
    }
  };
  return (
    <Modal
      open={open}
      title={t('vbp.settingsDialog.title')}
      okText={t('vbp.settingsDialog.save')}
      cancelText={t('vbp.settingsDialog.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ id: 'vbp-settings-save' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="marginPp" label={t('vbp.settingsDialog.margin')} extra={t('vbp.settingsDialog.marginHint')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100} precision={0} style={{ width: 160 }} data-testid="vbp-margin" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
