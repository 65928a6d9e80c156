import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Row, Skeleton, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_KINDS, alertSettingsSave, type AlertChannel, type AlertKind, type OpOutput } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { opKey, useOp } from '../../api/hooks.js';
import { useAction } from '../../api/useAction.js';
import { useSubmit } from '../../forms/useSubmit.js';
import { clearErrorsOnChange } from '../../forms/zodForm.js';
import { formatDateTime } from '../../labels.js';
import { PageHeader } from '../../layout/PageHeader.js';

type Got = OpOutput<'alertSettings.get'>;
type View = Got['settings'];
type Delivery = Got['deliveries'][number];

/** The form's values: new addresses and secrets typed in (blank: keep the saved one), recipients as text. */
interface Values {
  wecom: { enabled: boolean; url: string };
  dingtalk: { enabled: boolean; url: string; secret: string; clearSecret: boolean };
  smtp: { enabled: boolean; host: string; port: number | null; secure: boolean; user: string; password: string; from: string; toText: string };
  kinds: AlertKind[];
  scanMinutes: number | null;
  publicUrl: string;
  licenceDays: number | null;
  payableDays: number | null;
  discrepancyDays: number | null;
}

const toValues = (s: View): Values => ({
  wecom: { enabled: s.wecom.enabled, url: '' },
  dingtalk: { enabled: s.dingtalk.enabled, url: '', secret: '', clearSecret: false },
  smtp: { enabled: s.smtp.enabled, host: s.smtp.host, port: s.smtp.port, secure: s.smtp.secure, user: s.smtp.user, password: '', from: s.smtp.from, toText: s.smtp.to.join(', ') },
  kinds: s.kinds,
  scanMinutes: s.scanMinutes,
  publicUrl: s.publicUrl,
  licenceDays: s.licenceDays,
  payableDays: s.payableDays,
  discrepancyDays: s.discrepancyDays,
});

const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim());

const toInput = (v: Values) => ({
  wecom: { enabled: v.wecom.enabled, url: blankToNull(v.wecom.url) },
  dingtalk: { enabled: v.dingtalk.enabled, url: blankToNull(v.dingtalk.url), secret: v.dingtalk.clearSecret ? '' : blankToNull(v.dingtalk.secret) },
  smtp: {
    enabled: v.smtp.enabled,
    host: v.smtp.host,
    port: v.smtp.port,
    secure: v.smtp.secure,
    user: v.smtp.user,
    password: v.smtp.password === '' ? null : v.smtp.password,
    from: v.smtp.from,
    to: v.smtp.toText
      .split(/[,，;；\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  },
  kinds: v.kinds,
  scanMinutes: v.scanMinutes,
  publicUrl: v.publicUrl.trim(),
  licenceDays: v.licenceDays,
  payableDays: v.payableDays,
  discrepancyDays: v.discrepancyDays,
});

/**
 * 提醒推送 (alert.configure): the 企业微信 and 钉钉 group robots (webhook address, 钉钉's 加签 secret), the SMTP mailbox,
 * which kinds are pushed, the scan interval and thresholds; a 发送测试消息 per channel and the latest deliveries.
 * Saved addresses and secrets come back masked: a blank field keeps the saved value.
 */
export function AlertSettingsPage() {
  const { t } = useTranslation();
  const query = useOp('alertSettings.get', {});
  if (query.data) return <SettingsForm got={query.data} />;
  return (
    <>
      <PageHeader title={t('alerts.settings.title')} subtitle={t('alerts.settings.subtitle')} />
      {query.error ? <Alert type="error" showIcon title={errorMessage(query.error, t)} /> : <Skeleton active />}
    </>
  );
}

function ScanNow() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { run, busy } = useAction();
  return (
    <Button
      size="middle"
      loading={busy}
      onClick={() =>
        void run(async () => {
          const summary = await call('alert.scan', {});
          void message.success(t('alerts.settings.scanned', summary));
          await Promise.all(['alertSettings.get', 'alert.list', 'alert.unreadCount'].map((name) => client.invalidateQueries({ queryKey: [name] })));
        })
      }
      data-testid="alert-scan-now"
    >
      {t('alerts.settings.scanNow')}
    </Button>
  );
}

function SettingsForm({ got }: { got: Got }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { submit, busy } = useSubmit(form);
  const test = useAction<AlertChannel>();
  const { settings } = got;

  const save = () =>
    submit({
      schema: alertSettingsSave.input,
      input: toInput(form.getFieldsValue(true) as Values),
      send: async (data) => {
        const result = await call('alertSettings.save', data);
        client.setQueryData<Got>(opKey('alertSettings.get', {}), result);
        form.setFieldsValue(toValues(result.settings));
        return result;
      },
      success: t('alerts.settings.savedOk'),
    });

  const sendTest = (channel: AlertChannel) =>
    test.run(async () => {
      const result = await call('alertSettings.test', { channel });
      if (result.ok) void message.success(t('alerts.settings.testOk', { target: result.target }));
      else void message.error(t('alerts.settings.testFailed', { error: result.error }));
    }, channel);

  const savedHint = (set: boolean, masked: string) => (
    <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
      {set ? t('alerts.settings.saved', { value: masked }) : t('alerts.settings.notSet')}
      {set && ` · ${t('alerts.settings.keepBlank')}`}
    </Typography.Text>
  );

  const channelCard = (channel: AlertChannel, body: ReactNode) => (
    <Card
      size="small"
      title={t(`alerts.settings.${channel}`)}
      style={{ height: '100%' }}
      extra={
        <Flex gap={8} align="center">
          <Form.Item name={[channel, 'enabled']} valuePropName="checked" noStyle>
            <Switch size="small" data-testid={`alert-${channel}-enabled`} />
          </Form.Item>
          <Typography.Text style={{ fontSize: 12 }}>{t('alerts.settings.enabled')}</Typography.Text>
        </Flex>
      }
      actions={[
        <Button key="test" size="small" loading={test.busyKey === channel} onClick={() => void sendTest(channel)} title={t('alerts.settings.testHint')} data-testid={`alert-${channel}-test`}>
          {t('alerts.settings.test')}
        </Button>,
      ]}
    >
      {body}
    </Card>
  );

  return (
    <Form form={form} layout="vertical" requiredMark={false} initialValues={toValues(settings)} onValuesChange={clearErrorsOnChange(form)} size="small">
      <PageHeader
        title={t('alerts.settings.title')}
        subtitle={`${t('alerts.settings.subtitle')}${got.updatedAt ? ` · ${t('alerts.settings.updatedAt', { at: formatDateTime(got.updatedAt) })}` : ''}`}
        actions={
          <>
            <ScanNow />
            <Button type="primary" size="middle" loading={busy} onClick={() => void save()} data-testid="alert-settings-save">
              {t('alerts.settings.save')}
            </Button>
          </>
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={8}>
          {channelCard(
            'wecom',
            <>
              <Form.Item name={['wecom', 'url']} label={t('alerts.settings.webhookUrl')} extra={savedHint(settings.wecom.urlSet, settings.wecom.urlMasked)}>
                <Input placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" autoComplete="off" data-testid="alert-wecom-url" />
              </Form.Item>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
                {t('alerts.settings.wecomHelp')}
              </Typography.Paragraph>
            </>,
          )}
        </Col>
        <Col xs={24} lg={8}>
          {channelCard(
            'dingtalk',
            <>
              <Form.Item name={['dingtalk', 'url']} label={t('alerts.settings.webhookUrl')} extra={savedHint(settings.dingtalk.urlSet, settings.dingtalk.urlMasked)}>
                <Input placeholder="https://oapi.dingtalk.com/robot/send?access_token=…" autoComplete="off" data-testid="alert-dingtalk-url" />
              </Form.Item>
              <Form.Item name={['dingtalk', 'secret']} label={t('alerts.settings.secret')} extra={savedHint(settings.dingtalk.secretSet, settings.dingtalk.secretMasked)}>
                <Input.Password placeholder="SEC…" autoComplete="new-password" data-testid="alert-dingtalk-secret" />
              </Form.Item>
              {settings.dingtalk.secretSet && (
                <Form.Item name={['dingtalk', 'clearSecret']} valuePropName="checked" style={{ marginBottom: 4 }}>
                  <Checkbox>{t('alerts.settings.clearSecret')}</Checkbox>
                </Form.Item>
              )}
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
                {t('alerts.settings.dingtalkHelp')}
              </Typography.Paragraph>
            </>,
          )}
        </Col>
        <Col xs={24} lg={8}>
          {channelCard(
            'smtp',
            <>
              <Row gutter={8}>
                <Col span={16}>
                  <Form.Item name={['smtp', 'host']} label={t('alerts.settings.host')}>
                    <Input placeholder="smtp.exmail.qq.com" data-testid="alert-smtp-host" />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name={['smtp', 'port']} label={t('alerts.settings.port')}>
                    <InputNumber min={1} max={65535} style={{ width: '100%' }} data-testid="alert-smtp-port" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name={['smtp', 'secure']} valuePropName="checked" extra={t('alerts.settings.secureHelp')} style={{ marginBottom: 8 }}>
                <Checkbox>{t('alerts.settings.secure')}</Checkbox>
              </Form.Item>
              <Row gutter={8}>
                <Col span={12}>
                  <Form.Item name={['smtp', 'user']} label={t('alerts.settings.user')}>
                    <Input autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item
                    name={['smtp', 'password']}
                    label={t('alerts.settings.password')}
                    extra={settings.smtp.passwordSet ? t('alerts.settings.keepBlank') : undefined}
                  >
                    <Input.Password autoComplete="new-password" placeholder={settings.smtp.passwordSet ? '••••••' : ''} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name={['smtp', 'from']} label={t('alerts.settings.from')}>
                <Input placeholder="tongcai@example.cn" />
              </Form.Item>
              <Form.Item name={['smtp', 'toText']} label={t('alerts.settings.to')} extra={t('alerts.settings.toHelp')} style={{ marginBottom: 0 }}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} data-testid="alert-smtp-to" />
              </Form.Item>
            </>,
          )}
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('alerts.settings.kinds')} style={{ height: '100%' }}>
            <Form.Item name="kinds" extra={t('alerts.settings.kindsHelp')} style={{ marginBottom: 0 }}>
              <Checkbox.Group options={ALERT_KINDS.map((k) => ({ value: k, label: t(`alerts.kinds.${k}`) }))} />
            </Form.Item>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('alerts.settings.schedule')} style={{ height: '100%' }}>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="scanMinutes" label={t('alerts.settings.scanMinutes')} tooltip={t('alerts.settings.scanMinutesHelp')}>
                  <InputNumber min={0} max={1440} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item name="publicUrl" label={t('alerts.settings.publicUrl')} tooltip={t('alerts.settings.publicUrlHelp')}>
                  <Input placeholder="https://tongcai.example.cn:8443" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="licenceDays" label={t('alerts.settings.licenceDays')} style={{ marginBottom: 0 }}>
                  <InputNumber min={1} max={365} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="payableDays" label={t('alerts.settings.payableDays')} style={{ marginBottom: 0 }}>
                  <InputNumber min={1} max={90} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="discrepancyDays" label={t('alerts.settings.discrepancyDays')} style={{ marginBottom: 0 }}>
                  <InputNumber min={0} max={90} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        </Col>
      </Row>
      <div style={{ marginTop: 12 }}>
        <Deliveries rows={got.deliveries} />
      </div>
    </Form>
  );
}

function Deliveries({ rows }: { rows: Delivery[] }) {
  const { t } = useTranslation();
  const c = (key: string) => t(`alerts.settings.deliveryColumns.${key}`);
  const columns: ColumnsType<Delivery> = [
    { title: c('at'), key: 'at', width: 150, render: (_, d) => formatDateTime(d.at) },
    { title: c('channel'), key: 'channel', width: 130, render: (_, d) => t(`alerts.settings.${d.channel}`) },
    { title: c('target'), dataIndex: 'target', width: 220, ellipsis: true },
    { title: c('alert'), dataIndex: 'alertTitle', ellipsis: true },
    {
      title: c('status'),
      key: 'status',
      width: 80,
      render: (_, d) => <Tag color={d.status === 'sent' ? 'green' : 'red'}>{d.status === 'sent' ? t('alerts.settings.sent') : t('alerts.settings.failed')}</Tag>,
    },
    { title: c('error'), dataIndex: 'error', width: 220, ellipsis: true },
  ];
  return (
    <Card size="small" title={t('alerts.settings.deliveries')}>
      <Table<Delivery>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('alerts.settings.noDeliveries') }}
        data-testid="alert-deliveries"
      />
    </Card>
  );
}
