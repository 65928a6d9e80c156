import { App, Button, Flex, Form, Steps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { takeSetupCode } from './setupFragment.js';
import { useTranslation } from 'react-i18next';
import { setupInitialize } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { clearErrorsOnChange, showApiError, validateWith } from '../../forms/zodForm.js';
import { AuthLayout } from '../../layout/AuthLayout.js';
import { AdminStep, CommunityStep, LeadStep, SetupCodeStep } from './fields.js';
import { SetupSummary } from './SetupSummary.js';

export interface SetupValues {
  setupCode: string;
  community: { name: string; institutionCode: string; bankName: string; bankAccountName: string; bankAccountNo: string };
  leadUnit: { code: string; name: string; uscc: string; address: string; contactName: string; contactPhone: string };
  centralStore: { code: string; name: string };
  admin: { username: string; displayName: string; password: string; confirmPassword: string };
}

const INITIAL: SetupValues = {
  setupCode: '',
  community: { name: '', institutionCode: '', bankName: '', bankAccountName: '', bankAccountNo: '' },
  leadUnit: { code: '', name: '', uscc: '', address: '', contactName: '', contactPhone: '' },
  centralStore: { code: '', name: '' },
  admin: { username: '', displayName: '', password: '', confirmPassword: '' },
};

const input = setupInitialize.input;
/** The part of setup.initialize's input each step collects; the last step checks all of it. */
const STEP_SCHEMAS = [
  input.pick({ setupCode: true }),
  input.pick({ community: true }),
  input.pick({ leadUnit: true, centralStore: true }),
  input.pick({ admin: true }),
  input,
];
const STEP_OF_SECTION: Record<string, number> = { setupCode: 0, community: 1, leadUnit: 2, centralStore: 2, admin: 3 };
const LAST = STEP_SCHEMAS.length - 1;

function Summary({ values }: { values: SetupValues }) {
  const parsed = input.safeParse(values);
  return parsed.success ? <SetupSummary values={parsed.data} /> : null;
}

/** The first screen of a new hub: community, general hospital and central store, first administrator. */
export function SetupWizard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<SetupValues>();
  // A code handed over by the desktop (#setup=…) fills the first step, which is then skipped.
  const [initial] = useState<SetupValues>(() => {
    const code = takeSetupCode();
    return code ? { ...INITIAL, setupCode: code } : INITIAL;
  });
  const [step, setStep] = useState(() => (initial.setupCode ? 1 : 0));
  const [busy, setBusy] = useState(false);

  /** Steps back to the first step with a problem, so an error found late is never hidden. */
  const goToFirstError = () => {
    const first = form.getFieldsError().find((f) => f.errors.length > 0);
    const section = first ? String(first.name[0]) : undefined;
    if (section !== undefined && STEP_OF_SECTION[section] !== undefined) setStep(STEP_OF_SECTION[section]);
  };

  const next = () => {
    const values = form.getFieldsValue(true) as SetupValues;
    if (!validateWith(form, STEP_SCHEMAS[step]!, values).ok) return;
    if (step === STEP_OF_SECTION.admin && values.admin.password !== values.admin.confirmPassword) {
      form.setFields([{ name: ['admin', 'confirmPassword'], errors: [t('setup.passwordMismatch')] }]);
      return;
    }
    setStep(step + 1);
  };

  const submit = async () => {
    const values = form.getFieldsValue(true) as SetupValues;
    const checked = validateWith(form, input, values);
    if (!checked.ok) return goToFirstError();
    setBusy(true);
    try {
      await call('setup.initialize', checked.data);
      void message.success(t('setup.done'));
      // The login's guard asks setup.status again once it is invalidated, and now finds the hub set up.
      await client.invalidateQueries({ queryKey: ['setup.status'] });
      await navigate({ to: '/login', replace: true });
    } catch (error) {
      if (showApiError(form, error)) goToFirstError();
      else void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  const steps = [t('setup.stepCode'), t('setup.stepCommunity'), t('setup.stepLead'), t('setup.stepAdmin'), t('setup.stepSummary')];
  return (
    <AuthLayout title={t('setup.title')} subtitle={t('setup.subtitle')} width={780}>
      <Steps size="small" current={step} items={steps.map((title) => ({ title }))} style={{ marginBottom: 24 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={clearErrorsOnChange(form)}
        requiredMark={false}
        onFinish={step === LAST ? submit : next}
      >
        {/* Every step stays mounted, so a problem the hub reports on an earlier step still has a field to land on. */}
        <div hidden={step !== 0}>
          <SetupCodeStep />
        </div>
        <div hidden={step !== 1}>
          <CommunityStep />
        </div>
        <div hidden={step !== 2}>
          <LeadStep />
        </div>
        <div hidden={step !== 3}>
          <AdminStep />
        </div>
        {step === LAST && <Summary values={form.getFieldsValue(true) as SetupValues} />}
        <Flex justify="space-between" style={{ marginTop: 24 }}>
          <Button disabled={step === 0} onClick={() => setStep(step - 1)}>
            {t('common.back')}
          </Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="setup-next">
            {step === LAST ? t('setup.submit') : t('common.next')}
          </Button>
        </Flex>
      </Form>
    </AuthLayout>
  );
}
