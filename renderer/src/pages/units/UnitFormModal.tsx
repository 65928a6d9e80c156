import { Col, Form, Input, Row, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { UNIT_KINDS, unitFields, type Unit, type UnitKind } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { FormModal } from '../../forms/FormModal.js';
import { useSubmit } from '../../forms/useSubmit.js';
import { kindLabel } from '../../labels.js';

interface UnitValues {
  code: string;
  name: string;
  kind: UnitKind | undefined;
  parentId: number | undefined;
  uscc: string;
  insuranceCode: string;
  address: string;
  contactName: string;
  contactPhone: string;
}

function initialValues(unit: Unit | null): UnitValues {
  if (!unit) {
    return {
      code: '',
      name: '',
      kind: 'township_hospital',
      parentId: undefined,
      uscc: '',
      insuranceCode: '',
      address: '',
      contactName: '',
      contactPhone: '',
    };
  }
  const { code, name, kind, parentId, uscc, insuranceCode, address, contactName, contactPhone } = unit;
  return { code, name, kind, parentId: parentId ?? undefined, uscc, insuranceCode, address, contactName, contactPhone };
}

/** Create or edit a unit. The parent is asked for only for a village clinic, and only township-level units qualify. */
export function UnitFormModal({ unit, units, open, onClose }: { unit: Unit | null; units: Unit[]; open: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const { t } = useTranslation();
  const [form] = Form.useForm<UnitValues>();
  const kind = Form.useWatch('kind', form);
  const parents = units.filter((u) => u.level === 'township' && u.active && u.id !== unit?.id);

  const { submit: send } = useSubmit(form);
  const submit = (values: UnitValues) =>
    send({
      schema: unitFields,
      input: { ...values, parentId: values.kind === 'village_clinic' ? (values.parentId ?? null) : null },
      send: async (data) => {
        const saved = unit ? await call('unit.update', { id: unit.id, fields: data }) : await call('unit.create', data);
        await client.invalidateQueries({ queryKey: ['unit.list'] });
        await client.invalidateQueries({ queryKey: ['unit.get', { id: saved.unit.id }] });
      },
      success: unit ? t('common.saved') : t('units.created'),
      errorPrefix: unit ? 'fields.' : '',
    });

  return (
    <FormModal
      open={open}
      title={unit ? t('units.editTitle') : t('units.createTitle')}
      form={form}
      initialValues={initialValues(unit)}
      onSubmit={submit}
      onClose={onClose}
      width={680}
    >
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="code" label={t('units.code')}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="name" label={t('units.name')}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="kind" label={t('units.kind')}>
            <Select
              disabled={unit?.isLead}
              options={UNIT_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))}
              data-testid="unit-kind"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          {/* Always shown so the form keeps its shape; only a village clinic has a parent. */}
          <Form.Item name="parentId" label={t('units.parent')} extra={kind === 'village_clinic' ? t('units.parentHelp') : undefined}>
            <Select
              allowClear
              disabled={kind !== 'village_clinic'}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={kind === 'village_clinic' ? t('units.parentPlaceholder') : t('units.parentNotNeeded')}
              options={parents.map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="uscc" label={t('units.uscc')}>
            <Input className="mono" maxLength={18} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="insuranceCode" label={t('units.insuranceCode')}>
            <Input className="mono" maxLength={12} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="address" label={t('units.address')}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="contactName" label={t('units.contactName')}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="contactPhone" label={t('units.contactPhone')}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
