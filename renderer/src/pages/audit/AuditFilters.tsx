import { SearchOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { contracts } from '../../../../core/api/index.js';
import { operationLabel } from '../../labels.js';

export interface AuditFilterValues {
  range: [Dayjs, Dayjs] | null;
  operation: string | undefined;
  username: string;
}

export const EMPTY_FILTER: AuditFilterValues = { range: null, operation: undefined, username: '' };

/** Only operations that change something leave audit entries, so only they are offered. */
const AUDITED_OPERATIONS = contracts.filter((c) => c.mutates).map((c) => c.name);

/** Turns the form's values into audit.list's input: whole local days, exact operation and username. */
export function toAuditInput(values: AuditFilterValues) {
  const [from, to] = values.range ?? [null, null];
  return {
    ...(from ? { from: from.startOf('day').toISOString() } : {}),
    ...(to ? { to: to.endOf('day').toISOString() } : {}),
    ...(values.operation ? { operation: values.operation } : {}),
    ...(values.username.trim() ? { username: values.username.trim().toLowerCase() } : {}),
    limit: 5000,
  };
}

export function AuditFilters({ onApply }: { onApply: (values: AuditFilterValues) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AuditFilterValues>();
  return (
    <Form form={form} layout="inline" initialValues={EMPTY_FILTER} onFinish={onApply} style={{ rowGap: 8 }}>
      <Form.Item name="range" label={t('audit.dateRange')}>
        <DatePicker.RangePicker style={{ width: 250 }} />
      </Form.Item>
      <Form.Item name="operation" label={t('audit.operation')}>
        <Select
          allowClear
          placeholder={t('audit.operationPlaceholder')}
          options={AUDITED_OPERATIONS.map((name) => ({ value: name, label: operationLabel(t, name) }))}
          style={{ width: 180 }}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
      <Form.Item name="username" label={t('audit.username')}>
        <Input placeholder={t('audit.usernamePlaceholder')} style={{ width: 130 }} allowClear />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
          {t('audit.query')}
        </Button>
      </Form.Item>
      <Form.Item>
        <Button
          icon={<UndoOutlined />}
          onClick={() => {
            form.resetFields();
            onApply(EMPTY_FILTER);
          }}
        >
          {t('audit.reset')}
        </Button>
      </Form.Item>
    </Form>
  );
}
