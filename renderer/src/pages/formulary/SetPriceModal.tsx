import { App, Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { formularySetPrice, parseYuan, PRICE_KINDS, type Item, type PriceKind } from '../../../../core/api/index.js';
import { errorMessage } from '../../api/errors.js';
import { useOpMutation } from '../../api/hooks.js';
import { FormModal } from '../../forms/FormModal.js';
import { showApiError, validateWith } from '../../forms/zodForm.js';
import { priceKindLabel } from './labels.js';

interface PriceValues {
  kind: PriceKind | undefined;
  /** Yuan as typed; converted to micro-yuan without a float. */
  priceMicro: string;
  effectiveFrom: string;
  note: string;
}

const today = () => new Date().toLocaleDateString('sv-SE');

/** Records a new price; the old ones stay in the history. Prices are per purchase unit. */
export function SetPriceModal({ item, onClose }: { item: Item; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PriceValues>();
  const setPrice = useOpMutation('formulary.setPrice', ['formulary.get', 'formulary.list']);

  const submit = async (values: PriceValues): Promise<boolean> => {
    const micro = parseYuan(values.priceMicro ?? '');
    const checked = validateWith(form, formularySetPrice.input, {
      itemId: item.id,
      kind: values.kind,
      priceMicro: micro ?? 0,
      effectiveFrom: values.effectiveFrom,
      note: values.note,
    });
    if (micro === null) form.setFields([{ name: 'priceMicro', errors: [t('itemDetail.priceInvalid')] }]);
    if (!checked.ok || micro === null) return false;
    try {
      await setPrice.mutateAsync(checked.data);
      void message.success(t('itemDetail.priceSaved'));
      return true;
    } catch (error) {
      if (!showApiError(form, error)) void message.error(errorMessage(error, t));
      return false;
    }
  };

  return (
    <FormModal
      open
      title={`${t('itemDetail.setPrice')} · ${item.genericName} ${item.spec}`}
      form={form}
      initialValues={{ kind: 'listed', priceMicro: '', effectiveFrom: today(), note: '' }}
      onSubmit={submit}
      onClose={onClose}
      width={520}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="kind" label={t('itemDetail.priceKind')}>
            <Select options={PRICE_KINDS.map((k) => ({ value: k, label: priceKindLabel(t, k) }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="priceMicro" label={t('itemDetail.price')} extra={t('itemDetail.priceUnit', { unit: item.purchaseUnit })}>
            <Input inputMode="decimal" suffix={`元/${item.purchaseUnit}`} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="effectiveFrom" label={t('itemDetail.effectiveFrom')}>
            <Input placeholder="YYYY-MM-DD" maxLength={10} className="mono" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="note" label={t('itemDetail.note')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
