import { z } from 'zod';

/**
 * The number series of every document type (单据编号前缀), one fixed list: a number is the prefix, the
 * community's year, a dash and six digits (CG2026-000001), gap-free per prefix and year. A new document type
 * adds its prefix here and to `DB_DOCUMENT_SERIES` in db/schema.ts (a CHECK on `documents.series`, so with a
 * migration). `ML` (目录变更申请) is numbered from the same series table but keeps its own table.
 */
export const DOCUMENT_SERIES = {
  ML: '目录变更申请',
  CG: '采购订单',
  RK: '入库验收单',
  TH: '退货单',
  BS: '报损单',
  QT: '其他出入库单',
  QL: '请领单',
  DB: '调拨单',
  FH: '发货单',
  FP: '发票',
  FK: '付款单',
  TK: '退库单',
  PD: '盘点单',
  CK: '消耗出库单',
  ZH: '召回单',
  JS: '内部结算单',
} as const;
export type DocumentSeries = keyof typeof DOCUMENT_SERIES;
export const DOCUMENT_SERIES_PREFIXES = Object.keys(DOCUMENT_SERIES) as DocumentSeries[];

/**
 * 请求号: the client's id of one posting command (a uuid, or any 8–64 letters, digits, `-` and `_`), so that a
 * double click or a retry after a timeout posts once and answers the first result.
 */
export const requestIdSchema = z
  .string({ error: '请求号必须是文本' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '请求号应为 8–64 位字母、数字、“-”或“_”（如 UUID）' });

/** The optimistic version the client read; a stale one is refused with CONFLICT. */
export const documentVersionSchema = z.number({ error: '版本号必须是数字' }).int({ error: '版本号必须是整数' }).min(1, { error: '版本号从 1 开始' });
