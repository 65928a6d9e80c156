import { Form, Input } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { communityUpdate, type Community } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { FormModal } from '../../forms/FormModal.js';
import { useSubmit } from '../../forms/useSubmit.js';

type CommunityValues = Pick<Community, 'name' | 'institutionCode' | 'bankName' | 'bankAccountName' | 'bankAccountNo'>;

export function CommunityForm({ community, onClose }: { community: Community; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<CommunityValues>();
  const { name, institutionCode, bankName, bankAccountName, bankAccountNo } = community;

  const { submit: send } = useSubmit(form);
  const submit = (values: CommunityValues) =>
    send({
      schema: communityUpdate.input,
      input: values,
      send: async (data) => client.setQueryData(['community.get', {}], await call('community.update', data)),
      success: t('community.saved'),
    });

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
