/** The texts of 召回与近效期调剂, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const recallsZh = {
  title: '召回与近效期调剂',
};

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const recallsEn: Texts<typeof recallsZh> = {
  title: '召回与近效期调剂',
};
