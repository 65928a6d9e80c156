/** The stock ledger: vocabularies and contracts (operations are added below the vocabularies). */

/** 医保 3502 库存变更类型 inv_chg_type, with the names the 医保 interface uses. */
export const CHANGE_TYPES = {
  '101': '调拨入库',
  '102': '调拨出库',
  '103': '盘盈',
  '104': '盘损',
  '105': '销毁',
  '106': '其他入库',
  '107': '其他出库',
  '108': '商品采购入库',
  '109': '商品退货出库',
  '110': '赠药入库',
  '111': '赠药退回出库',
} as const;
export type ChangeType = keyof typeof CHANGE_TYPES;
export const CHANGE_TYPE_CODES = Object.keys(CHANGE_TYPES) as ChangeType[];

export const LOCATION_KINDS = ['store', 'transit'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** 正常 / 冻结 (on hold) / 召回 (recalled): only 正常 batches are issued. */
export const BATCH_STATUSES = ['normal', 'on_hold', 'recalled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** 退货 (109) / 报损 (105) / 其他入库 (106) / 其他出库 (107). */
export const ADJUSTMENT_KINDS = ['return', 'loss', 'other_in', 'other_out'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

export const stockOperations = [] as const;
