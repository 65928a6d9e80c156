import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Alert, Badge, Button, Flex, Segmented, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_KINDS, type AlertKind, type AlertRow } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { useAction } from '../../api/useAction.js';
import { formatDateTime } from '../../labels.js';
import { ALERT_QUERIES, SEVERITY_COLOR } from '../../layout/AlertBell.js';
import { PageHeader } from '../../layout/PageHeader.js';

type Status = 'open' | 'unread' | 'resolved' | 'all';
const STATUSES: Status[] = ['open', 'unread', 'resolved', 'all'];
const PAGE_SIZE = 20;

/**
 * 提醒: the signed-in user's alerts (those of their permissions; a member unit's pharmacist only their own unit's),
 * open by default, with what to do and a link to the page that deals with each. Opening one marks it read.
 */
export function AlertsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const { run, busyKey } = useAction<string>();
  const [status, setStatus] = useState<Status>('open');
  const [kind, setKind] = useState<AlertKind | undefined>(undefined);
  const [page, setPage] = useState(1);
  const input = { status, page, pageSize: PAGE_SIZE, ...(kind ? { kind } : {}) };
  const list = useOp('alert.list', input, { placeholderData: (previous) => previous });

  const refresh = () => Promise.all(ALERT_QUERIES.map((name) => client.invalidateQueries({ queryKey: [name] })));
  const markRead = (ids: number[], key: string) =>
    run(async () => {
      await call('alert.markRead', { ids });
      await refresh();
    }, key);
  const follow = async (a: AlertRow) => {
    if (!a.read) await markRead([a.id], `open:${a.id}`);
    if (a.link) void navigate({ href: a.link });
  };

  const columns: ColumnsType<AlertRow> = [
    {
      title: t('alerts.columns.kind'),
      key: 'kind',
      width: 132,
      render: (_, a) => (
        <Flex gap={6} align="center">
          {!a.read && a.resolvedAt === null && (
            <Tooltip title={t('alerts.unread')}>
              <Badge status="processing" />
            </Tooltip>
          )}
          <Tag color={a.resolvedAt ? 'default' : SEVERITY_COLOR[a.severity]} style={{ marginInlineEnd: 0 }}>
            {t(`alerts.kinds.${a.kind}`)}
          </Tag>
        </Flex>
      ),
    },
    {
      title: t('alerts.columns.title'),
      key: 'title',
      render: (_, a) => (
        <div>
          <Typography.Text strong={!a.read && a.resolvedAt === null} data-testid="alert-title">
            {a.title}
          </Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.resolvedAt ? t('alerts.resolvedHint') : a.action}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('alerts.columns.unit'), key: 'unit', width: 130, ellipsis: true, render: (_, a) => a.unitName ?? t('alerts.communityWide') },
    {
      title: status === 'resolved' ? t('alerts.columns.resolvedAt') : t('alerts.columns.raisedAt'),
      key: 'at',
      width: 150,
      render: (_, a) => formatDateTime(status === 'resolved' ? a.resolvedAt : a.raisedAt),
    },
    {
      title: t('alerts.columns.link'),
      key: 'link',
      width: 150,
      render: (_, a) => (
        <Flex gap={4}>
          {a.link && (
            <Button size="small" type="primary" ghost loading={busyKey === `open:${a.id}`} onClick={() => void follow(a)} data-testid="alert-open">
              {t('alerts.open')}
            </Button>
          )}
          {!a.read && a.resolvedAt === null && (
            <Button size="small" type="text" loading={busyKey === `read:${a.id}`} onClick={() => void markRead([a.id], `read:${a.id}`)} data-testid="alert-mark-read">
              {t('alerts.markRead')}
            </Button>
          )}
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('alerts.title')}
        subtitle={t('alerts.subtitle')}
        actions={
          <Button
            disabled={(list.data?.unread ?? 0) === 0}
            loading={busyKey === 'all'}
            onClick={() =>
              void run(async () => {
                await call('alert.markAllRead', {});
                await refresh();
              }, 'all')
            }
            data-testid="alerts-mark-all"
          >
            {t('alerts.markAll')}
          </Button>
        }
      />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<Status>
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={STATUSES.map((s) => ({ value: s, label: s === 'unread' && list.data ? `${t('alerts.status.unread')} ${list.data.unread}` : t(`alerts.status.${s}`) }))}
          data-testid="alerts-status"
        />
        <Select<AlertKind | ''>
          style={{ width: 180 }}
          value={kind ?? ''}
          onChange={(value) => {
            setKind(value === '' ? undefined : value);
            setPage(1);
          }}
          options={[{ value: '', label: t('alerts.allKinds') }, ...ALERT_KINDS.map((k) => ({ value: k, label: t(`alerts.kinds.${k}`) }))]}
          data-testid="alerts-kind"
        />
      </Flex>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 12 }} />}
      <Table<AlertRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.alerts ?? []}
        loading={list.isFetching && !list.data}
        locale={{ emptyText: t('alerts.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        data-testid="alerts-table"
      />
    </>
  );
}
