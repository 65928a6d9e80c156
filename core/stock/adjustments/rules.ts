import { prepared } from '../../../db/statements.js';
import type { AdjustmentLineInput } from '../../api/adjustments.js';
import { parseExpiry } from '../../api/expiry.js';
import type { AdjustmentKind, BatchStatus } from '../../api/stock.js';
import type { OperationContext } from '../../context.js';
import { DomainError, type FieldProblem } from '../../errors.js';
import { ADJUSTMENT_MOVES } from '../adjustment-types.js';

/**
 * The rules of a 退货/报损/其他出入库 line, checked when a draft is saved and again when it posts (stock may have
 * moved since): every problem is reported at once, each on its line's field.
 *
 * - 退货, 报损, 其他出库 name a batch on hand in the store; the quantity cannot exceed what is available there.
 * - 退货 goes back to the supplier the batch came from: every batch's supplier is the document's supplier.
 * - 其他出库 only of 正常 batches; a 冻结 or 召回 batch is exactly what is returned or destroyed, so 退货 and 报损
 *   take any status.
 * - 其他入库 names a known batch, or gives a new one as printed: 批号, 有效期 (parseExpiry), cost per purchase pack
 *   (the line has no 生产日期 column: a batch made here has none).
 */
export interface ResolvedLine {
  itemId: number;
  batchId: number | null;
  batchNo: string;
  expiry: string | null;
  productionDate: string | null;
  costMicro: number | null;
  quantity: number;
  reason: string;
}

interface BatchRow {
  itemId: number;
  batchNo: string;
  status: BatchStatus;
  supplierId: number | null;
  supplierName: string | null;
}

const STATUS_WORDS: Record<BatchStatus, string> = { normal: '正常', on_hold: '已冻结', recalled: '已召回' };

type Line = Omit<AdjustmentLineInput, 'batchId' | 'batchNo' | 'expiry' | 'costMicro' | 'reason'> & {
  batchId: number | null;
  batchNo: string;
  expiry: string;
  costMicro: number | null;
  reason: string;
};

export function checkAdjustment(
  ctx: OperationContext,
  draft: { kind: AdjustmentKind; storeId: number; supplierId: number | null; lines: readonly Line[] },
): { supplierId: number | null; lines: ResolvedLine[] } {
  const db = ctx.db.$client;
  const problems: FieldProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const out = ADJUSTMENT_MOVES[draft.kind].direction === 'out';
  const store = prepared(db, 'SELECT s.name, s.active, l.id AS locationId FROM stores s JOIN stock_locations l ON l.store_id = s.id WHERE s.id = ?').get(
    draft.storeId,
  ) as { name: string; active: number; locationId: number } | undefined;
  if (!store) throw new DomainError('VALIDATION', '所选库房不存在', [{ path: 'storeId', message: '所选库房不存在' }]);

  let supplierId: number | null = null;
  let supplierName = '';
  if (draft.kind === 'return' && draft.supplierId !== null) {
    const row = prepared(db, 'SELECT name FROM suppliers WHERE id = ?').get(draft.supplierId) as { name: string } | undefined;
    if (!row) problem('supplierId', '所选供应商不存在');
    else [supplierId, supplierName] = [draft.supplierId, row.name];
  }

  const needed = new Map<number, number>();
  const resolved: ResolvedLine[] = [];
  draft.lines.forEach((line, i) => {
    const at = (field: string) => `lines.${i}.${field}`;
    const item = prepared(db, 'SELECT generic_name AS name, base_unit AS unit FROM formulary_items WHERE id = ?').get(line.itemId) as { name: string; unit: string } | undefined;
    if (!item) {
      problem(at('itemId'), '所选品种不存在');
      return;
    }
    const base = { itemId: line.itemId, quantity: line.quantity, reason: line.reason };
    if (line.batchId === null) {
      if (draft.kind !== 'other_in') {
        problem(at('batchId'), '请选择本库房的在库批次');
        return;
      }
      const batchNo = line.batchNo.trim();
      if (!batchNo) problem(at('batchNo'), '请填写批号');
      const expiry = parseExpiry(line.expiry);
      if (!expiry.ok) problem(at('expiry'), expiry.reason);
      if (line.costMicro === null) problem(at('costMicro'), '请填写成本单价（每采购包装）');
      resolved.push({ ...base, batchId: null, batchNo, expiry: expiry.ok ? expiry.date : null, productionDate: null, costMicro: line.costMicro });
      return;
    }
    const batch = prepared(
      db,
      `SELECT b.item_id AS itemId, b.batch_no AS batchNo, b.status, b.supplier_id AS supplierId, sp.name AS supplierName
       FROM stock_batches b LEFT JOIN suppliers sp ON sp.id = b.supplier_id WHERE b.id = ?`,
    ).get(line.batchId) as BatchRow | undefined;
    if (!batch) {
      problem(at('batchId'), '所选批次不存在');
      return;
    }
    if (batch.itemId !== line.itemId) {
      problem(at('batchId'), `批号 ${batch.batchNo} 不是「${item.name}」的批次`);
      return;
    }
    resolved.push({ ...base, batchId: line.batchId, batchNo: batch.batchNo, expiry: null, productionDate: null, costMicro: null });
    if (!out) return;
    const balance = prepared(db, 'SELECT quantity - reserved AS available FROM stock_balances WHERE batch_id = ? AND location_id = ?').get(
      line.batchId,
      store.locationId,
    ) as { available: number } | undefined;
    const total = (needed.get(line.batchId) ?? 0) + line.quantity;
    needed.set(line.batchId, total);
    if (!balance || balance.available <= 0) problem(at('batchId'), `「${item.name}」批号 ${batch.batchNo} 在「${store.name}」没有可用库存`);
    else if (total > balance.available) {
      problem(at('quantity'), `库存不足：「${item.name}」批号 ${batch.batchNo} 在「${store.name}」可用 ${balance.available}${item.unit}，本单共需 ${total}${item.unit}`);
    }
    if (draft.kind === 'other_out' && batch.status !== 'normal') {
      problem(at('batchId'), `批号 ${batch.batchNo} ${STATUS_WORDS[batch.status]}，不能其他出库；冻结或召回的批次请做退货或报损`);
    }
    if (draft.kind === 'return') {
      if (batch.supplierId === null) problem(at('batchId'), `批号 ${batch.batchNo} 不是从供应商购入的，不能退货`);
      else if (supplierId === null && draft.supplierId === null) [supplierId, supplierName] = [batch.supplierId, batch.supplierName ?? ''];
      else if (supplierId !== null && batch.supplierId !== supplierId) {
        problem(at('batchId'), `批号 ${batch.batchNo} 购自「${batch.supplierName ?? ''}」，不能退给「${supplierName}」：退货须退回原供应商`);
      }
    }
  });
  if (draft.kind === 'return' && supplierId === null && problems.length === 0) problem('supplierId', '请选择退货供应商');
  if (problems.length > 0) throw new DomainError('VALIDATION', problems.length === 1 ? problems[0]!.message : `单据有 ${problems.length} 处问题，请逐行修改`, problems);
  return { supplierId: draft.kind === 'return' ? supplierId : null, lines: resolved };
}
