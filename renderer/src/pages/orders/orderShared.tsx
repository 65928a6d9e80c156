import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderChannel, OrderState } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';

const STATE_COLORS: Record<OrderState, string> = {
  draft: 'default',
  approved: 'blue',
  sent: 'geekblue',
  partly_received: 'orange',
  completed: 'green',
  cancelled: 'red',
  discarded: 'default',
};

export function OrderStateTag({ state }: { state: OrderState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="order-state">
      {t(`purchasing.state.${state}`)}
    </Tag>
  );
}

/** 平台采购 is the normal case (no tag colour); 线下 and 应急 stand out, they count against the 网上采购率. */
export function ChannelTag({ channel }: { channel: OrderChannel }) {
  const { t } = useTranslation();
  const color = channel === 'platform' ? 'default' : channel === 'offline' ? 'gold' : 'volcano';
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }}>
      {t(`purchasing.channel.${channel}`)}
    </Tag>
  );
}

/**
 * The stores an order may receive into: the central store and the member units' stores (直配); the lead
 * hospital's other stores are supplied from the central store, not by suppliers.
 */
export function useReceivingStores() {
  const stores = useOp('store.list', {});
  const community = useOp('community.get', {});
  const leadUnitId = community.data?.community.leadUnitId;
  const list = (stores.data?.stores ?? []).filter((s) => s.active && (s.isCentral || s.unitId !== leadUnitId));
  list.sort((a, b) => Number(b.isCentral) - Number(a.isCentral) || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  return { stores: list, loading: stores.isPending || community.isPending };
}

export function useSupplierOptions() {
  const suppliers = useOp('supplier.list', {});
  return { suppliers: suppliers.data?.suppliers ?? [], loading: suppliers.isPending };
}
