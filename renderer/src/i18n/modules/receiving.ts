/**
 * The receiving pages' texts, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened).
 * The module's own file, so each feature's texts live beside each other and not in one long list.
 */
export const receivingZh = {
  title: '入库验收',
};

export const receivingEn: { [K in keyof typeof receivingZh]: string } = {
  title: 'Receiving',
};
