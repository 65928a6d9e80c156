/** The texts of 内部结算与记账凭证, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const booksZh = {
  title: '内部结算与记账凭证',
};

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const booksEn: Texts<typeof booksZh> = {
  title: 'Member books and vouchers',
};
