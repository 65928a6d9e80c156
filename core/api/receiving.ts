/** 入库验收: vocabularies and contracts (operations are added below the vocabularies). */

/** 验收结论 per line: 合格 (all accepted), 部分合格, 拒收. */
export const RECEIPT_CONCLUSIONS = ['accepted', 'partial', 'rejected'] as const;
export type ReceiptConclusion = (typeof RECEIPT_CONCLUSIONS)[number];

export const receivingOperations = [] as const;
