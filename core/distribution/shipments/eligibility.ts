import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { BatchStatus } from '../../api/stock.js';
import { communityDate } from '../../time.js';
import { distributionSettings } from '../settings.js';
import { unitLevel } from './places.js';

/**
 * Which batches may go to a unit (the allocation rules, shared by FEFO, the swap picker and the swap itself):
 * never an expired, 冻结 (on_hold) or 召回 (recalled) batch, never one whose remaining shelf life at today (China
 * date) is below `minShelfLifeMonths[level of the receiving unit]`; a batch within `nearMinimumMonths` above that
 * minimum is flagged `near_minimum` on the pick list.
 */
export interface ShelfLifeRule {
  today: string;
  /** The earliest 有效期至 a batch may have (today + the level's minimum). */
  minExpiry: string;
  /** Below this 有效期至 an eligible batch is flagged near the minimum. */
  nearExpiry: string;
  minMonths: number;
}

/** `date` plus `months` (a fraction as days of 30), clamped to the month's last day: 2026-08-31 + 6 = 2027-02-28. */
export function addMonths(date: string, months: number): string {
  const whole = Math.floor(months);
  const days = Math.round((months - whole) * 30);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + whole, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  target.setUTCDate(target.getUTCDate() + days);
  return target.toISOString().slice(0, 10);
}

export function shelfLifeRule(db: Db, receivingUnitId: number, now: Date): ShelfLifeRule {
  const settings = distributionSettings(db);
  const minMonths = settings.minShelfLifeMonths[unitLevel(db, receivingUnitId)];
  const today = communityDate(now);
  return { today, minExpiry: addMonths(today, minMonths), nearExpiry: addMonths(today, minMonths + settings.nearMinimumMonths), minMonths };
}

const STATUS_WORDS: Record<BatchStatus, string> = { normal: '正常', on_hold: '已冻结', recalled: '已召回' };

/** Why a batch may not go to the unit ('' when it may). */
export function ineligibility(rule: ShelfLifeRule, batch: { status: BatchStatus; expiry: string }): string {
  if (batch.status !== 'normal') return `批次${STATUS_WORDS[batch.status]}`;
  if (batch.expiry < rule.today) return '已过期';
  if (batch.expiry < rule.minExpiry) return `剩余效期不足 ${rule.minMonths} 个月`;
  return '';
}

export interface CandidateBatch {
  batchId: number;
  batchNo: string;
  expiry: string;
  status: BatchStatus;
  quantity: number;
  reserved: number;
  available: number;
}

/**
 * Every batch of an item with a balance at a location, earliest expiry (then batch id) first. Read through
 * stock_balances(item_id, location_id) — a handful of rows per item whatever the size of the ledger.
 */
export function batchesAt(db: Db, itemId: number, locationId: number): CandidateBatch[] {
  return prepared(
    db.$client,
    `SELECT sb.batch_id AS batchId, b.batch_no AS batchNo, b.expiry, b.status, sb.quantity, sb.reserved, sb.quantity - sb.reserved AS available
     FROM stock_balances sb INDEXED BY stock_balances_item_location_idx JOIN stock_batches b ON b.id = sb.batch_id
     WHERE sb.item_id = @itemId AND sb.location_id = @locationId AND sb.quantity > 0
     ORDER BY b.expiry, b.id`,
  ).all({ itemId, locationId }) as CandidateBatch[];
}

/** The SQL of the FEFO walk, for EXPLAIN QUERY PLAN in the tests. */
// The balance keeps its batch's expiry, so the walk runs down (item, location, expiry, batch) in index order from the
// shortest shelf life allowed and the caller stops as soon as the line is filled: its cost is the batches it takes,
// not everything on hand.
export const FEFO_SQL = `SELECT sb.batch_id AS batchId, b.batch_no AS batchNo, sb.expiry, sb.quantity - sb.reserved AS available
  FROM stock_balances sb INDEXED BY stock_balances_fefo_idx JOIN stock_batches b ON b.id = sb.batch_id
  WHERE sb.item_id = @itemId AND sb.location_id = @locationId AND sb.expiry >= @minExpiry AND sb.quantity > sb.reserved AND b.status = 'normal'
  ORDER BY sb.expiry, sb.batch_id`;

/**
 * Eligible batches with stock available, in FEFO order, read lazily: leave the loop once the line is filled (no
 * other statement may run on the connection until the loop ends).
 */
export function fefoBatches(db: Db, itemId: number, locationId: number, rule: ShelfLifeRule): IterableIterator<{ batchId: number; batchNo: string; expiry: string; available: number }> {
  return prepared(db.$client, FEFO_SQL).iterate({ itemId, locationId, minExpiry: rule.minExpiry }) as IterableIterator<{
    batchId: number;
    batchNo: string;
    expiry: string;
    available: number;
  }>;
}
