import { useQueryClient } from '@tanstack/react-query';
import { Alert, Flex, Form, Input, Radio, Select, Skeleton, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  bankProfileSave,
  VOUCHER_DATE_FORMATS,
  VOUCHER_FIELD_LABELS,
  VOUCHER_FIELDS,
  voucherProfileSave,
  type BankColumnField,
  type BankProfile,
  type OpOutput,
  type VoucherField,
} from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { opKey, useOp } from '../../api/hooks.js';
import { ColumnProfileEditor } from './ColumnProfileEditor.js';

const BANK_SAMPLES: Record<BankColumnField, string> = {
  payeeName: '清源医药有限公司',
  accountNo: '6222 0212 3456 7890',
  bankName: '中国工商银行清源支行',
  bankBranch: '102451000123',
  amount: '12500.00',
  purpose: '药品货款',
  batchNumber: 'FK2026-000001',
  lineNo: '1',
  supplierUscc: '91440000MA5XXXXXX1',
};

/** 银行代付格式: the bank's 批量代付 file layouts (bankProfile.list / bankProfile.save). */
export function FinanceSettingsBankProfiles({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const query = useOp('bankProfile.list', {});
  if (query.error) return <Alert type="error" showIcon title={errorMessage(query.error, t)} />;
  if (!query.data) return <Skeleton active />;
  const { profiles, fields } = query.data;
  return (
    <Flex vertical gap={12}>
      <Alert type="info" showIcon title={t('financeSettings.bank.intro')} />
      <ColumnProfileEditor<BankColumnField, BankProfile>
        testId="bank-profile"
        profiles={profiles}
        fields={fields}
        canEdit={canEdit}
        schema={bankProfileSave.input}
        blank={() => ({
          id: 0,
          name: t('financeSettings.profiles.newName'),
          columns: [
            { field: 'payeeName', header: '收款人名称' },
            { field: 'accountNo', header: '收款账号' },
            { field: 'bankName', header: '开户银行' },
            { field: 'amount', header: '金额' },
            { field: 'purpose', header: '用途' },
          ],
          amountUnit: 'yuan',
          defaultFormat: 'xlsx',
          defaultEncoding: 'utf8bom',
          purpose: '药品货款',
          headerRow: true,
        })}
        save={async (input: BankProfile) => {
          const { profile } = await call('bankProfile.save', input);
          client.setQueryData<OpOutput<'bankProfile.list'>>(opKey('bankProfile.list', {}), (old) =>
            old ? { ...old, profiles: old.profiles.some((p) => p.id === profile.id) ? old.profiles.map((p) => (p.id === profile.id ? profile : p)) : [...old.profiles, profile] } : old,
          );
          return profile;
        }}
        sample={(field, p) => (field === 'amount' && p.amountUnit === 'fen' ? '1250000' : BANK_SAMPLES[field])}
        settings={
          <>
            <Form.Item name="amountUnit" label={t('financeSettings.bank.amountUnit')}>
              <Radio.Group
                data-testid="bank-profile-amount-unit"
                options={[
                  { value: 'yuan', label: t('financeSettings.bank.amountYuan') },
                  { value: 'fen', label: t('financeSettings.bank.amountFen') },
                ]}
              />
            </Form.Item>
            <Form.Item name="defaultFormat" label={t('financeSettings.bank.defaultFormat')}>
              <Radio.Group
                options={[
                  { value: 'xlsx', label: t('financeSettings.bank.xlsx') },
                  { value: 'csv', label: t('financeSettings.bank.csv') },
                ]}
              />
            </Form.Item>
            <Form.Item name="defaultEncoding" label={t('financeSettings.bank.defaultEncoding')}>
              <Radio.Group
                options={[
                  { value: 'utf8bom', label: t('financeSettings.bank.utf8bom') },
                  { value: 'gbk', label: t('financeSettings.bank.gbk') },
                ]}
              />
            </Form.Item>
            <Form.Item name="purpose" label={t('financeSettings.bank.purpose')} extra={t('financeSettings.bank.purposeHelp')}>
              <Input style={{ maxWidth: 280 }} />
            </Form.Item>
            <Form.Item name="headerRow" label={t('financeSettings.bank.headerRow')} extra={t('financeSettings.bank.headerRowHelp')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        }
      />
    </Flex>
  );
}

type VoucherProfileRow = OpOutput<'voucherProfile.list'>['profiles'][number];

const VOUCHER_SAMPLES: Record<VoucherField, string> = {
  date: '2026-11-30',
  year: '2026',
  period: '11',
  word: '记',
  number: '1',
  lineNo: '1',
  summary: '入库 RK2026-000012',
  accountCode: '1302',
  accountName: '库存物品',
  debit: '12500.00',
  credit: '',
  auxSupplier: '91440000MA5XXXXXX1',
  auxUnit: 'QYX',
  attachments: '1',
  preparer: '刘芳',
  documentNumber: 'RK2026-000012',
};

const VOUCHER_FIELD_OPTIONS = VOUCHER_FIELDS.map((field) => ({ field, label: VOUCHER_FIELD_LABELS[field] }));

/** 凭证格式: the 记账凭证 export layouts (voucherProfile.list / voucherProfile.save), 用友 / 金蝶 style. */
export function FinanceSettingsVoucherProfiles({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const query = useOp('voucherProfile.list', {});
  if (query.error) return <Alert type="error" showIcon title={errorMessage(query.error, t)} />;
  if (!query.data) return <Skeleton active />;
  return (
    <Flex vertical gap={12}>
      <Alert type="info" showIcon title={t('financeSettings.voucher.intro')} />
      <ColumnProfileEditor<VoucherField, VoucherProfileRow>
        testId="voucher-profile"
        profiles={query.data.profiles}
        fields={VOUCHER_FIELD_OPTIONS}
        canEdit={canEdit}
        schema={voucherProfileSave.input}
        blank={() => ({
          id: 0,
          builtIn: false,
          name: t('financeSettings.profiles.newName'),
          columns: (['date', 'word', 'number', 'summary', 'accountCode', 'accountName', 'debit', 'credit'] as const).map((field) => ({
            field,
            header: VOUCHER_FIELD_LABELS[field],
          })),
          voucherWord: '记',
          dateFormat: 'YYYY-MM-DD',
          zeroAs: 'blank',
        })}
        save={async (input: VoucherProfileRow) => {
          const { profile } = await call('voucherProfile.save', input);
          client.setQueryData<OpOutput<'voucherProfile.list'>>(opKey('voucherProfile.list', {}), (old) =>
            old ? { ...old, profiles: old.profiles.some((p) => p.id === profile.id) ? old.profiles.map((p) => (p.id === profile.id ? profile : p)) : [...old.profiles, profile] } : old,
          );
          return profile;
        }}
        sample={(field, p) => {
          if (field === 'credit') return p.zeroAs === 'zero' ? '0.00' : '';
          if (field === 'date') return (p.dateFormat ?? 'YYYY-MM-DD').replace('YYYY', '2026').replace('MM', '11').replace('DD', '30');
          if (field === 'word') return p.voucherWord ?? VOUCHER_SAMPLES.word;
          return VOUCHER_SAMPLES[field];
        }}
        settings={
          <>
            <Form.Item name="voucherWord" label={t('financeSettings.voucher.voucherWord')} extra={t('financeSettings.voucher.voucherWordHelp')}>
              <Input style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="dateFormat" label={t('financeSettings.voucher.dateFormat')}>
              <Select style={{ width: 200 }} options={VOUCHER_DATE_FORMATS.map((f) => ({ value: f, label: f }))} />
            </Form.Item>
            <Form.Item name="zeroAs" label={t('financeSettings.voucher.zeroAs')} extra={t('financeSettings.voucher.zeroAsHelp')}>
              <Radio.Group
                options={[
                  { value: 'blank', label: t('financeSettings.voucher.zeroBlank') },
                  { value: 'zero', label: t('financeSettings.voucher.zeroZero') },
                ]}
              />
            </Form.Item>
          </>
        }
      />
    </Flex>
  );
}
