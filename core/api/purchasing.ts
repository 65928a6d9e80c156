/** 采购订单 and 采购建议: vocabularies and contracts (operations are added below the vocabularies). */

/** 平台采购 / 线下采购 / 应急采购: the last two need a reason and a second person's approval (网上采购率). */
export const ORDER_CHANNELS = ['platform', 'offline', 'emergency'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

export const purchaseOrderOperations = [] as const;
