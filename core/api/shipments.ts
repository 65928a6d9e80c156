/** 调拨单 (DB: allocation, pick list, shipping, 签收), 签收差异 and 退库单 (TK). Vocabularies: ./distribution.ts. */
export const shipmentOperations = [] as const;
