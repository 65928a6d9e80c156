import { BellOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Badge, Button, Divider, Empty, Flex, Popover, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertRow } from '../../../core/api/index.js';
import { call } from '../api/client.js';
import { useOp } from '../api/hooks.js';

export const SEVERITY_COLOR: Record<AlertRow['severity'], string> = { critical: 'red', warning: 'orange', info: 'blue' };

/** The alert queries every view of alerts shares: refreshed together after a read mark. */
export const ALERT_QUERIES = ['alert.unreadCount', 'alert.list'] as const;

/**
 * 提醒 bell: the signed-in user's unread count (polled every minute and on window focus), a dropdown of the latest
 * open alerts with what to do and a link that opens the page and marks the alert read; 全部已读 and 查看全部.
 */
export function AlertBell() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const count = useOp('alert.unreadCount', {}, { refetchInterval: 60_000, refetchOnWindowFocus: true });
  const latest = useOp('alert.list', { status: 'open', page: 1, pageSize: 6 }, { enabled: open });
  const unread = count.data?.unread ?? 0;
  // A new count (another alert raised) refreshes the list the next time it is opened.
  useEffect(() => {
    void client.invalidateQueries({ queryKey: ['alert.list'] });
  }, [unread, client]);

  const refresh = () => Promise.all(ALERT_QUERIES.map((name) => client.invalidateQueries({ queryKey: [name] })));
  const follow = async (alert: AlertRow) => {
    setOpen(false);
    if (!alert.read) await call('alert.markRead', { ids: [alert.id] }).catch(() => undefined);
    void refresh();
    if (alert.link) void navigate({ href: alert.link });
  };
  const markAll = async () => {
    await call('alert.markAllRead', {}).catch(() => undefined);
    await refresh();
  };

  const rows = latest.data?.alerts ?? [];
  const content = (
    <div style={{ width: 380 }} data-testid="alert-bell-panel">
      <Flex justify="space-between" align="center" style={{ marginBottom: 4 }}>
        <Typography.Text strong>{t('alerts.bell.latest')}</Typography.Text>
        <Button size="small" type="link" disabled={unread === 0} onClick={() => void markAll()} data-testid="alert-bell-mark-all">
          {t('alerts.bell.markAll')}
        </Button>
      </Flex>
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.bell.empty')} style={{ margin: '12px 0' }} />
      ) : (
        <div style={{ maxHeight: 420, overflowY: 'auto' }}>
          {rows.map((a) => (
            <div
              key={a.id}
              role="button"
              tabIndex={0}
              onClick={() => void follow(a)}
              onKeyDown={(e) => e.key === 'Enter' && void follow(a)}
              data-testid="alert-bell-item"
              style={{ padding: '8px 6px', borderBottom: '1px solid #f0f0f0', cursor: 'pointer', background: a.read ? undefined : '#f5f9ff' }}
            >
              <Flex gap={6} align="center" style={{ marginBottom: 2 }}>
                <Tag color={SEVERITY_COLOR[a.severity]} style={{ marginInlineEnd: 0 }}>
                  {t(`alerts.kinds.${a.kind}`)}
                </Tag>
                {!a.read && <Badge status="processing" />}
                {a.unitName && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                    {a.unitName}
                  </Typography.Text>
                )}
              </Flex>
              <Typography.Paragraph style={{ margin: 0, fontSize: 13, fontWeight: a.read ? 400 : 600 }} ellipsis={{ rows: 2 }}>
                {a.title}
              </Typography.Paragraph>
              <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }} ellipsis={{ rows: 2 }}>
                {a.action}
              </Typography.Paragraph>
            </div>
          ))}
        </div>
      )}
      <Divider style={{ margin: '6px 0' }} />
      <Flex justify="center">
        <Button
          type="link"
          size="small"
          onClick={() => {
            setOpen(false);
            void navigate({ to: '/alerts' });
          }}
          data-testid="alert-bell-view-all"
        >
          {t('alerts.bell.viewAll')}
        </Button>
      </Flex>
    </div>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} arrow={false}>
      <Button type="text" aria-label={t('alerts.bell.label')} data-testid="alert-bell" style={{ marginInlineEnd: 4 }}>
        <Badge count={unread} overflowCount={99} size="small" data-testid="alert-bell-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
