import { Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { PLATFORM_EXCHANGE_LABELS, type PlatformExchange } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';

/** The last platform files of one direction — written for upload (out) or read from the platform (in) — with who and when. */
export function ExchangeHistory({ direction }: { direction: 'in' | 'out' }) {
  const { t } = useTranslation();
  const history = useOp('platformExchange.list', { direction, limit: 20 });
  return (
    <>
      <Typography.Title level={5}>{t(direction === 'out' ? 'platform.exports.history' : 'platform.exports.historyIn')}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        loading={history.isPending}
        pagination={false}
        data-testid={`exchange-history-${direction}`}
        dataSource={history.data?.exchanges ?? []}
        columns={[
          { title: t('platform.exports.at'), dataIndex: 'at', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          { title: t('platform.exports.profile'), dataIndex: 'profile', width: 120 },
          { title: t('platform.exports.exchange'), dataIndex: 'exchange', width: 170, render: (v: PlatformExchange) => PLATFORM_EXCHANGE_LABELS[v] },
          { title: t('platform.exports.fileName'), dataIndex: 'fileName', ellipsis: true },
          { title: t('platform.exports.rows'), dataIndex: 'rowCount', width: 80 },
          { title: t('platform.exports.actor'), dataIndex: 'actorDisplayName', width: 110 },
        ]}
      />
    </>
  );
}
