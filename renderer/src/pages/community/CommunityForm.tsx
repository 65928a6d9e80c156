import { App, Form, Input } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { communityUpdate, type Community } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { FormModal } from '../../forms/FormModal.js';
import { showApiError, validateWith } from '../../forms/zodForm.js';

type CommunityValues = Pick<Community, 'name' | 'institutionCode' | 'bankName' | 'bankAccountName' | 'bankAccountNo'>;

export function CommunityForm({ community, onClose }: { community: Community; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<CommunityValues>();
  const { name, institutionCode, bankName, bankAccountName, bankAccountNo } = community;

  const submit = async (values: CommunityValues): Promise<boolean> => {
    const checked = validateWith(form, communityUpdate.input, values);
    if (!checked.ok) return false;
    try {
      const saved = await call('community.update', checked.data);
      client.setQueryData(['community.get', {}], saved);
      void message.success(t('community.saved'));
      return true;
    } catch (error) {
      if (!showApiError(form, error)) void message.error(errorMessage(error, t));
      return false;
    }
  };

  return (
    <FormModal
      open
      title={t('community.editTitle')}
      form={form}
      initialValues={{ name, institutionCode, bankName, bankAccountName, bankAccountNo }}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('community.name')}>
        <Input />
      </Form.Item>
      <Form.Item name="institutionCode" label={t('community.institutionCode')} extra={t('setup.institutionCodeHelp')}>
        <Input className="mono" />
      </Form.Item>
      <Form.Item name="bankName" label={t('community.bankName')}>
        <Input />
      </Form.Item>
      <Form.Item name="bankAccountName" label={t('community.bankAccountName')}>
        <Input />
      </Form.Item>
      <Form.Item name="bankAccountNo" label={t('community.bankAccountNo')}>
        <Input className="mono" />
      </Form.Item>
    </FormModal>
  );
}
