/** The texts of 本单位库存、盘点、消耗出库与预警, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const memberStockZh = {
  title: '本单位库存、盘点、消耗出库与预警',
};

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const memberStockEn: Texts<typeof memberStockZh> = {
  title: '本单位库存、盘点、消耗出库与预警',
};
