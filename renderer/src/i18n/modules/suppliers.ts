/**
 * The suppliers pages' texts, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened).
 * The module's own file, so each feature's texts live beside each other and not in one long list.
 */
export const suppliersZh = {
  title: '供应商',
};

export const suppliersEn: { [K in keyof typeof suppliersZh]: string } = {
  title: 'Suppliers',
};
