import { App, Alert, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PROPOSABLE_CHANGE_KINDS,
  changeRequestPropose,
  type ChangeKind,
  type Item,
  type LevelAvailability,
  type OpInput,
} from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { ItemPicker } from '../../components/ItemPicker.js';
import { useSubmit } from '../../forms/useSubmit.js';
import { clearErrorsOnChange } from '../../forms/zodForm.js';
import { DictionaryPickerModal } from '../dictionary/DictionaryPickerModal.js';
import { ItemFormFields, LevelCheckboxes } from '../formulary/ItemFormFields.js';
import { emptyItemValues, itemFormValues, toItemInput, type ItemFormValues } from '../formulary/itemFormValues.js';
import { changeKindLabel } from '../formulary/labels.js';

export interface ProposeStart {
  kind: ChangeKind;
  item?: Item;
}

interface ProposeValues {
  kind: ChangeKind;
  itemId: number | null;
  item: ItemFormValues;
  levels: LevelAvailability;
  reason: string;
}

function proposal(values: ProposeValues): OpInput<'changeRequest.propose'> | Record<string, unknown> {
  const { kind, itemId, reason } = values;
  if (kind === 'add') return { kind, item: toItemInput(values.item), reason };
  if (kind === 'change') return { kind, itemId, item: toItemInput(values.item), reason };
  if (kind === 'levels') return { kind, itemId, levels: values.levels, reason };
  return { kind, itemId, reason };
}

/**
 * A 目录变更申请: the kind, the item it concerns (picked with the one search box), the proposed fields or
 * levels, and the reason. Checked with changeRequest.propose's own schema before it is sent.
 */
export function ProposeModal({ start, onClose }: { start: ProposeStart; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<ProposeValues>();
  const { submit: send, busy } = useSubmit(form);
  const [picking, setPicking] = useState(false);
  const [filledFrom, setFilledFrom] = useState<string | null>(null);
  const kind = (Form.useWatch('kind', form) as ChangeKind | undefined) ?? start.kind;
  const needsItem = kind !== 'add';
  const editsFields = kind === 'add' || kind === 'change';

  const initial: ProposeValues = {
    kind: start.kind,
    itemId: start.item?.id ?? null,
    item: start.item ? itemFormValues(start.item) : emptyItemValues(),
    levels: start.item?.levels ?? { county: true, township: true, village: false },
    reason: '',
  };

  // A change or a level change starts from the item as it is now.
  const loadItem = async (id: number | null) => {
    if (id === null) return;
    try {
      const { item } = await call('formulary.get', { id });
      form.setFieldsValue({ item: itemFormValues(item), levels: item.levels });
    } catch (error) {
      void message.error(errorMessage(error, t));
    }
  };

  const submit = async () => {
    const values = form.getFieldsValue(true) as ProposeValues;
    const sent = await send({
      schema: changeRequestPropose.input,
      input: proposal(values),
      extra: () => (needsItem && !values.itemId ? [{ name: 'itemId', message: t('changeRequest.itemRequired') }] : []),
      send: async (data) => {
        const { request } = await call('changeRequest.propose', data);
        await client.invalidateQueries({ queryKey: ['changeRequest.list'] });
        return request;
      },
      success: (request) => t('changeRequest.submitted', { number: request.number }),
    });
    if (sent) onClose();
  };

  return (
    <Modal
      open
      title={t('changeRequest.proposeTitle')}
      width={940}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', paddingRight: 8 } }}
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initial}
        onValuesChange={clearErrorsOnChange(form)}
        preserve
        style={{ marginTop: 16 }}
        data-testid="propose-form"
      >
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="kind" label={t('changeRequest.kind')}>
              <Select options={PROPOSABLE_CHANGE_KINDS.map((k) => ({ value: k, label: changeKindLabel(t, k) }))} />
            </Form.Item>
          </Col>
          {needsItem && (
            <Col span={16}>
              <Form.Item name="itemId" label={t('changeRequest.item')}>
                <ItemPicker includeInactive onChange={(id) => void loadItem(id)} />
              </Form.Item>
            </Col>
          )}
        </Row>
        {filledFrom && editsFields && (
          <Alert type="success" showIcon title={t('itemForm.filledFromDictionary', { code: filledFrom })} style={{ marginBottom: 12 }} />
        )}
        {editsFields && <ItemFormFields onPickFromDictionary={kind === 'add' ? () => setPicking(true) : undefined} />}
        {kind === 'levels' && (
          <>
            <div style={{ marginBottom: 6 }}>{t('changeRequest.proposedLevels')}</div>
            <LevelCheckboxes name={['levels']} />
          </>
        )}
        <Form.Item name="reason" label={t('changeRequest.reason')} style={{ marginTop: 8 }}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
      <DictionaryPickerModal
        open={picking}
        onClose={() => setPicking(false)}
        onPick={(draft, code) => {
          form.setFieldsValue({ item: itemFormValues(draft) });
          setFilledFrom(code);
        }}
      />
    </Modal>
  );
}
