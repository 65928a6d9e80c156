/** The texts of 配货、调拨单、签收、签收差异与退库单, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const shipmentsZh = {
  title: '配货、调拨单、签收、签收差异与退库单',
};

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const shipmentsEn: Texts<typeof shipmentsZh> = {
  title: '配货、调拨单、签收、签收差异与退库单',
};
