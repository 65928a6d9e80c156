import { Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { clearErrorsOnChange } from './zodForm.js';

/**
 * A modal around one antd Form: OK submits, the button spins while the call runs, and the modal stays open
 * when `onSubmit` returns false (validation or server problems are already shown on the fields).
 */
export function FormModal<V extends object>({
  open,
  title,
  form,
  initialValues,
  onSubmit,
  onClose,
  width = 560,
  children,
}: {
  open: boolean;
  title: string;
  form: FormInstance<V>;
  initialValues: Partial<V>;
  onSubmit: (values: V) => Promise<boolean>;
  onClose: () => void;
  width?: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      if (await onSubmit(form.getFieldsValue(true) as V)) onClose();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      width={width}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form form={form} layout="vertical" requiredMark={false} initialValues={initialValues} onValuesChange={clearErrorsOnChange(form)} onFinish={() => void submit()} preserve={false} style={{ marginTop: 16 }}>
        {children}
        {/* Enter in any field submits. */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
