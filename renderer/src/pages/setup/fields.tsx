import { Col, Form, Input, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** One labelled input in the wizard's two-column grid; `name` is the path inside setup.initialize's input. */
export function Field({
  name,
  label,
  help,
  span = 12,
  children,
}: {
  name: string[];
  label: string;
  help?: string;
  span?: number;
  children?: ReactNode;
}) {
  return (
    <Col xs={24} md={span}>
      <Form.Item name={name} label={label} extra={help}>
        {children ?? <Input />}
      </Form.Item>
    </Col>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 4 }}>
        {title}
      </Typography.Title>
      <Row gutter={16}>{children}</Row>
    </>
  );
}

/** The one-time code the hub printed on its console: proof that whoever sets the hub up can reach its console. */
export function SetupCodeStep() {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Col span={24}>
        <Typography.Paragraph type="secondary">{t('setup.setupCodeHint')}</Typography.Paragraph>
      </Col>
      <Field name={['setupCode']} label={t('setup.setupCode')} help={t('setup.setupCodeHelp')} span={24}>
        <Input autoComplete="off" spellCheck={false} style={{ fontFamily: 'monospace', letterSpacing: 2 }} placeholder="XXXXX-XXXXX" />
      </Field>
    </Row>
  );
}

export function CommunityStep() {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Field name={['community', 'name']} label={t('setup.communityName')} span={24} />
      <Field name={['community', 'institutionCode']} label={t('setup.institutionCode')} help={t('setup.institutionCodeHelp')} span={24} />
      <Field name={['community', 'bankName']} label={t('setup.bankName')} />
      <Field name={['community', 'bankAccountName']} label={t('setup.bankAccountName')} />
      <Field name={['community', 'bankAccountNo']} label={t('setup.bankAccountNo')} span={24} />
    </Row>
  );
}

export function LeadStep() {
  const { t } = useTranslation();
  return (
    <>
      <Section title={t('setup.leadSection')}>
        <Field name={['leadUnit', 'code']} label={t('setup.leadCode')} span={8} />
        <Field name={['leadUnit', 'name']} label={t('setup.leadName')} span={16} />
        <Field name={['leadUnit', 'uscc']} label={t('setup.uscc')} />
        <Field name={['leadUnit', 'address']} label={t('setup.address')} />
        <Field name={['leadUnit', 'contactName']} label={t('setup.contactName')} />
        <Field name={['leadUnit', 'contactPhone']} label={t('setup.contactPhone')} />
      </Section>
      <Section title={t('setup.storeSection')}>
        <Field name={['centralStore', 'code']} label={t('setup.storeCode')} span={8} />
        <Field name={['centralStore', 'name']} label={t('setup.storeName')} span={16} />
      </Section>
    </>
  );
}

export function AdminStep() {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Field name={['admin', 'username']} label={t('setup.username')} help={t('setup.usernameHelp')}>
        <Input autoComplete="off" />
      </Field>
      <Field name={['admin', 'displayName']} label={t('setup.displayName')} />
      <Field name={['admin', 'password']} label={t('setup.password')} help={t('setup.passwordHelp')}>
        <Input.Password autoComplete="new-password" />
      </Field>
      <Field name={['admin', 'confirmPassword']} label={t('setup.confirmPassword')}>
        <Input.Password autoComplete="new-password" />
      </Field>
    </Row>
  );
}
