import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { storeFields, storeUpdate, type Store } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { FormModal } from '../../forms/FormModal.js';
import { showApiError, validateWith } from '../../forms/zodForm.js';

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
  const { message } = App.useApp();
  const [form] = Form.useForm<StoreValues>();

  const submit = async (values: StoreValues): Promise<boolean> => {
    try {
      if (store) {
        const checked = validateWith(form, storeUpdate.input, { id: store.id, name: values.name, active: store.active });
        if (!checked.ok) return false;
        await call('store.update', checked.data);
        void message.success(t('common.saved'));
      } else {
        const checked = validateWith(form, storeFields, { unitId, code: values.code, name: values.name });
        if (!checked.ok) return false;
        await call('store.create', checked.data);
        void message.success(t('stores.created'));
      }
      onSaved();
      return true;
    } catch (error) {
      if (!showApiError(form, error)) void message.error(errorMessage(error, t));
      return false;
    }
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
