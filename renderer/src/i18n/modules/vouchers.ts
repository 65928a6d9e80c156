/** The texts of the vouchers screens, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const vouchersZh = {
  title: '记账凭证',
};

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const vouchersEn: Texts<typeof vouchersZh> = {
  title: 'Accounting vouchers',
};
