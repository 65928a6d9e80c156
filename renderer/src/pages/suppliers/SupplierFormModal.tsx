import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, DatePicker, Divider, Form, Input, Row, Select, Switch, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { QUALIFICATION_KINDS, SUPPLIER_KINDS, supplierFields, type QualificationKind, type Supplier, type SupplierKind } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { FormModal } from '../../forms/FormModal.js';
import { useSubmit } from '../../forms/useSubmit.js';
import { useCan } from '../../session/SessionContext.js';

interface SupplierValues {
  name: string;
  uscc: string;
  kind: SupplierKind;
  sme: boolean;
  bankName: string;
  bankAccountName: string;
  bankAccountNo: string;
  contactName: string;
  contactPhone: string;
  address: string;
  note: string;
  qualifications: { kind: QualificationKind | undefined; number: string; expiresOn: string; note: string }[];
  platformCodes: { profile: string; code: string }[];
}

/** A new distributor starts with the licences every drug order needs, so nobody forgets one. */
const NEW_QUALIFICATIONS: SupplierValues['qualifications'] = [
  { kind: 'business_licence', number: '', expiresOn: '', note: '' },
  { kind: 'drug_trade_licence', number: '', expiresOn: '', note: '' },
];

function initialValues(supplier: Supplier | null): SupplierValues {
  if (!supplier) {
    return {
      name: '',
      uscc: '',
      kind: 'distributor',
      sme: false,
      bankName: '',
      bankAccountName: '',
      bankAccountNo: '',
      contactName: '',
      contactPhone: '',
      address: '',
      note: '',
      qualifications: NEW_QUALIFICATIONS,
      platformCodes: [],
    };
  }
  return {
    name: supplier.name,
    uscc: supplier.uscc,
    kind: supplier.kind,
    sme: supplier.sme,
    bankName: supplier.bankName ?? '',
    bankAccountName: supplier.bankAccountName ?? '',
    bankAccountNo: supplier.bankAccountNo ?? '',
    contactName: supplier.contactName,
    contactPhone: supplier.contactPhone,
    address: supplier.address,
    note: supplier.note,
    qualifications: supplier.qualifications.map((q) => ({ kind: q.kind, number: q.number, expiresOn: q.expiresOn ?? '', note: q.note })),
    platformCodes: supplier.platformCodes,
  };
}

/** A date picker whose form value stays YYYY-MM-DD text ('' = 长期). */
const dateProps = {
  getValueProps: (value: string) => ({ value: value ? dayjs(value) : null }),
  normalize: (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : ''),
};

/** Create or edit a supplier with its 首营资料 and platform codes; checked with the hub's own zod schema. */
export function SupplierFormModal({ supplier, open, onClose }: { supplier: Supplier | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<SupplierValues>();
  const { submit: send } = useSubmit(form);
  // Bank fields the caller may not read are not sent back empty: only who sees them edits them.
  const canSeeBank = useCan('community.account');

  const submit = (values: SupplierValues) =>
    send({
      schema: supplierFields,
      // A platform row left blank is not a code: it is dropped rather than refused.
      input: { ...values, platformCodes: values.platformCodes.filter((p) => p.profile.trim() || p.code.trim()) },
      send: async (data) => {
        const saved = supplier ? await call('supplier.update', { id: supplier.id, version: supplier.version, fields: data }) : await call('supplier.create', data);
        await client.invalidateQueries({ queryKey: ['supplier.list'] });
        await client.invalidateQueries({ queryKey: ['supplier.get', { id: saved.supplier.id }] });
        await client.invalidateQueries({ queryKey: ['supplier.alerts'] });
      },
      success: supplier ? t('common.saved') : t('suppliers.created'),
      errorPrefix: supplier ? 'fields.' : '',
    });

  return (
    <FormModal
      open={open}
      title={supplier ? t('suppliers.editTitle') : t('suppliers.createTitle')}
      form={form}
      initialValues={initialValues(supplier)}
      onSubmit={submit}
      onClose={onClose}
      width={860}
    >
      <Row gutter={16}>
        <Col span={14}>
          <Form.Item name="name" label={t('suppliers.name')}>
            <Input data-testid="supplier-name" />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="uscc" label={t('suppliers.uscc')}>
            <Input className="mono" maxLength={18} data-testid="supplier-uscc" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="kind" label={t('suppliers.kindLabel')}>
            <Select options={SUPPLIER_KINDS.map((k) => ({ value: k, label: t(`suppliers.kind.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="sme" label={t('suppliers.sme')} valuePropName="checked" extra={t('suppliers.smeHelp')}>
            <Switch />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="contactName" label={t('suppliers.contactName')}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="contactPhone" label={t('suppliers.contactPhone')}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="address" label={t('suppliers.address')}>
            <Input />
          </Form.Item>
        </Col>
        {(canSeeBank || !supplier) && (
          <>
            <Col span={8}>
              <Form.Item name="bankName" label={t('suppliers.bankName')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="bankAccountName" label={t('suppliers.bankAccountName')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="bankAccountNo" label={t('suppliers.bankAccountNo')}>
                <Input className="mono" />
              </Form.Item>
            </Col>
          </>
        )}
        <Col span={24}>
          <Form.Item name="note" label={t('suppliers.note')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start" style={{ margin: '4px 0 12px' }}>
        {t('suppliers.qualifications')}
      </Divider>
      <Form.List name="qualifications">
        {(fields, { add, remove }) => (
          <>
            {fields.length === 0 && <Typography.Text type="secondary">{t('suppliers.noQualifications')}</Typography.Text>}
            {fields.map((field) => (
              <Row gutter={8} key={field.key} align="top">
                <Col span={6}>
                  <Form.Item name={[field.name, 'kind']} label={field.name === 0 ? t('suppliers.qualificationKind') : undefined}>
                    <Select options={QUALIFICATION_KINDS.map((k) => ({ value: k, label: t(`suppliers.qualificationKinds.${k}`) }))} />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item name={[field.name, 'number']} label={field.name === 0 ? t('suppliers.qualificationNumber') : undefined}>
                    <Input className="mono" />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name={[field.name, 'expiresOn']} label={field.name === 0 ? t('suppliers.expiresOn') : undefined} {...dateProps}>
                    <DatePicker style={{ width: '100%' }} placeholder={t('suppliers.longTermPlaceholder')} />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name={[field.name, 'note']} label={field.name === 0 ? t('suppliers.note') : undefined}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={1} style={{ paddingTop: field.name === 0 ? 30 : 0 }}>
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('suppliers.remove')} />
                </Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ kind: undefined, number: '', expiresOn: '', note: '' })} style={{ marginBottom: 12 }}>
              {t('suppliers.addQualification')}
            </Button>
          </>
        )}
      </Form.List>

      <Divider titlePlacement="start" style={{ margin: '4px 0 12px' }}>
        {t('suppliers.platformCodes')}
      </Divider>
      <Form.List name="platformCodes">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Row gutter={8} key={field.key}>
                <Col span={8}>
                  <Form.Item name={[field.name, 'profile']} label={field.name === 0 ? t('suppliers.platformProfile') : undefined}>
                    <Input className="mono" />
                  </Form.Item>
                </Col>
                <Col span={11}>
                  <Form.Item name={[field.name, 'code']} label={field.name === 0 ? t('suppliers.platformCode') : undefined}>
                    <Input className="mono" />
                  </Form.Item>
                </Col>
                <Col span={1} style={{ paddingTop: field.name === 0 ? 30 : 0 }}>
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('suppliers.remove')} />
                </Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ profile: '', code: '' })}>
              {t('suppliers.addPlatformCode')}
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}
