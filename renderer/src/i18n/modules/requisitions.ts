/** The texts of 请领单、预算与配送规则, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const requisitionsZh = {
  title: '请领单、预算与配送规则',
};

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const requisitionsEn: Texts<typeof requisitionsZh> = {
  title: '请领单、预算与配送规则',
};
