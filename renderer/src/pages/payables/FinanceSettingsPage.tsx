import { Alert, Tabs } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan } from '../../session/SessionContext.js';
import { FinanceSettingsAccounts } from './FinanceSettingsAccounts.js';
import { FinanceSettingsBankProfiles, FinanceSettingsVoucherProfiles } from './FinanceSettingsProfiles.js';
import { FinanceSettingsRules } from './FinanceSettingsRules.js';
import { FinanceSettingsTerms } from './FinanceSettingsTerms.js';

type Tab = 'rules' | 'terms' | 'bank' | 'voucher' | 'accounts';

/**
 * 付款规则与格式 (finance.configure: finance and the administrator): the payment rules, each supplier's contract terms,
 * the bank-file and voucher column profiles, and the account map. A tab whose reading needs a permission the user
 * lacks says so instead of failing; one the user may read but not change is shown read-only.
 */
export function FinanceSettingsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('rules');
  const canRead = useCan('invoice.read');
  const canConfigure = useCan('finance.configure');
  const canManagePayments = useCan('payment.manage');

  const noRead = (permission: string) => (
    <Alert type="warning" showIcon title={t('financeSettings.noRead', { permission: t(`financeSettings.permissions.${permission}`) })} data-testid="fs-no-read" />
  );
  const readOnly = (permission: string, body: ReactNode) => (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('financeSettings.readOnly', { permission: t(`financeSettings.permissions.${permission}`) })}
        data-testid="fs-read-only"
      />
      {body}
    </>
  );
  const editable = (can: boolean, permission: string, body: ReactNode) => (can ? body : readOnly(permission, body));

  const items: { key: Tab; children: ReactNode }[] = [
    { key: 'rules', children: canRead ? editable(canConfigure, 'financeConfigure', <FinanceSettingsRules canEdit={canConfigure} />) : noRead('invoiceRead') },
    { key: 'terms', children: canRead ? editable(canManagePayments, 'paymentManage', <FinanceSettingsTerms canEdit={canManagePayments} />) : noRead('invoiceRead') },
    { key: 'bank', children: canRead ? editable(canConfigure, 'financeConfigure', <FinanceSettingsBankProfiles canEdit={canConfigure} />) : noRead('invoiceRead') },
    { key: 'voucher', children: canConfigure ? <FinanceSettingsVoucherProfiles canEdit /> : noRead('financeConfigure') },
    { key: 'accounts', children: canConfigure ? <FinanceSettingsAccounts canEdit /> : noRead('financeConfigure') },
  ];

  return (
    <>
      <PageHeader title={t('financeSettings.title')} subtitle={t('financeSettings.subtitle')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as Tab)}
        destroyOnHidden
        items={items.map(({ key, children }) => ({
          key,
          label: <span data-testid={`fs-tab-${key}`}>{t(`financeSettings.tabs.${key}`)}</span>,
          children,
        }))}
      />
    </>
  );
}
