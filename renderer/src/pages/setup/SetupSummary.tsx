import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OpParsedInput } from '../../../../core/api/index.js';

/** What will be created, read back as the hub will store it (trimmed, upper-cased), before the one irreversible submit. */
export function SetupSummary({ values }: { values: OpParsedInput<'setup.initialize'> }) {
  const { t } = useTranslation();
  const { community, leadUnit, centralStore, admin } = values;
  const dash = (v: string | undefined) => (v && v.trim() !== '' ? v : '—');
  return (
    <>
      <Typography.Paragraph type="secondary">{t('setup.summaryHint')}</Typography.Paragraph>
      <Descriptions size="small" bordered column={2} title={t('setup.stepCommunity')} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('setup.communityName')} span={2}>
          {dash(community.name)}
        </Descriptions.Item>
        <Descriptions.Item label={t('setup.institutionCode')} span={2}>
          {dash(community.institutionCode)}
        </Descriptions.Item>
        <Descriptions.Item label={t('setup.bankName')}>{dash(community.bankName)}</Descriptions.Item>
        <Descriptions.Item label={t('setup.bankAccountName')}>{dash(community.bankAccountName)}</Descriptions.Item>
        <Descriptions.Item label={t('setup.bankAccountNo')} span={2}>
          {dash(community.bankAccountNo)}
        </Descriptions.Item>
      </Descriptions>
      <Descriptions size="small" bordered column={2} title={t('setup.stepLead')} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('setup.leadSection')} span={2}>
          {dash(leadUnit.code)} · {dash(leadUnit.name)}
        </Descriptions.Item>
        <Descriptions.Item label={t('setup.uscc')}>{dash(leadUnit.uscc)}</Descriptions.Item>
        <Descriptions.Item label={t('setup.address')}>{dash(leadUnit.address)}</Descriptions.Item>
        <Descriptions.Item label={t('setup.contactName')}>{dash(leadUnit.contactName)}</Descriptions.Item>
        <Descriptions.Item label={t('setup.contactPhone')}>{dash(leadUnit.contactPhone)}</Descriptions.Item>
        <Descriptions.Item label={t('setup.storeSection')} span={2}>
          {dash(centralStore.code)} · {dash(centralStore.name)}
        </Descriptions.Item>
      </Descriptions>
      <Descriptions size="small" bordered column={2} title={t('setup.stepAdmin')}>
        <Descriptions.Item label={t('setup.username')}>{dash(admin.username)}</Descriptions.Item>
        <Descriptions.Item label={t('setup.displayName')}>{dash(admin.displayName)}</Descriptions.Item>
      </Descriptions>
    </>
  );
}
