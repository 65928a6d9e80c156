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
 * the bank-file and voucher column profiles, and the account map. Only the tabs the user may read are shown (the
 * administrator, without invoice.read, sees the formats and the account map, and a note naming who keeps the rest);
 * one the user may read but not change is shown read-only.
 */
export function FinanceSettingsPage() {
  const { t } = useTranslation();
  const canRead = useCan('invoice.read');
  const canConfigure = useCan('finance.configure');
  const canManagePayments = useCan('payment.manage');
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

  const all: { key: Tab; readable: boolean; children: () => ReactNode }[] = [
    { key: 'rules', readable: canRead, children: () => editable(canConfigure, 'financeConfigure', <FinanceSettingsRules canEdit={canConfigure} />) },
    { key: 'terms', readable: canRead, children: () => editable(canManagePayments, 'paymentManage', <FinanceSettingsTerms canEdit={canManagePayments} />) },
    { key: 'bank', readable: canRead, children: () => editable(canConfigure, 'financeConfigure', <FinanceSettingsBankProfiles canEdit={canConfigure} />) },
    { key: 'voucher', readable: canConfigure, children: () => <FinanceSettingsVoucherProfiles canEdit /> },
    { key: 'accounts', readable: canConfigure, children: () => <FinanceSettingsAccounts canEdit /> },
  ];
  const items = all.filter((i) => i.readable).map((i) => ({ key: i.key, children: i.children() }));
  const hidden = all.filter((i) => !i.readable).map((i) => t(`financeSettings.tabs.${i.key}`));
  const [chosen, setTab] = useState<Tab | null>(null);
  const tab = chosen ?? items[0]?.key;

  return (
    <>
      <PageHeader title={t('financeSettings.title')} subtitle={t('financeSettings.subtitle')} />
      {hidden.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('financeSettings.hidden', { tabs: hidden.join('、'), permission: t('financeSettings.permissions.invoiceRead') })}
          data-testid="fs-hidden"
        />
      )}
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
