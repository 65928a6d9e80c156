import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { financeSettingsSave, type OpOutput } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { opKey, useOp } from '../../api/hooks.js';
import { useSubmit } from '../../forms/useSubmit.js';
import { StickyActions } from './FinanceSettingsShared.js';
import { clearErrorsOnChange } from '../../forms/zodForm.js';

type Settings = OpOutput<'financeSettings.get'>['settings'];
type Key = keyof Settings;

/**
 * How each setting is shown: day counts as they are; the LPR (basis points) as % a year; the statutory daily rate
 * (hundredths of a basis point) as ‱ a day; the price tolerance (micro-yuan) in fen. The form's fields keep the
 * contract's names so the hub's problems land on them.
 */
const SCALE: Record<Key, number> = {
  vbpDays: 1,
  smeDays: 1,
  smeMaxDays: 1,
  defaultTermDays: 1,
  lprBp: 100,
  statutoryDailyInterestCentiBp: 100,
  priceToleranceMicro: 10_000,
};
const KEYS = Object.keys(SCALE) as Key[];

type Shown = Record<Key, number | null>;

const toShown = (s: Settings): Shown => Object.fromEntries(KEYS.map((k) => [k, s[k] / SCALE[k]])) as Shown;
const fromShown = (v: Partial<Shown>) =>
  Object.fromEntries(KEYS.map((k) => [k, typeof v[k] === 'number' ? (SCALE[k] === 1 ? v[k] : Math.round(v[k] * SCALE[k])) : v[k]]));

/** 付款规则: the due-date rules and their day counts, late-payment interest and the three-way-match tolerance. */
export function FinanceSettingsRules({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const query = useOp('financeSettings.get', {});
  if (query.error) return <Alert type="error" showIcon title={errorMessage(query.error, t)} />;
  if (!query.data) return <Skeleton active />;
  return <RulesForm settings={query.data.settings} defaults={query.data.defaults} canEdit={canEdit} />;
}

function RulesForm({ settings, defaults, canEdit }: { settings: Settings; defaults: Settings; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Shown>();
  const { submit, busy } = useSubmit(form);
  const shownDefaults = toShown(defaults);

  const save = () =>
    submit({
      schema: financeSettingsSave.input,
      input: fromShown(form.getFieldsValue(true) as Shown),
      send: async (data) => {
        const result = await call('financeSettings.save', data);
        client.setQueryData<OpOutput<'financeSettings.get'>>(opKey('financeSettings.get', {}), (old) => (old ? { ...old, settings: result.settings } : old));
        form.setFieldsValue(toShown(result.settings));
        return result;
      },
      success: t('financeSettings.saved'),
    });

  const field = (key: Key, unit: string, help: string, precision?: number): ReactNode => (
    <Form.Item
      name={key}
      label={
        <span>
          {t(`financeSettings.rules.${labelKey[key]}`)}
          <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
            {t('financeSettings.defaultValue', { value: `${shownDefaults[key]} ${unit}` })}
          </Typography.Text>
        </span>
      }
      extra={help}
    >
      <InputNumber style={{ width: 220 }} suffix={unit} precision={precision} data-testid={`rules-${key}`} />
    </Form.Item>
  );

  const days = t('financeSettings.rules.days');
  return (
    <Form form={form} layout="vertical" requiredMark={false} initialValues={toShown(settings)} disabled={!canEdit} onValuesChange={clearErrorsOnChange(form)}>
      <Card size="small" title={t('financeSettings.rules.dueSection')}>
        <Row gutter={24}>
          <Col xs={24} lg={12}>
            {field('vbpDays', days, t('financeSettings.rules.vbpDaysHelp'))}
          </Col>
          <Col xs={24} lg={12}>
            {field('defaultTermDays', days, t('financeSettings.rules.defaultTermDaysHelp'))}
          </Col>
          <Col xs={24} lg={12}>
            {field('smeDays', days, t('financeSettings.rules.smeDaysHelp'))}
          </Col>
          <Col xs={24} lg={12}>
            {field('smeMaxDays', days, t('financeSettings.rules.smeMaxDaysHelp'))}
          </Col>
        </Row>
      </Card>
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('financeSettings.rules.interestSection')} style={{ height: '100%' }}>
            <Row gutter={24}>
              <Col xs={24} lg={12}>
                {field('lprBp', t('financeSettings.rules.percent'), t('financeSettings.rules.lprHelp'), 2)}
              </Col>
              <Col xs={24} lg={12}>
                {field('statutoryDailyInterestCentiBp', t('financeSettings.rules.dailyInterestUnit'), t('financeSettings.rules.dailyInterestHelp'), 2)}
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('financeSettings.rules.matchSection')} style={{ height: '100%' }}>
            {field('priceToleranceMicro', t('financeSettings.rules.toleranceUnit'), t('financeSettings.rules.toleranceHelp'), 2)}
          </Card>
        </Col>
      </Row>
      {canEdit && (
        <StickyActions>
          <Button
            data-testid="rules-defaults"
            onClick={() => {
              form.setFieldsValue(shownDefaults);
              void message.info(t('financeSettings.rules.restoredHint'));
            }}
          >
            {t('financeSettings.rules.restoreDefaults')}
          </Button>
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="rules-save">
            {t('financeSettings.save')}
          </Button>
        </StickyActions>
      )}
    </Form>
  );
}

const labelKey: Record<Key, string> = {
  vbpDays: 'vbpDays',
  smeDays: 'smeDays',
  smeMaxDays: 'smeMaxDays',
  defaultTermDays: 'defaultTermDays',
  lprBp: 'lpr',
  statutoryDailyInterestCentiBp: 'dailyInterest',
  priceToleranceMicro: 'tolerance',
};
