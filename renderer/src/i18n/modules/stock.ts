/**
 * The stock pages' texts, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened).
 * The module's own file, so each feature's texts live beside each other and not in one long list.
 */
export const stockZh = {
  title: '库存',
};

export const stockEn: { [K in keyof typeof stockZh]: string } = {
  title: 'Stock',
};
