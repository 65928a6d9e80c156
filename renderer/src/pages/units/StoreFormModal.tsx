import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { storeFields, storeUpdate, type Store } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { FormModal } from '../../forms/FormModal.js';
import { useSubmit } from '../../forms/useSubmit.js';

interface StoreValues {
  code: string;
  name: string;
}

/** New store of a unit (code and name), or a rename of an existing one (its code never changes). */
export function StoreFormModal({
  unitId,
  store,
  open,
  onClose,
  onSaved,
}: {
  unitId: number;
  store: Store | null;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StoreValues>();

  const { submit: send } = useSubmit(form);
  const submit = async (values: StoreValues): Promise<boolean> => {
    const saved = store
      ? await send({
          schema: storeUpdate.input,
          input: { id: store.id, name: values.name, active: store.active },
          send: (data) => call('store.update', data),
          success: t('common.saved'),
        })
      : await send({
          schema: storeFields,
          input: { unitId, code: values.code, name: values.name },
          send: (data) => call('store.create', data),
          success: t('stores.created'),
        });
    if (saved) onSaved();
    return saved;
  };

  return (
    <FormModal
      open={open}
      title={store ? t('stores.renameTitle') : t('stores.createTitle')}
      form={form}
      initialValues={{ code: store?.code ?? '', name: store?.name ?? '' }}
      onSubmit={submit}
      onClose={onClose}
      width={440}
    >
      <Form.Item name="code" label={t('stores.code')}>
        <Input disabled={store !== null} className="mono" />
      </Form.Item>
      <Form.Item name="name" label={t('stores.name')}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}
