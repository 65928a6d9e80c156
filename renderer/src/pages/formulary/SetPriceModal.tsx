import { Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { formularySetPrice, parseYuan, PRICE_KINDS, type Item, type PriceKind } from '../../../../core/api/index.js';
import { useOpMutation } from '../../api/hooks.js';
import { FormModal } from '../../forms/FormModal.js';
import { useSubmit } from '../../forms/useSubmit.js';
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
  const [form] = Form.useForm<PriceValues>();
  const setPrice = useOpMutation('formulary.setPrice', ['formulary.get', 'formulary.list']);

  const { submit: send } = useSubmit(form);
  const submit = (values: PriceValues) => {
    const micro = parseYuan(values.priceMicro ?? '');
    return send({
      schema: formularySetPrice.input,
      input: { itemId: item.id, kind: values.kind, priceMicro: micro ?? 0, effectiveFrom: values.effectiveFrom, note: values.note },
      extra: () => (micro === null ? [{ name: 'priceMicro', message: t('itemDetail.priceInvalid') }] : []),
      send: (data) => setPrice.mutateAsync(data),
      success: t('itemDetail.priceSaved'),
    });
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
