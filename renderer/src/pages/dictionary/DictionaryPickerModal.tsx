import { App, Button, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemFieldsInput } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { DictionarySearch } from './DictionarySearch.js';

/** Search the 医保药品代码库, choose a row, and hand back the item fields it fills (dictionary.get's draft). */
export function DictionaryPickerModal({
  open,
  onClose,
  onPick,
}: {
  open: boolean;
  onClose: () => void;
  onPick: (draft: ItemFieldsInput, code: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [loading, setLoading] = useState<string | null>(null);

  const pick = async (code: string) => {
    setLoading(code);
    try {
      const { draft } = await call('dictionary.get', { code });
      onPick(draft, code);
      onClose();
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setLoading(null);
    }
  };

  return (
    <Modal open={open} title={t('dictionary.pickTitle')} onCancel={onClose} footer={null} width={1080} destroyOnHidden>
      <DictionarySearch
        autoFocus
        height={380}
        action={(hit) => (
          <Button size="small" type="primary" loading={loading === hit.code} onClick={() => void pick(hit.code)}>
            {t('dictionary.pick')}
          </Button>
        )}
      />
    </Modal>
  );
}
