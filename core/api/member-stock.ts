/** Member stock: 盘点单 (PD), 消耗出库单 (CK) and stock alerts per unit. Vocabularies: ./distribution.ts. */
export const memberStockOperations = [] as const;
