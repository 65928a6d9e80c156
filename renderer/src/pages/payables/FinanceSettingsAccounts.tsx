import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Radio, Skeleton, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { accountMapSave, type OpOutput, type VoucherAccountMap } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { opKey, useOp } from '../../api/hooks.js';
import { useSubmit } from '../../forms/useSubmit.js';
import { StickyActions } from './FinanceSettingsShared.js';
import { clearErrorsOnChange } from '../../forms/zodForm.js';
import { formatDateTime } from '../../labels.js';

type MapData = OpOutput<'accountMap.get'>;
type Row = MapData['rows'][number];
type Values = Pick<VoucherAccountMap, 'accounts' | 'auxiliary'>;

const valuesOf = (data: MapData): Values => ({
  // Every internal account in the contract's order, mapped or not: the hub drops the blank ones when it saves.
  accounts: data.rows.map((r) => ({ account: r.account, code: r.code, name: r.name })),
  auxiliary: data.map.auxiliary,
});

/** 科目映射: the app's internal accounts → the accounting software's codes and names (accountMap.get / accountMap.save). */
export function FinanceSettingsAccounts({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const query = useOp('accountMap.get', {});
  if (query.error) return <Alert type="error" showIcon title={errorMessage(query.error, t)} />;
  if (!query.data) return <Skeleton active />;
  return <AccountsForm data={query.data} canEdit={canEdit} />;
}

function AccountsForm({ data, canEdit }: { data: MapData; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { submit, busy } = useSubmit(form);
  const accounts = Form.useWatch('accounts', form) as Values['accounts'] | undefined;
  const mapped = (accounts ?? valuesOf(data).accounts).filter((a) => a?.code?.trim()).length;
  const { supplierCodes, unitCodes } = data.map.auxiliary;

  const save = () => {
    const values = form.getFieldsValue(true) as Values;
    return submit({
      schema: accountMapSave.input,
      input: { accounts: values.accounts, unitOverrides: data.map.unitOverrides, auxiliary: { ...data.map.auxiliary, ...values.auxiliary } },
      send: async (input) => {
        const result = await call('accountMap.save', input);
        client.setQueryData<MapData>(opKey('accountMap.get', {}), result);
        form.setFieldsValue(valuesOf(result));
        return result;
      },
      success: t('financeSettings.saved'),
    });
  };

  const applySuggested = (rows: readonly { row: Row; index: number }[]) => {
    for (const { row, index } of rows) {
      form.setFieldValue(['accounts', index, 'code'], row.suggestedCode);
      form.setFieldValue(['accounts', index, 'name'], row.suggestedName);
    }
  };

  return (
    <Form form={form} layout="vertical" requiredMark={false} initialValues={valuesOf(data)} disabled={!canEdit} onValuesChange={clearErrorsOnChange(form)}>
      <Flex vertical gap={12}>
        <Alert type="info" showIcon title={t('financeSettings.accounts.intro')} />
        {data.map.unitOverrides.length > 0 && <Alert type="warning" showIcon title={t('financeSettings.accounts.overrides', { count: data.map.unitOverrides.length })} />}
        <Card
          size="small"
          title={
            <Flex gap={16} align="baseline">
              <span data-testid="accounts-mapped">{t('financeSettings.accounts.mapped', { mapped, total: data.rows.length })}</span>
              {data.updatedAt && (
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                  {t('financeSettings.accounts.updatedAt', { at: formatDateTime(data.updatedAt) })}
                </Typography.Text>
              )}
            </Flex>
          }
          extra={
            canEdit && (
              <Button
                size="small"
                data-testid="accounts-fill-suggested"
                onClick={() => {
                  const empty = data.rows.map((row, index) => ({ row, index })).filter(({ index }) => !(form.getFieldValue(['accounts', index, 'code']) as string)?.trim());
                  applySuggested(empty);
                  void message.info(t('financeSettings.accounts.filledHint', { count: empty.length }));
                }}
              >
                {t('financeSettings.accounts.fillSuggested')}
              </Button>
            )
          }
        >
          <Table<Row>
            size="small"
            rowKey="account"
            pagination={false}
            dataSource={data.rows}
            data-testid="accounts-table"
            columns={[
              { key: 'label', title: t('financeSettings.accounts.account'), width: 170, render: (_, r) => r.label },
              {
                key: 'code',
                title: t('financeSettings.accounts.code'),
                width: 200,
                render: (_, r, index) => (
                  <Form.Item name={['accounts', index, 'code']} style={{ marginBottom: 0 }}>
                    <Input className="mono" data-testid={`account-code-${r.account}`} />
                  </Form.Item>
                ),
              },
              {
                key: 'name',
                title: t('financeSettings.accounts.name'),
                render: (_, r, index) => (
                  <Form.Item name={['accounts', index, 'name']} style={{ marginBottom: 0 }}>
                    <Input placeholder={t('financeSettings.accounts.namePlaceholder')} data-testid={`account-name-${r.account}`} />
                  </Form.Item>
                ),
              },
              {
                key: 'suggested',
                title: t('financeSettings.accounts.suggested'),
                width: 280,
                render: (_, r, index) => (
                  <Flex gap={8} align="center" justify="space-between">
                    <Typography.Text type="secondary">
                      <span className="mono">{r.suggestedCode}</span> {r.suggestedName}
                    </Typography.Text>
                    {canEdit && (
                      <Button size="small" type="link" onClick={() => applySuggested([{ row: r, index }])} data-testid={`account-suggest-${r.account}`}>
                        {t('financeSettings.accounts.useSuggested')}
                      </Button>
                    )}
                  </Flex>
                ),
              },
            ]}
          />
        </Card>
        <Card size="small" title={t('financeSettings.accounts.auxiliary')}>
          <Flex gap={32} wrap>
            <Form.Item name={['auxiliary', 'supplierSource']} label={t('financeSettings.accounts.supplierSource')} style={{ marginBottom: 0 }}>
              <Radio.Group
                options={[
                  { value: 'uscc', label: t('financeSettings.accounts.uscc') },
                  // Codes entered per supplier are kept as they are; choosing them here needs them entered first.
                  { value: 'entered', label: t('financeSettings.accounts.entered', { count: supplierCodes.length }), disabled: supplierCodes.length === 0 },
                ]}
              />
            </Form.Item>
            <Form.Item name={['auxiliary', 'unitSource']} label={t('financeSettings.accounts.unitSource')} style={{ marginBottom: 0 }}>
              <Radio.Group
                options={[
                  { value: 'code', label: t('financeSettings.accounts.unitCode') },
                  { value: 'uscc', label: t('financeSettings.accounts.uscc') },
                  { value: 'entered', label: t('financeSettings.accounts.entered', { count: unitCodes.length }), disabled: unitCodes.length === 0 },
                ]}
              />
            </Form.Item>
          </Flex>
        </Card>
        {canEdit && (
          <StickyActions>
            <Button type="primary" loading={busy} onClick={() => void save()} data-testid="accounts-save">
              {t('financeSettings.save')}
            </Button>
          </StickyActions>
        )}
      </Flex>
    </Form>
  );
}
