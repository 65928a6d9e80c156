import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Form, Input, Row, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { clearErrorsOnChange } from '../../forms/zodForm.js';
import { useSubmit } from '../../forms/useSubmit.js';
import { StickyActions } from './FinanceSettingsShared.js';

/** What every column profile has: an id (0 while new), a name, and its columns in file order. */
export interface ColumnProfile<F extends string> {
  id: number;
  name: string;
  columns: { field: F; header: string }[];
  builtIn?: boolean;
}

export interface ColumnProfileEditorProps<F extends string, P extends ColumnProfile<F>> {
  /** Prefix of every test id in the editor (`bank-profile`, `voucher-profile`). */
  testId: string;
  profiles: readonly P[];
  /** The fields a column can take, with their Chinese labels, in the contract's order. */
  fields: readonly { field: F; label: string }[];
  canEdit: boolean;
  /** A new profile's starting values (id 0). */
  blank: () => P;
  /** The save operation's own input schema: problems are shown on their fields in its Chinese. */
  schema: z.ZodType;
  /** Saves through the hub and returns the saved profile (with its id). */
  save: (input: never) => Promise<P>;
  /** The profile's own settings (Form.Items named by the contract's keys), shown beside the columns. */
  settings: ReactNode;
  /** Text of the preview's sample row for a field, as the profile's current settings would write it. */
  sample: (field: F, profile: Partial<P>) => string;
}

/**
 * One editor for every column profile the finance department configures — the bank's 批量代付 file and the
 * accounting software's 记账凭证 import: pick a profile or start a new one, name it, lay out its columns (the value
 * each takes, its header, their order), set the file's own options, preview the header row, save.
 */
export function ColumnProfileEditor<F extends string, P extends ColumnProfile<F>>(props: ColumnProfileEditorProps<F, P>) {
  const { t } = useTranslation();
  const { profiles, testId, canEdit } = props;
  const [selected, setSelected] = useState<number | 'new' | null>(null);
  const [draft, setDraft] = useState<P | null>(null);
  const current: P | null =
    selected === 'new' ? draft : (profiles.find((p) => p.id === selected) ?? (selected === null ? (profiles[0] ?? null) : null));

  const startNew = () => {
    setDraft(props.blank());
    setSelected('new');
  };

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text>{t('financeSettings.profiles.profile')}</Typography.Text>
        <Select
          data-testid={`${testId}-select`}
          style={{ minWidth: 280 }}
          value={selected === 'new' ? 'new' : (current?.id ?? undefined)}
          onChange={(value: number | 'new') => setSelected(value)}
          options={[
            ...profiles.map((p) => ({
              value: p.id,
              label: (
                <span>
                  {p.name}
                  {p.builtIn && (
                    <Tag style={{ marginInlineStart: 8 }} bordered={false}>
                      {t('financeSettings.profiles.builtIn')}
                    </Tag>
                  )}
                </span>
              ),
            })),
            ...(selected === 'new' ? [{ value: 'new' as const, label: <span>{draft?.name || t('financeSettings.profiles.newName')}</span> }] : []),
          ]}
        />
        {canEdit && (
          <Button icon={<PlusOutlined />} onClick={startNew} data-testid={`${testId}-new`}>
            {t('financeSettings.profiles.newProfile')}
          </Button>
        )}
      </Flex>
      {current ? (
        <ProfileForm
          // A fresh form for each profile: switching never carries one profile's edits into another.
          key={selected === 'new' ? 'new' : current.id}
          {...props}
          profile={current}
          onSaved={(saved) => {
            setDraft(null);
            setSelected(saved.id);
          }}
        />
      ) : (
        <Empty description={t('financeSettings.profiles.empty')} />
      )}
    </Flex>
  );
}

function ProfileForm<F extends string, P extends ColumnProfile<F>>({
  testId,
  profile,
  fields,
  canEdit,
  schema,
  save,
  settings,
  sample,
  onSaved,
}: ColumnProfileEditorProps<F, P> & { profile: P; onSaved: (saved: P) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { submit, busy } = useSubmit(form);
  const labelOf = useMemo(() => new Map(fields.map((f) => [f.field, f.label])), [fields]);
  const watched = Form.useWatch('columns', form) as P['columns'] | undefined;
  const columns = watched ?? profile.columns;
  const values = (Form.useWatch((all: Partial<P>) => all, form) as Partial<P> | undefined) ?? profile;
  const { builtIn: _builtIn, ...initial } = profile;

  const onSave = () =>
    submit({
      schema,
      input: { ...(form.getFieldsValue(true) as P), id: profile.id },
      extra: () => {
        const cols = (form.getFieldValue('columns') as P['columns'] | undefined) ?? [];
        const seen = new Set<string>();
        return cols.flatMap((c, index) => {
          if (!c?.field) return [];
          const twice = seen.has(c.field);
          seen.add(c.field);
          return twice ? [{ name: ['columns', index, 'field'], message: t('financeSettings.profiles.duplicate') }] : [];
        });
      },
      send: async (data) => {
        const saved = await save(data as never);
        onSaved(saved);
        return saved;
      },
      success: t('financeSettings.saved'),
    });

  /** A new field's column takes the field's label as its header when the header was empty or still the old label. */
  const changeField = (index: number, previous: F | undefined, next: F) => {
    const header = (form.getFieldValue(['columns', index, 'header']) as string | undefined) ?? '';
    if (header.trim() === '' || (previous && header === labelOf.get(previous))) form.setFieldValue(['columns', index, 'header'], labelOf.get(next) ?? '');
  };

  const fieldOptions = fields.map((f) => ({ value: f.field, label: f.label }));

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={initial}
      disabled={!canEdit}
      onValuesChange={clearErrorsOnChange(form)}
      data-testid={`${testId}-form`}
    >
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('financeSettings.profiles.columns')}>
            <Form.Item name="name" label={t('financeSettings.profiles.name')} style={{ maxWidth: 360 }}>
              <Input data-testid={`${testId}-name`} />
            </Form.Item>
            <Form.List name="columns">
              {(items, { add, remove, move }, { errors }) => (
                <>
                  <Flex gap={8} style={{ paddingBottom: 4, color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
                    <span style={{ width: 28 }}>{t('financeSettings.profiles.columnNo')}</span>
                    <span style={{ width: 190 }}>{t('financeSettings.profiles.field')}</span>
                    <span style={{ flex: 1 }}>{t('financeSettings.profiles.header')}</span>
                  </Flex>
                  {items.map((item, index) => (
                    <Flex key={item.key} gap={8} align="flex-start" data-testid={`${testId}-col-${index}`}>
                      <Typography.Text type="secondary" style={{ width: 28, lineHeight: '30px', textAlign: 'center' }}>
                        {index + 1}
                      </Typography.Text>
                      <Form.Item name={[item.name, 'field']} style={{ width: 190, marginBottom: 6 }}>
                        <Select
                          size="small"
                          options={fieldOptions}
                          data-testid={`${testId}-field-${index}`}
                          onChange={(next: F) => changeField(index, columns[index]?.field, next)}
                        />
                      </Form.Item>
                      <Form.Item name={[item.name, 'header']} style={{ flex: 1, marginBottom: 6 }}>
                        <Input size="small" data-testid={`${testId}-header-${index}`} />
                      </Form.Item>
                      {canEdit && (
                        <Flex gap={4}>
                          <Tooltip title={t('financeSettings.profiles.moveUp')}>
                            <Button
                              size="small"
                              icon={<ArrowUpOutlined />}
                              disabled={index === 0}
                              onClick={() => move(index, index - 1)}
                              aria-label={t('financeSettings.profiles.moveUp')}
                              data-testid={`${testId}-up-${index}`}
                            />
                          </Tooltip>
                          <Tooltip title={t('financeSettings.profiles.moveDown')}>
                            <Button
                              size="small"
                              icon={<ArrowDownOutlined />}
                              disabled={index === items.length - 1}
                              onClick={() => move(index, index + 1)}
                              aria-label={t('financeSettings.profiles.moveDown')}
                              data-testid={`${testId}-down-${index}`}
                            />
                          </Tooltip>
                          <Tooltip title={t('financeSettings.profiles.remove')}>
                            <Button
                              size="small"
                              icon={<DeleteOutlined />}
                              danger
                              onClick={() => remove(index)}
                              aria-label={t('financeSettings.profiles.remove')}
                              data-testid={`${testId}-remove-${index}`}
                            />
                          </Tooltip>
                        </Flex>
                      )}
                    </Flex>
                  ))}
                  <Form.ErrorList errors={errors} />
                  {canEdit && (
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      style={{ marginTop: 4 }}
                      data-testid={`${testId}-add`}
                      onClick={() => {
                        const used = new Set(columns.map((c) => c?.field));
                        const next = fields.find((f) => !used.has(f.field)) ?? fields[0]!;
                        add({ field: next.field, header: next.label });
                      }}
                    >
                      {t('financeSettings.profiles.addColumn')}
                    </Button>
                  )}
                </>
              )}
            </Form.List>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('financeSettings.profiles.settings')}>
            {settings}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('financeSettings.profiles.preview')} style={{ marginTop: 12 }}>
        <Table
          size="small"
          bordered
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid={`${testId}-preview`}
          rowKey={() => 'sample'}
          columns={columns.map((c, index) => ({
            key: `${index}`,
            title: c?.header || labelOf.get(c?.field) || '',
            render: () => <Typography.Text type="secondary">{c?.field ? sample(c.field, values) : ''}</Typography.Text>,
          }))}
          dataSource={[{}]}
        />
      </Card>
      {canEdit && (
        <StickyActions>
          <Button type="primary" loading={busy} onClick={() => void onSave()} data-testid={`${testId}-save`}>
            {t('financeSettings.save')}
          </Button>
        </StickyActions>
      )}
    </Form>
  );
}
