import type { Db } from '../../db/open.js';
import { communityYear } from '../../core/time.js';
import { applyTransition, createDocument } from '../../core/documents/lifecycle.js';
import { requisitionType } from '../../core/distribution/document-types.js';
import { inTransaction } from '../../core/transaction.js';
import { testContext } from './stock.js';

/**
 * An approved 请领单 written straight through the lifecycle (no requisition rules, no budget): a fixture for the
 * tests of what comes after approval — allocation, shipping, confirmation, recalls — so that they do not depend
 * on the requisition operations. Each line is approved as requested unless `approved` says otherwise.
 */
export function approvedRequisitionForTest(
  db: Db,
  input: { unitId: number; storeId: number; lines: { itemId: number; quantity: number; approved?: number }[] },
): { id: number; lineIds: number[] } {
  const ctx = testContext(db);
  return inTransaction(db.$client, true, () => {
    const document = createDocument(ctx, requisitionType);
    db.$client
      .prepare('INSERT INTO requisitions (document_id, unit_id, store_id, review_unit_id, budget_year, note) VALUES (?, ?, ?, NULL, ?, ?)')
      .run(document.id, input.unitId, input.storeId, communityYear(ctx.now), '测试请领');
    const insert = db.$client.prepare(
      `INSERT INTO requisition_lines (document_id, line_no, item_id, requested_quantity, suggested_quantity, approved_quantity, approve_reason)
       VALUES (?, ?, ?, ?, NULL, ?, ?)`,
    );
    const lineIds = input.lines.map(
      (line, i) =>
        Number(insert.run(document.id, i + 1, line.itemId, line.quantity, line.approved ?? line.quantity, line.approved === undefined || line.approved === line.quantity ? '' : '测试调整').lastInsertRowid),
    );
    applyTransition(ctx, requisitionType, { id: document.id, version: 1, transition: 'submit' });
    applyTransition(ctx, requisitionType, { id: document.id, version: 2, transition: 'approve' });
    return { id: document.id, lineIds };
  });
}
