/** The texts of 应付款与付款单, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const payablesZh = {
  title: '应付款与付款单',
};

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const payablesEn: Texts<typeof payablesZh> = {
  title: 'Payables and payment batches',
};
