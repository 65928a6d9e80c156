import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PLATFORM_EXCHANGE_FIELDS,
  PLATFORM_EXCHANGE_LABELS,
  PLATFORM_EXCHANGES,
  isOutgoingExchange,
  type PlatformExchange,
  type PlatformProfile,
  type PlatformProfileProblem,
  type PlatformProfileRecord,
} from '../../../../core/api/index.js';
import { ApiError, call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';

type Draft = PlatformProfile;

const toDraft = (p: PlatformProfileRecord): Draft => ({ name: p.name, label: p.label, account: structuredClone(p.account), exchanges: structuredClone(p.exchanges) });

/** Problems of one path prefix (exchanges.orders_out.columns.3 …). */
const under = (problems: readonly PlatformProfileProblem[], prefix: string) => problems.filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`));

/**
 * One platform profile's editor: the account block, then per exchange a tab with its sheet, header row, the ordered
 * columns (title → field; required fields marked) and the code maps of its coded fields. 检查 runs the hub's
 * validation and shows every problem on its row; 保存 saves with the version loaded (a newer save elsewhere: 冲突).
 */
export function ProfileEditor({ profile, canEdit, onSaved }: { profile: PlatformProfileRecord; canEdit: boolean; onSaved: (saved: PlatformProfileRecord) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Draft>(() => toDraft(profile));
  const [problems, setProblems] = useState<PlatformProfileProblem[] | null>(null);
  const [busy, setBusy] = useState<'validate' | 'save' | null>(null);
  const stores = useOp('store.list', { includeInactive: false });
  const update = (change: (d: Draft) => void) => {
    setDraft((d) => {
      const next = structuredClone(d);
      change(next);
      return next;
    });
  };
  const shown = problems ?? [];

  const validate = async () => {
    setBusy('validate');
    try {
      setProblems((await call('platformProfile.validate', draft)).problems);
    } catch (error) {
      if (error instanceof ApiError && error.fields.length) setProblems(error.fields);
      else void message.error(errorMessage(error, t));
    } finally {
      setBusy(null);
    }
  };
  const save = async () => {
    setBusy('save');
    try {
      const saved = (await call('platformProfile.save', { ...draft, version: profile.version })).profile;
      setProblems([]);
      void message.success(t('platform.profiles.saved', { version: saved.version }));
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION' && error.fields.length) setProblems(error.fields);
      else void message.error(errorMessage(error, t));
    } finally {
      setBusy(null);
    }
  };

  const account = draft.account;
  const accountProblems = under(shown, 'account');
  const tabProblems = (e: PlatformExchange) => under(shown, `exchanges.${e}`).length;

  return (
    <Flex vertical gap={12} data-testid="platform-profile-editor">
      {!canEdit && <Alert type="info" showIcon message={t('platform.profiles.readOnly')} />}
      <Card size="small" title={t('platform.profiles.account')}>
        <Form layout="vertical" disabled={!canEdit}>
          <Row gutter={12}>
            <Col span={6}>
              <Form.Item label={t('platform.profiles.label')} validateStatus={under(shown, 'label').length ? 'error' : ''}>
                <Input value={draft.label} onChange={(e) => update((d) => void (d.label = e.target.value))} data-testid="profile-label" />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item label={t('platform.profiles.medinsCode')} tooltip={t('platform.profiles.medinsCodeHint')}>
                <Input value={account.medinsCode} placeholder={t('platform.profiles.medinsCodeHint')} onChange={(e) => update((d) => void (d.account.medinsCode = e.target.value))} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item label={t('platform.profiles.conerName')}>
                <Input value={account.conerName} onChange={(e) => update((d) => void (d.account.conerName = e.target.value))} data-testid="profile-coner-name" />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item label={t('platform.profiles.conerTel')}>
                <Input value={account.conerTel} onChange={(e) => update((d) => void (d.account.conerTel = e.target.value))} data-testid="profile-coner-tel" />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item label={t('platform.profiles.invottl')}>
                <Input value={account.invottl} onChange={(e) => update((d) => void (d.account.invottl = e.target.value))} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text strong>{t('platform.profiles.addresses')}</Typography.Text>
          <Flex vertical gap={6} style={{ marginTop: 6 }}>
            {account.addresses.map((a, i) => (
              <Space key={i} data-testid={`profile-address-${i}`}>
                <Select
                  style={{ width: 260 }}
                  value={a.storeId}
                  loading={stores.isPending}
                  status={under(shown, `account.addresses.${i}.storeId`).length ? 'error' : ''}
                  options={(stores.data?.stores ?? []).map((s) => ({ value: s.id, label: `${s.unitName} · ${s.name}` }))}
                  onChange={(v: number) => update((d) => void (d.account.addresses[i]!.storeId = v))}
                  placeholder={t('platform.profiles.store')}
                />
                <Input style={{ width: 200 }} value={a.addrId} placeholder={t('platform.profiles.addrId')} onChange={(e) => update((d) => void (d.account.addresses[i]!.addrId = e.target.value))} />
                <Button icon={<DeleteOutlined />} onClick={() => update((d) => void d.account.addresses.splice(i, 1))} />
              </Space>
            ))}
            <div>
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => update((d) => void d.account.addresses.push({ storeId: stores.data?.stores[0]?.id ?? 0, addrId: '' }))}
              >
                {t('platform.profiles.addAddress')}
              </Button>
            </div>
          </Flex>
          {accountProblems.length > 0 && <ProblemList problems={accountProblems} />}
        </Form>
      </Card>
      <Tabs
        type="card"
        size="small"
        items={PLATFORM_EXCHANGES.map((e) => ({
          key: e,
          label: (
            <span data-testid={`profile-tab-${e}`}>
              {PLATFORM_EXCHANGE_LABELS[e]}
              {tabProblems(e) > 0 && (
                <Tag color="error" style={{ marginInlineStart: 6 }}>
                  {tabProblems(e)}
                </Tag>
              )}
            </span>
          ),
          children: <ExchangeTab exchange={e} draft={draft} update={update} problems={shown} canEdit={canEdit} />,
        }))}
      />
      {problems && problems.length === 0 && <Alert type="success" showIcon message={t('platform.profiles.noProblems')} />}
      {shown.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="profile-problems"
          message={t('platform.profiles.problemsTitle', { count: shown.length })}
          description={<ProblemList problems={shown} />}
        />
      )}
      <Flex gap={8} justify="flex-end">
        <Button onClick={() => void validate()} loading={busy === 'validate'} data-testid="profile-validate">
          {t('platform.profiles.validate')}
        </Button>
        {canEdit && (
          <Button type="primary" onClick={() => void save()} loading={busy === 'save'} data-testid="profile-save">
            {t('platform.profiles.save')}
          </Button>
        )}
      </Flex>
    </Flex>
  );
}

function ProblemList({ problems }: { problems: readonly PlatformProfileProblem[] }) {
  return (
    <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
      {problems.map((p, i) => (
        <li key={i}>
          <Typography.Text type="danger">{p.message}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}

function ExchangeTab({
  exchange,
  draft,
  update,
  problems,
  canEdit,
}: {
  exchange: PlatformExchange;
  draft: Draft;
  update: (change: (d: Draft) => void) => void;
  problems: readonly PlatformProfileProblem[];
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const layout = draft.exchanges[exchange];
  const fields = PLATFORM_EXCHANGE_FIELDS[exchange];
  const base = `exchanges.${exchange}`;
  const used = new Set(layout.columns.map((c) => c.field));
  const missing = fields.filter((f) => f.required && !used.has(f.field));
  const edit = (change: (l: Draft['exchanges'][PlatformExchange]) => void) => update((d) => change(d.exchanges[exchange]));
  const move = (i: number, by: number) =>
    edit((l) => {
      const [c] = l.columns.splice(i, 1);
      l.columns.splice(i + by, 0, c!);
    });
  const coded = fields.filter((f) => f.codes);
  const rowProblems = (i: number) => under(problems, `${base}.columns.${i}`);
  const tabLevel = problems.filter((p) => p.path === `${base}.columns` || p.path === `${base}.sheetName` || p.path === `${base}.headerRow`);

  return (
    <Flex vertical gap={10} data-testid={`profile-exchange-${exchange}`}>
      <Space size="large" wrap>
        <Space>
          <Typography.Text>{t('platform.profiles.sheetName')}</Typography.Text>
          <Input
            style={{ width: 200 }}
            disabled={!canEdit}
            value={layout.sheetName}
            status={under(problems, `${base}.sheetName`).length ? 'error' : ''}
            onChange={(e) => edit((l) => void (l.sheetName = e.target.value))}
          />
        </Space>
        <Space>
          <Typography.Text>{t('platform.profiles.headerRow')}</Typography.Text>
          <InputNumber
            style={{ width: 90 }}
            disabled={!canEdit}
            value={layout.headerRow}
            status={under(problems, `${base}.headerRow`).length ? 'error' : ''}
            onChange={(v) => edit((l) => void (l.headerRow = typeof v === 'number' ? v : 0))}
            data-testid={`profile-header-row-${exchange}`}
          />
        </Space>
      </Space>
      <Table
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        dataSource={layout.columns}
        scroll={{ y: 300 }}
        columns={[
          { title: t('platform.profiles.columnNo'), width: 50, render: (_v, _c, i) => i + 1 },
          {
            title: t('platform.profiles.columnTitle'),
            render: (_v, c, i) => (
              <Input
                disabled={!canEdit}
                value={c.title}
                status={under(problems, `${base}.columns.${i}.title`).length ? 'error' : ''}
                onChange={(e) => edit((l) => void (l.columns[i]!.title = e.target.value))}
                data-testid={`column-title-${exchange}-${i}`}
              />
            ),
          },
          {
            title: t('platform.profiles.field'),
            render: (_v, c, i) => (
              <Select
                style={{ width: '100%' }}
                disabled={!canEdit}
                value={c.field}
                status={under(problems, `${base}.columns.${i}.field`).length ? 'error' : ''}
                onChange={(v: string) => edit((l) => void (l.columns[i]!.field = v))}
                options={fields.map((f) => ({ value: f.field, label: `${f.required ? '* ' : ''}${f.label}（${f.field}）` }))}
                showSearch
                optionFilterProp="label"
              />
            ),
          },
          {
            title: '',
            width: 360,
            render: (_v, _c, i) => (
              <Flex gap={4} align="center">
                {canEdit && (
                  <>
                    <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} />
                    <Button size="small" icon={<ArrowDownOutlined />} disabled={i === layout.columns.length - 1} onClick={() => move(i, 1)} />
                    <Button size="small" danger icon={<DeleteOutlined />} onClick={() => edit((l) => void l.columns.splice(i, 1))} />
                  </>
                )}
                {rowProblems(i).length > 0 && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`column-problem-${exchange}-${i}`}>
                    {rowProblems(i)
                      .map((p) => p.message.replace(/^[^：]*：/, ''))
                      .join('；')}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
        ]}
      />
      <Flex gap={8} align="center" wrap>
        {canEdit && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => edit((l) => void l.columns.push({ title: '', field: fields.find((f) => !used.has(f.field))?.field ?? fields[0]!.field }))}
          >
            {t('platform.profiles.addColumn')}
          </Button>
        )}
        {missing.length > 0 && (
          <Typography.Text type="warning">
            {t('platform.profiles.unmappedRequired')}
            {missing.map((f) => f.label).join('、')}
          </Typography.Text>
        )}
      </Flex>
      {tabLevel.length > 0 && <ProblemList problems={tabLevel} />}
      {coded.length > 0 && (
        <Card size="small" title={t('platform.profiles.valueMaps')}>
          {coded.map((f) => {
            const index = layout.valueMaps.findIndex((m) => m.field === f.field);
            const map = index >= 0 ? layout.valueMaps[index]! : null;
            const mapProblems = index >= 0 ? under(problems, `${base}.valueMaps.${index}`) : [];
            return (
              <Flex key={f.field} vertical gap={6} data-testid={`value-map-${exchange}-${f.field}`}>
                <Flex gap={8} align="center">
                  <Typography.Text strong>{t('platform.profiles.valueMapOf', { field: f.label })}</Typography.Text>
                  {canEdit &&
                    (map ? (
                      <Button size="small" onClick={() => edit((l) => void l.valueMaps.splice(index, 1))}>
                        {t('platform.profiles.removeMap')}
                      </Button>
                    ) : (
                      <Button size="small" onClick={() => edit((l) => void l.valueMaps.push({ field: f.field, entries: f.codes!.map((c) => ({ internal: c.value, file: '' })) }))}>
                        {t('platform.profiles.useMap')}
                      </Button>
                    ))}
                </Flex>
                {map ? (
                  <Flex gap={8} wrap>
                    {f.codes!.map((code) => {
                      const e = map.entries.findIndex((x) => x.internal === code.value);
                      return (
                        <Space.Compact key={code.value}>
                          <Input style={{ width: 120 }} value={`${code.label}`} disabled />
                          <Input
                            style={{ width: 80 }}
                            disabled={!canEdit}
                            placeholder={isOutgoingExchange(exchange) ? t('platform.profiles.fileCode') : '—'}
                            value={e >= 0 ? map.entries[e]!.file : ''}
                            status={e >= 0 && under(problems, `${base}.valueMaps.${index}.entries.${e}`).length ? 'error' : ''}
                            onChange={(ev) =>
                              edit((l) => {
                                const m = l.valueMaps[index]!;
                                const at = m.entries.findIndex((x) => x.internal === code.value);
                                const value = ev.target.value;
                                if (at >= 0 && value === '' && !isOutgoingExchange(exchange)) m.entries.splice(at, 1);
                                else if (at >= 0) m.entries[at]!.file = value;
                                else m.entries.push({ internal: code.value, file: value });
                              })
                            }
                          />
                        </Space.Compact>
                      );
                    })}
                  </Flex>
                ) : (
                  <Typography.Text type="secondary">{t('platform.profiles.passThrough')}</Typography.Text>
                )}
                {mapProblems.length > 0 && <ProblemList problems={mapProblems} />}
              </Flex>
            );
          })}
        </Card>
      )}
    </Flex>
  );
}
