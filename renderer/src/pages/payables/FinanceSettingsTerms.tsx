import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input, InputNumber, Radio, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { supplierTermsSave, type OpOutput } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { opKey, useOp } from '../../api/hooks.js';
import { FormModal } from '../../forms/FormModal.js';
import { useSubmit } from '../../forms/useSubmit.js';
import { formatDateTime } from '../../labels.js';

type Terms = OpOutput<'supplierTerms.get'>['terms'][number];

interface TermsValues {
  termDays: number | null;
  fromAcceptance: boolean;
  /** % a year (the contract keeps basis points). */
  interestRateBp: number | null;
  note: string;
}

/** 合同账期: every supplier's contract payment terms (supplierTerms.get), edited one at a time (supplierTerms.save). */
export function FinanceSettingsTerms({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const query = useOp('supplierTerms.get', {});
  const settings = useOp('financeSettings.get', {});
  const smeMaxDays = settings.data?.settings.smeMaxDays ?? null;
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Terms | null>(null);
  const rows = useMemo(() => (query.data?.terms ?? []).filter((r) => q === '' || r.supplierName.includes(q)), [query.data, q]);

  if (query.error) return <Alert type="error" showIcon title={errorMessage(query.error, t)} />;
  return (
    <Flex vertical gap={12}>
      <Alert type="info" showIcon title={t('financeSettings.terms.intro')} />
      <Input.Search allowClear style={{ width: 280 }} placeholder={t('financeSettings.terms.search')} onSearch={(v) => setQ(v.trim())} data-testid="terms-search" />
      <Table<Terms>
        size="small"
        rowKey="supplierId"
        loading={query.isLoading}
        dataSource={rows}
        data-testid="terms-table"
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('financeSettings.terms.empty') }}
        columns={[
          {
            key: 'supplier',
            title: t('financeSettings.terms.supplier'),
            render: (_, r) => (
              <span>
                {r.supplierName}
                {r.sme && (
                  <Tag color="green" style={{ marginInlineStart: 8 }}>
                    {t('financeSettings.terms.sme')}
                  </Tag>
                )}
              </span>
            ),
          },
          {
            key: 'termDays',
            title: t('financeSettings.terms.termDays'),
            width: 200,
            render: (_, r) =>
              r.termDays === null ? (
                <Typography.Text type="secondary">{t('financeSettings.terms.noTerm')}</Typography.Text>
              ) : (
                <span>
                  {t('financeSettings.terms.daysValue', { days: r.termDays })}
                  {r.sme && smeMaxDays !== null && r.termDays > smeMaxDays && (
                    <Typography.Text type="warning" style={{ display: 'block', fontSize: 12 }}>
                      {t('financeSettings.terms.capped', { max: smeMaxDays })}
                    </Typography.Text>
                  )}
                </span>
              ),
          },
          {
            key: 'from',
            title: t('financeSettings.terms.fromAcceptance'),
            width: 120,
            render: (_, r) => (r.fromAcceptance ? t('financeSettings.terms.acceptance') : t('financeSettings.terms.delivery')),
          },
          {
            key: 'rate',
            title: t('financeSettings.terms.interestRate'),
            width: 130,
            render: (_, r) =>
              r.interestRateBp === null ? (
                <Typography.Text type="secondary">{t('financeSettings.terms.noTerm')}</Typography.Text>
              ) : (
                t('financeSettings.terms.rateValue', { rate: (r.interestRateBp / 100).toFixed(2) })
              ),
          },
          { key: 'note', title: t('financeSettings.terms.note'), dataIndex: 'note', ellipsis: true },
          {
            key: 'updated',
            title: t('financeSettings.terms.updated'),
            width: 190,
            render: (_, r) => (r.updatedAt ? `${formatDateTime(r.updatedAt)} ${r.updatedBy ?? ''}` : ''),
          },
          ...(canEdit
            ? [
                {
                  key: 'edit',
                  title: '',
                  width: 80,
                  render: (_: unknown, r: Terms) => (
                    <Button size="small" onClick={() => setEditing(r)} data-testid={`terms-edit-${r.supplierId}`}>
                      {t('financeSettings.terms.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <TermsModal terms={editing} smeMaxDays={smeMaxDays} onClose={() => setEditing(null)} />}
    </Flex>
  );
}

function TermsModal({ terms, smeMaxDays, onClose }: { terms: Terms; smeMaxDays: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<TermsValues>();
  const { submit } = useSubmit(form);
  const termDays = Form.useWatch('termDays', form);
  const onSubmit = (values: TermsValues) =>
    submit({
      schema: supplierTermsSave.input,
      input: {
        supplierId: terms.supplierId,
        termDays: values.termDays ?? null,
        fromAcceptance: values.fromAcceptance,
        interestRateBp: typeof values.interestRateBp === 'number' ? Math.round(values.interestRateBp * 100) : null,
        note: values.note ?? '',
      },
      send: async (data) => {
        const result = await call('supplierTerms.save', data);
        client.setQueryData<OpOutput<'supplierTerms.get'>>(opKey('supplierTerms.get', {}), (old) =>
          old ? { terms: old.terms.map((r) => (r.supplierId === result.terms.supplierId ? result.terms : r)) } : old,
        );
        return result;
      },
      success: t('financeSettings.saved'),
    });
  return (
    <FormModal<TermsValues>
      open
      title={t('financeSettings.terms.editTitle', { name: terms.supplierName })}
      form={form}
      initialValues={{
        termDays: terms.termDays,
        fromAcceptance: terms.fromAcceptance,
        interestRateBp: terms.interestRateBp === null ? null : terms.interestRateBp / 100,
        note: terms.note,
      }}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <Form.Item
        name="termDays"
        label={t('financeSettings.terms.termDays')}
        extra={
          terms.sme && smeMaxDays !== null && typeof termDays === 'number' && termDays > smeMaxDays ? (
            <Typography.Text type="warning">{t('financeSettings.terms.capped', { max: smeMaxDays })}</Typography.Text>
          ) : (
            t('financeSettings.terms.termDaysHelp')
          )
        }
      >
        <InputNumber style={{ width: 200 }} suffix={t('financeSettings.rules.days')} data-testid="terms-days" />
      </Form.Item>
      <Form.Item name="fromAcceptance" label={t('financeSettings.terms.fromAcceptance')} extra={t('financeSettings.terms.fromAcceptanceHelp')}>
        <Radio.Group
          options={[
            { value: true, label: t('financeSettings.terms.acceptance') },
            { value: false, label: t('financeSettings.terms.delivery') },
          ]}
        />
      </Form.Item>
      <Form.Item name="interestRateBp" label={t('financeSettings.terms.interestRate')} extra={t('financeSettings.terms.interestRateHelp')}>
        <InputNumber style={{ width: 200 }} precision={2} suffix={t('financeSettings.rules.percent')} data-testid="terms-rate" />
      </Form.Item>
      <Form.Item name="note" label={t('financeSettings.terms.note')}>
        <Input placeholder={t('financeSettings.terms.notePlaceholder')} data-testid="terms-note" />
      </Form.Item>
    </FormModal>
  );
}
