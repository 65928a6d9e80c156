/** The texts of 发票与三单匹配, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const invoicesZh = {
  title: '发票与三单匹配',
};

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const invoicesEn: Texts<typeof invoicesZh> = {
  title: 'Invoices and three-way match',
};
