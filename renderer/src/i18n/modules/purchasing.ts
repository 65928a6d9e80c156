/**
 * The purchase orders pages' texts, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened).
 * The module's own file, so each feature's texts live beside each other and not in one long list.
 */
export const purchasingZh = {
  title: '采购订单',
};

export const purchasingEn: { [K in keyof typeof purchasingZh]: string } = {
  title: 'Purchase orders',
};
